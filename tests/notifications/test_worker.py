import pytest

from notifications.enums import EmailStatus
from notifications.models import OutgoingEmail
from notifications.services import email_enqueue, email_queue_rendered, email_requeue_stale
from tests.celery_helpers import celery_broker
from tests.worker import REDIS_URL, WorkerProcess, require_redis, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    require_redis()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    process = WorkerProcess(
        tmp_path / "worker.log",
        {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        },
    )
    try:
        process.wait_ready()
        process.mail_dir = mail_dir
        yield process
    finally:
        process.stop()


def status_of(email: OutgoingEmail) -> str:
    email.refresh_from_db()
    return email.status


def delivered_messages(mail_dir) -> list[str]:
    return [path.read_text() for path in sorted(mail_dir.iterdir())]


def test_worker_sends_queued_email_through_redis(worker):
    with celery_broker(REDIS_URL):
        email = email_queue_rendered(
            to=["author@example.org"],
            subject="Submission #1 received",
            body_text="We received your paper.",
            kind="submission_received",
        )
        assert wait_until(lambda: status_of(email) == EmailStatus.SENT)
    messages = delivered_messages(worker.mail_dir)
    assert len(messages) == 1
    assert "Subject: Submission #1 received" in messages[0]
    email.refresh_from_db()
    assert email.attempts == 1


def test_worker_duplicate_tasks_send_the_email_once(worker):
    with celery_broker(REDIS_URL):
        email = email_queue_rendered(
            to=["author@example.org"], subject="Once only", body_text="Hi", kind="test_once"
        )
        email_enqueue(email_id=email.pk)
        email_enqueue(email_id=email.pk)
        assert wait_until(lambda: status_of(email) == EmailStatus.SENT)
        # Let the worker drain the duplicates before counting.
        assert wait_until(lambda: len(delivered_messages(worker.mail_dir)) >= 1)
        email_enqueue(email_id=email.pk)
    wait_until(lambda: False, timeout=2)
    assert len(delivered_messages(worker.mail_dir)) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_worker_delivers_mail_written_while_broker_was_down(worker):
    with celery_broker("redis://127.0.0.1:1/0"):
        email = email_queue_rendered(
            to=["author@example.org"], subject="Written offline", body_text="Hi", kind="offline"
        )
    assert status_of(email) == EmailStatus.QUEUED
    with celery_broker(REDIS_URL):
        assert email_requeue_stale(older_than_seconds=0) == 1
        assert wait_until(lambda: status_of(email) == EmailStatus.SENT)
    assert len(delivered_messages(worker.mail_dir)) == 1
