"""Organizer-editable email text: the one mechanism every editable email uses (reviewer
invitations, review reminders, decisions).

A text has ``{{ name }}`` placeholders; no template engine runs on organizer text: a known
placeholder is replaced by its value, anything else stays as typed. Without a workshop's
own text (a ``MailTemplate`` row), or for an empty part of it, the default is the source of
templates/emails/<name>.subject.txt and <name>.txt.
"""

import re
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import get_template

from notifications.models import MailTemplate
from topics.models import Workshop

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def placeholders_render(text: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def placeholders_check(*, text: str, allowed: Sequence[str]) -> None:
    unknown = sorted(placeholders_in(text) - set(allowed))
    if unknown:
        raise ValidationError(
            "Unknown placeholders: " + ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        )


def mail_template_default(*, name: str) -> tuple[str, str]:
    """The subject and body of templates/emails/<name>.*, unrendered."""
    subject = get_template(f"emails/{name}.subject.txt").template.source
    body = get_template(f"emails/{name}.txt").template.source
    return subject.strip(), body


def mail_template_custom(*, workshop: Workshop, name: str) -> MailTemplate | None:
    return MailTemplate.objects.filter(workshop=workshop, name=name).first()


def mail_template_text(*, workshop: Workshop, name: str) -> tuple[str, str]:
    """The workshop's subject and body for this email, each part its own or the default."""
    custom = mail_template_custom(workshop=workshop, name=name)
    if custom is not None and custom.subject and custom.body:
        return custom.subject, custom.body
    subject, body = mail_template_default(name=name)
    if custom is None:
        return subject, body
    return custom.subject or subject, custom.body or body


@transaction.atomic
def mail_template_save(
    *, workshop: Workshop, name: str, subject: str, body: str, allowed: Sequence[str]
) -> MailTemplate | None:
    """Keep the workshop's own text (after checking its placeholders); both parts empty
    means the default again."""
    placeholders_check(text=subject + body, allowed=allowed)
    if not subject.strip() and not body.strip():
        mail_template_reset(workshop=workshop, name=name)
        return None
    template, _ = MailTemplate.objects.update_or_create(
        workshop=workshop, name=name, defaults={"subject": subject.strip(), "body": body}
    )
    return template


def mail_template_reset(*, workshop: Workshop, name: str) -> None:
    MailTemplate.objects.filter(workshop=workshop, name=name).delete()
