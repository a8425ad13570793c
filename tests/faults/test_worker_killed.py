"""Workers killed with SIGKILL in the middle of a mass mailing: every email exactly once.

The decision-emails job is killed while it writes the outbox (its message, never
acknowledged, is delivered again after the broker's visibility timeout and the rerun skips
what is already written); then a worker is killed while an email is in flight (its row lock
and its transaction die with it, the row stays queued and the requeue sends it later).
The mail dir is the receiving end: each outbox row id must appear in it exactly once.
"""

import time

import pytest
from django.utils import timezone

from decisions.enums import NotificationJobStatus
from decisions.models import Decision, DecisionNotificationJob
from decisions.services import decision_notify_start
from notifications.enums import EmailStatus
from notifications.models import OutgoingEmail
from notifications.services import email_requeue_stale
from reviews.enums import DecisionOutcome
from submissions.models import Authorship, Submission
from tests.celery_helpers import celery_broker
from tests.factories import TopicFactory, UserFactory, WorkshopFactory
from tests.faults.conftest import FULL, delivered
from tests.worker import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

N_PAPERS = 3000 if FULL else 600
SLOW = "tests.mail_backends.SlowFileBackend"


def decided_workshop(n_papers: int):
    """A workshop whose decisions are released: n papers, one author each, bulk-created."""
    workshop = WorkshopFactory(phase="reviewing", slug="killed", decisions_released_at=None)
    topic = TopicFactory(workshop=workshop, name="Scaling laws", slug="scaling")
    now = timezone.now()
    papers = Submission.objects.bulk_create(
        Submission(
            workshop=workshop, number=n, title=f"Paper {n} on scaling", abstract="We study it.",
            primary_topic=topic, submitted_at=now,
            status="accepted" if n % 3 == 0 else "rejected",
        )
        for n in range(1, n_papers + 1)
    )  # fmt: skip
    Authorship.objects.bulk_create(
        Authorship(submission=paper, name=f"Author {paper.number}", order=1,
                   email=f"author{paper.number}@lab{paper.number % 40}.example.org")
        for paper in papers
    )  # fmt: skip
    Decision.objects.bulk_create(
        Decision(
            submission=paper,
            outcome=DecisionOutcome.POSTER
            if paper.status == "accepted"
            else DecisionOutcome.REJECT,
        )
        for paper in papers
    )
    workshop.decisions_released_at = now
    workshop.save(update_fields=["decisions_released_at"])
    organizer = UserFactory(email="olga@org.example.net")
    workshop.organizers.add(organizer)
    return workshop, organizer


def in_flight(markers) -> list[int]:
    """Outbox ids the slow backend started on, oldest first."""
    started = sorted(markers.iterdir(), key=lambda path: path.stat().st_mtime_ns)
    return [int(path.name.split(".")[0]) for path in started]


def test_workers_killed_mid_mass_mailing_send_every_email_once(
    tmp_path, private_redis, start_worker, mail_dir
):
    workshop, organizer = decided_workshop(N_PAPERS)
    markers = tmp_path / "markers"
    markers.mkdir()
    slow = {"EMAIL_BACKEND": SLOW, "FOMO_TEST_MAIL_MARKERS": str(markers)}
    broker = private_redis.url(0)

    with celery_broker(broker):
        first = start_worker(broker, **slow, FOMO_TEST_MAIL_DELAY="0.3")
        job = decision_notify_start(workshop=workshop, only_pending=True, by=organizer)

        # 1. SIGKILL while the job writes the outbox, batch by batch.
        def job_midway():
            job.refresh_from_db()
            return job.status == NotificationJobStatus.RUNNING and 0 < job.queued

        assert wait_until(job_midway, timeout=60, interval=0.01)
        first.kill()
        job.refresh_from_db()
        written_at_kill = OutgoingEmail.objects.count()
        assert job.status == NotificationJobStatus.RUNNING
        assert 0 < written_at_kill < N_PAPERS, "the job was not killed midway"

        # 2. A worker with a short visibility timeout gets the job's message again; it is
        # killed in turn while its 20th email is in flight (the slow server's wait: the row
        # is locked and its attempt counted, the file not yet written).
        second = start_worker(broker, **slow, FOMO_TEST_MAIL_DELAY="0.3",
                              CELERY_VISIBILITY_TIMEOUT="3")  # fmt: skip
        assert wait_until(lambda: len(in_flight(markers)) >= 20, timeout=90, interval=0.02)
        second.kill()
        killed_mid_send = in_flight(markers)[-1]
        assert killed_mid_send not in delivered(mail_dir)
        assert OutgoingEmail.objects.get(pk=killed_mid_send).status == EmailStatus.QUEUED

        # 3. A healthy worker; unacknowledged messages come back after 3 s, and beat's
        # requeue re-enqueues every queued row once the job has written them all.
        start_worker(broker, CELERY_VISIBILITY_TIMEOUT="3")
        assert wait_until(
            lambda: DecisionNotificationJob.objects.get(pk=job.pk).status == "done", timeout=90
        )
        assert email_requeue_stale(older_than_seconds=0) > 0
        assert wait_until(
            lambda: OutgoingEmail.objects.filter(status=EmailStatus.SENT).count() == N_PAPERS,
            timeout=180 if FULL else 90,
            interval=0.5,
        )
        time.sleep(4)  # let redelivered duplicates of tasks run: they must send nothing

    emails = OutgoingEmail.objects.all()
    assert emails.count() == N_PAPERS
    assert set(emails.values_list("status", flat=True)) == {EmailStatus.SENT}
    # The attempt of the email killed in flight was rolled back with its transaction.
    assert set(emails.values_list("attempts", flat=True)) == {1}
    counts = delivered(mail_dir)
    assert counts == {pk: 1 for pk in emails.values_list("pk", flat=True)}
    job.refresh_from_db()
    assert job.queued + job.skipped == N_PAPERS
