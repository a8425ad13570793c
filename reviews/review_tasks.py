"""Celery tasks of reviewing and deciding: thin, ids as keyword arguments, safe to rerun."""

import logging

from celery import shared_task

from reviews import review_services as services

logger = logging.getLogger(__name__)


@shared_task(name="fomo.reviews.send_decisions", acks_late=True)
def send_decisions(*, job_id: int) -> int:
    """Queue the decision emails of one job; a rerun skips what is already in the outbox."""
    job = services.decision_notify_run(job_id=job_id)
    logger.info("decision job %s: %s queued, %s skipped", job.pk, job.queued, job.skipped)
    return job.queued


@shared_task(name="fomo.reviews.send_review_reminders")
def send_review_reminders() -> int:
    """Periodic: reminders for missing reviews, and camera-ready reminders (each once)."""
    sent = services.review_reminders_send()
    sent += services.camera_ready_reminders_send()
    if sent:
        logger.info("%s review/camera-ready reminders queued", sent)
    return sent
