"""Assignment runs through a real Celery worker on Redis, and a worker killed mid-run."""

import os
import random
import signal

import pytest
from django.utils import timezone

from accounts.models import User
from assignment.enums import RunStatus
from assignment.models import Assignment, AssignmentRun, ProposedPair
from assignment.services import (
    assignment_run_commit,
    assignment_run_create,
    assignment_run_retry,
    assignment_runs_fail_stale,
)
from pool.models import ReviewerProfile, TopicExpertise
from submissions.models import Submission
from tests.assignment.helpers import parameters, two_area_workshop
from tests.celery_helpers import celery_broker
from tests.worker import REDIS_URL, WorkerProcess, require_redis, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WORDS = (
    "scaling laws compute tokens loss curves emergent abilities in-context learning "
    "fine-tuning adapters instruction tuning alignment preference data curation "
    "tokenizer pretraining corpus deduplication interpretability probing circuits"
).split()


def big_instance(workshop, topics, n_papers: int, n_reviewers: int) -> None:
    """Enough papers and reviewers that a run takes seconds (bulk-created, seeded)."""
    rng = random.Random(5)
    leaves = [topics["data"], topics["scaling-laws"], topics["fine-tuning"]]
    now = timezone.now()
    Submission.objects.bulk_create(
        Submission(
            workshop=workshop, number=n, title=" ".join(rng.sample(WORDS, 6)),
            abstract=" ".join(rng.choices(WORDS, k=80)), keywords=", ".join(rng.sample(WORDS, 3)),
            primary_topic=rng.choice(leaves), status="submitted", submitted_at=now,
        )
        for n in range(1, n_papers + 1)
    )  # fmt: skip
    users = User.objects.bulk_create(
        User(email=f"big{i}@inst{i}.example.org", full_name=f"Big Reviewer {i}")
        for i in range(n_reviewers)
    )
    profiles = ReviewerProfile.objects.bulk_create(
        ReviewerProfile(workshop=workshop, user=user, statement=" ".join(rng.choices(WORDS, k=60)))
        for user in users
    )
    TopicExpertise.objects.bulk_create(
        TopicExpertise(profile=profile, topic=topic, level=rng.choice(["expert", "interested"]))
        for profile in profiles
        for topic in rng.sample(leaves, 2)
    )


@pytest.fixture
def start_worker(tmp_path):
    """Start real workers (each flushes the Redis test database); all stopped at the end."""
    require_redis()
    started = []

    def start() -> WorkerProcess:
        process = WorkerProcess(tmp_path / f"worker{len(started)}.log", {})
        started.append(process)
        process.wait_ready()
        return process

    yield start
    for process in started:
        process.stop()


def status_of(run: AssignmentRun) -> str:
    run.refresh_from_db()
    return run.status


def test_worker_runs_the_assignment_through_redis(start_worker, workshop, topics):
    two_area_workshop(workshop, topics)
    start_worker()
    with celery_broker(REDIS_URL):
        run = assignment_run_create(workshop=workshop, parameters=parameters())
        assert wait_until(lambda: status_of(run) == RunStatus.DONE, timeout=60)
    assert run.quality["coverage"] == 1.0
    assert run.quality["load_histogram"] == {"2": 4}
    assert ProposedPair.objects.filter(run=run).count() == 8
    assert Assignment.objects.count() == 0


def run_url(run: AssignmentRun) -> str:
    return f"/{run.workshop.slug}/manage/assignment/runs/{run.pk}/"


@pytest.fixture
def client(client, organizer):
    client.force_login(organizer)
    return client


def test_worker_killed_mid_run_leaves_nothing_and_retry_completes(
    start_worker, workshop, topics, client
):
    big_instance(workshop, topics, n_papers=2000, n_reviewers=400)
    worker = start_worker()
    with celery_broker(REDIS_URL):
        run = assignment_run_create(
            workshop=workshop, parameters=parameters(k=3, max_load=20, fair=True)
        )
        assert wait_until(lambda: status_of(run) == RunStatus.RUNNING, timeout=60, interval=0.02)
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.wait(timeout=10)

        # The worker died while computing: the run is stuck, nothing was written.
        assert status_of(run) == RunStatus.RUNNING
        assert ProposedPair.objects.count() == 0
        assert Assignment.objects.count() == 0
        assert assignment_runs_fail_stale(older_than_seconds=0) == 1
        assert status_of(run) == RunStatus.FAILED
        assert ProposedPair.objects.count() == 0

        # The organizer sees the failure and the retry button, and retries from the page.
        html = client.get(run_url(run)).content.decode()
        assert ">Failed</span>" in html
        assert "Nothing was saved; retry it." in html
        assert "Retry with the same parameters</button>" in html
        start_worker()
        response = client.post(run_url(run) + "retry/")
        retry = AssignmentRun.objects.get(retry_of=run)
        assert response["Location"] == run_url(retry)
        assert wait_until(lambda: status_of(retry) == RunStatus.DONE, timeout=120)
    assert status_of(run) == RunStatus.FAILED
    assert ProposedPair.objects.filter(run=retry).count() == 6000
    assert ProposedPair.objects.filter(run=run).count() == 0
    assert retry.quality["coverage"] == 1.0
    summary = assignment_run_commit(run=retry, by=None)
    assert (summary.added, summary.removed, summary.kept) == (6000, 0, 0)


@pytest.mark.faults
def test_worker_killed_while_saving_the_proposal_saves_all_or_nothing(
    start_worker, workshop, topics
):
    """SIGKILL while the 6,000 proposed pairs are being written: one transaction, so the run
    ends with all of them (done) or none (failed by the sweeper, then retried)."""
    big_instance(workshop, topics, n_papers=2000, n_reviewers=400)
    worker = start_worker()
    with celery_broker(REDIS_URL):
        run = assignment_run_create(
            workshop=workshop, parameters=parameters(k=3, max_load=20, fair=False)
        )

        def saving() -> bool:
            run.refresh_from_db()
            return run.progress_stage == "Saving the proposal" or not run.is_active

        assert wait_until(saving, timeout=120, interval=0.005)
        worker.kill()
        pairs = ProposedPair.objects.filter(run=run).count()
        if status_of(run) == RunStatus.DONE:  # the commit won the race with the kill
            assert pairs == 6000
        else:
            assert (run.status, pairs) == (RunStatus.RUNNING, 0)
            assert assignment_runs_fail_stale(older_than_seconds=0) == 1
            assert status_of(run) == RunStatus.FAILED
            start_worker()
            retry = assignment_run_retry(run=run, by=None)
            assert wait_until(lambda: status_of(retry) == RunStatus.DONE, timeout=120)
            assert ProposedPair.objects.filter(run=retry).count() == 6000
            assert ProposedPair.objects.filter(run=run).count() == 0
    assert Assignment.objects.count() == 0
