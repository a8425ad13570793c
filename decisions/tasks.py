"""TODO docstring"""

import logging

from celery import shared_task

from decisions import services

logger = logging.getLogger(__name__)


@shared_task(name="fomo.reviews.send_decisions", acks_late=True)
def send_decisions(*, job_id: int) -> int:
    """Queue the decision emails of one job; a rerun skips what is already in the outbox."""
    job = services.decision_notify_run(job_id=job_id)
    logger.info("decision job %s: %s queued, %s skipped", job.pk, job.queued, job.skipped)
    return job.queued
