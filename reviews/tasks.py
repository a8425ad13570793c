"""Celery tasks of reviewing: thin, safe to rerun."""

import logging

from celery import shared_task

from reviews import services

logger = logging.getLogger(__name__)


@shared_task(name="fomo.reviews.send_review_reminders")
def send_review_reminders() -> int:
    """Periodic: reminders for missing reviews (each once)."""
    sent = services.review_reminders_send()
    if sent:
        logger.info("%s review reminders queued", sent)
    return sent
