"""A send that outlives the broker's visibility timeout is delivered to a second worker.

The workers run with CELERY_VISIBILITY_TIMEOUT=2 and a mail server that takes 4 s per
message, so Redis hands every send_email message to the other worker while the first is
still sending it. The second one waits on the row lock, then finds the row sent: each email
reaches the mail dir once, with one attempt.
"""

import re

import pytest
from django.db import connection

from notifications.enums import EmailStatus
from notifications.models import OutgoingEmail
from notifications.services import email_queue_rendered
from tests.celery_helpers import celery_broker
from tests.faults.conftest import delivered
from tests.worker import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

RECEIVED = re.compile(r"Task fomo\.notifications\.send_email\[([0-9a-f-]+)\] received")


def test_send_outliving_visibility_timeout_is_redelivered_but_sent_once(
    tmp_path, private_redis, start_worker, mail_dir
):
    if connection.vendor != "postgresql":
        pytest.skip("two workers on one outbox row need PostgreSQL's row locks")
    markers = tmp_path / "markers"
    markers.mkdir()
    env = {
        "EMAIL_BACKEND": "tests.mail_backends.SlowFileBackend",
        "FOMO_TEST_MAIL_MARKERS": str(markers),
        "FOMO_TEST_MAIL_DELAY": "4",
        "CELERY_VISIBILITY_TIMEOUT": "2",
    }
    broker = private_redis.url(0)
    workers = [start_worker(broker, **env), start_worker(broker, **env)]
    with celery_broker(broker):
        emails = [
            email_queue_rendered(
                to=[f"author{n}@lab.example.org"], subject=f"Slow {n}", body_text="Hi",
                kind="slow_server",
            )
            for n in range(3)
        ]  # fmt: skip
        assert wait_until(
            lambda: OutgoingEmail.objects.filter(status=EmailStatus.SENT).count() == 3,
            timeout=90,
        )
        # Let every redelivered copy run out: each must find its row already sent.
        wait_until(lambda: False, timeout=6)

    logs = "".join(worker.log_path.read_text() for worker in workers)
    deliveries = RECEIVED.findall(logs)
    assert len(deliveries) > len(set(deliveries)) == 3, "no message was delivered twice"
    assert len(list(markers.iterdir())) == 3  # the slow server was entered once per email
    assert delivered(mail_dir) == {email.pk: 1 for email in emails}
    assert list(OutgoingEmail.objects.values_list("attempts", flat=True)) == [1, 1, 1]
