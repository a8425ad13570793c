from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

from notifications.services import email_queue_rendered


class FomoAccountAdapter(DefaultAccountAdapter):
    """Route allauth's mail through the outbox and keep redirects on our own site."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        context = {**context, "site_url": settings.SITE_URL, "current_site": site}
        subject = render_to_string(f"{template_prefix}_subject.txt", context, self.request)
        subject = self.format_email_subject(" ".join(subject.split()))
        body = render_to_string(f"{template_prefix}_message.txt", context, self.request)
        email_queue_rendered(
            to=[email],
            subject=subject,
            body_text=body,
            body_html="",
            kind=template_prefix.rsplit("/", 1)[-1],
        )

    def is_safe_url(self, url: str | None) -> bool:
        return bool(url) and url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
