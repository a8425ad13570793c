"""Email backends that behave like SMTP servers in trouble (stand-ins for the server only)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class TemporaryFailureBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPResponseException(451, b"4.3.0 Try again later")


class PermanentFailureBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"5.1.1 No such user")})


class ConnectionRefusedBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")
