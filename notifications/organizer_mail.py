"""Mail to new co-organizers, and mail texts carried over to a workshop's next edition."""

from django.conf import settings
from django.template.defaultfilters import linebreaks
from django.urls import reverse
from django.utils.html import escape, urlize

from notifications.mail_templates import mail_template_text, placeholders_render
from notifications.models import MailTemplate
from notifications.services import email_queue_rendered

ORGANIZER_ADDED_TEMPLATE = "organizer_added"
ORGANIZER_INVITATION_TEMPLATE = "organizer_invitation"

# The variables these texts may use, as {{ name }}.
ORGANIZER_PLACEHOLDERS = (
    "workshop_name",
    "workshop_short_name",
    "organizer_name",
    "invited_email",
    "manage_url",
    "signup_url",
    "site_url",
)


def _values(workshop, *, by, email: str) -> dict[str, str]:
    settings_path = reverse("topics:settings", kwargs={"workshop": workshop.slug})
    return {
        "workshop_name": workshop.name,
        "workshop_short_name": workshop.short_name,
        "organizer_name": by.full_name if by else f"The {workshop.short_name} organizers",
        "invited_email": email,
        "manage_url": settings.SITE_URL + settings_path,
        "signup_url": settings.SITE_URL + reverse("account_signup"),
        "site_url": settings.SITE_URL,
    }


def _queue(*, name: str, workshop, to: str, values: dict, about, key: str | None) -> None:
    subject, body = mail_template_text(workshop=workshop, name=name)
    body = placeholders_render(body, values)
    email_queue_rendered(
        to=[to],
        subject=placeholders_render(subject, values),
        body_text=body,
        body_html=linebreaks(urlize(escape(body))),
        kind=name,
        workshop=workshop,
        about=about,
        idempotency_key=key,
    )


def organizer_added_notify(sender, *, workshop, user, by, **kwargs) -> None:
    _queue(
        name=ORGANIZER_ADDED_TEMPLATE,
        workshop=workshop,
        to=user.email,
        values=_values(workshop, by=by, email=user.email),
        about=workshop,
        key=None,  # queued in the adding transaction; added again later, told again
    )


def organizer_invited_notify(sender, *, invitation, **kwargs) -> None:
    _queue(
        name=ORGANIZER_INVITATION_TEMPLATE,
        workshop=invitation.workshop,
        to=invitation.email,
        values=_values(invitation.workshop, by=invitation.invited_by, email=invitation.email),
        about=invitation,
        key=f"organizer-invitation:{invitation.pk}",
    )


def mail_templates_copy(sender, *, source, target, **kwargs) -> None:
    """The earlier edition's own mail texts become the next edition's."""
    MailTemplate.objects.bulk_create(
        MailTemplate(workshop=target, name=text.name, subject=text.subject, body=text.body)
        for text in MailTemplate.objects.filter(workshop=source)
    )
