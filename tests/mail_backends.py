"""Email backends that behave like SMTP servers in trouble (stand-ins for the server only)."""

import os
import smtplib
import time
import uuid
from pathlib import Path

from django.core.mail.backends import filebased
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


class SlowFileBackend(filebased.EmailBackend):
    """The filebased backend behind a slow server. Before each message it drops a marker
    `<outbox id>.<n>.sending` in FOMO_TEST_MAIL_MARKERS (so a test knows which email is in
    flight), then waits FOMO_TEST_MAIL_DELAY seconds, then writes the message."""

    def send_messages(self, email_messages):
        markers = Path(os.environ["FOMO_TEST_MAIL_MARKERS"])
        for message in email_messages:
            email_id = message.extra_headers.get("X-Fomo-Email-Id", "none")
            (markers / f"{email_id}.{uuid.uuid4().hex}.sending").touch()
        time.sleep(float(os.environ.get("FOMO_TEST_MAIL_DELAY", "0.3")))
        return super().send_messages(email_messages)
