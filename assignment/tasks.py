"""Celery tasks of the assignment: thin wrappers over assignment.services.

Each takes ids as keyword arguments and is safe to run twice: a run is only executed
from "queued", and release emails carry an idempotency key.
"""

import logging

from celery import shared_task

from assignment.embeddings import ModelUnavailable
from assignment.services import (
    assignment_release_notify,
    assignment_run_execute,
    assignment_runs_fail_stale,
    workshop_texts_embed,
)

logger = logging.getLogger(__name__)


@shared_task(name="fomo.reviews.run_assignment", acks_late=True, reject_on_worker_lost=True)
def run_assignment(*, run_id: int) -> str:
    run = assignment_run_execute(run_id=run_id)
    if run is None:
        logger.info("assignment run %s was not queued any more; skipped", run_id)
        return "skipped"
    logger.info("assignment run %s: %s", run.pk, run.status)
    return run.status


@shared_task(name="fomo.reviews.fail_stale_assignment_runs")
def fail_stale_assignment_runs() -> int:
    failed = assignment_runs_fail_stale()
    if failed:
        logger.warning("marked %s stale assignment runs failed", failed)
    return failed


@shared_task(name="fomo.reviews.send_assignment_release", acks_late=True)
def send_assignment_release(*, release_id: int) -> int:
    return assignment_release_notify(release_id=release_id)


@shared_task(name="fomo.assignment.embed_workshop_texts", acks_late=True)
def embed_workshop_texts(*, workshop_id: int) -> int:
    try:
        encoded = workshop_texts_embed(workshop_id=workshop_id)
    except ModelUnavailable as error:
        logger.warning("workshop %s: texts not embedded: %s", workshop_id, error)
        return 0
    logger.info("workshop %s: %s new texts embedded", workshop_id, encoded)
    return encoded
