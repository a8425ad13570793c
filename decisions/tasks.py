"""Celery tasks of deciding: thin, ids as keyword arguments, safe to rerun.

Task names are what the broker stores: they keep the name they had before the apps were
split, so that messages queued by an older release still find their task.
"""

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


@shared_task(name="fomo.decisions.send_camera_ready_reminders")
def send_camera_ready_reminders() -> int:
    """Periodic: remind the authors of accepted papers without a camera-ready PDF (once)."""
    sent = services.camera_ready_reminders_send()
    if sent:
        logger.info("%s camera-ready reminders queued", sent)
    return sent
