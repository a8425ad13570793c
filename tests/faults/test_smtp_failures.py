"""A real SMTP server (aiosmtpd, in this process) answering 4xx, then 250, or 5xx.

The worker talks SMTP to it: a 451 is retried (OUTBOX_RETRY_DELAY_SECONDS=1 instead of
30) and the message is delivered once; a 550, at RCPT or at the end of DATA, marks the
email failed at once and it is never tried again.
"""

import threading
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from bench.services import free_port
from notifications.enums import EmailStatus
from notifications.models import OutgoingEmail
from notifications.services import email_queue_rendered, email_requeue_stale
from tests.celery_helpers import celery_broker
from tests.worker import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


class ScriptedServer:
    """Answers by recipient: tempfail@ gets 451 on its first DATA, nouser@ a 550 at RCPT,
    reject@ a 550 at the end of DATA; everything else is accepted."""

    def __init__(self):
        self.lock = threading.Lock()
        self.attempts: Counter = Counter()  # DATA commands (or refused RCPTs) per recipient
        self.accepted: Counter = Counter()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nouser@"):
            with self.lock:
                self.attempts[address] += 1
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        (address,) = envelope.rcpt_tos
        with self.lock:
            self.attempts[address] += 1
            if address.startswith("tempfail@") and self.attempts[address] == 1:
                return "451 4.3.0 Mailbox busy, try again later"
            if address.startswith("reject@"):
                return "550 5.7.1 Message refused"
            self.accepted[address] += 1
        return "250 2.0.0 Queued"


@pytest.fixture
def smtp_server():
    handler = ScriptedServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def queue(address: str) -> OutgoingEmail:
    return email_queue_rendered(
        to=[address], subject=f"For {address}", body_text="Hello.", kind="smtp_fault"
    )


def test_smtp_451_is_retried_and_delivered_once_550_fails_without_retry(
    private_redis, start_worker, smtp_server
):
    broker = private_redis.url(0)
    start_worker(
        broker,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_server.port),
        EMAIL_TIMEOUT="5",
        OUTBOX_RETRY_DELAY_SECONDS="1",
    )
    with celery_broker(broker):
        busy = queue("tempfail@lab.example.org")
        no_user = queue("nouser@lab.example.org")
        refused = queue("reject@lab.example.org")
        fine = queue("ada@lab.example.org")

        def settled():
            return not OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).exists()

        assert wait_until(settled, timeout=60)
        # Beat's requeue only looks at queued rows: failed ones are never sent again.
        assert email_requeue_stale(older_than_seconds=0) == 0
        wait_until(lambda: False, timeout=3)

    for email in (busy, no_user, refused, fine):
        email.refresh_from_db()
    assert (busy.status, busy.attempts) == (EmailStatus.SENT, 2)
    assert (fine.status, fine.attempts) == (EmailStatus.SENT, 1)
    assert (no_user.status, no_user.attempts) == (EmailStatus.FAILED, 1)
    assert "550" in no_user.last_error
    assert (refused.status, refused.attempts) == (EmailStatus.FAILED, 1)
    assert "550" in refused.last_error
    assert smtp_server.attempts == {
        "tempfail@lab.example.org": 2,
        "nouser@lab.example.org": 1,
        "reject@lab.example.org": 1,
        "ada@lab.example.org": 1,
    }
    assert smtp_server.accepted == {"tempfail@lab.example.org": 1, "ada@lab.example.org": 1}
