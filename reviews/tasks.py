"""Celery tasks of reviewing and deciding: thin, ids as keyword arguments, safe to rerun."""

import logging

from celery import shared_task

from decisions import services as decisions_services
from reviews import services

logger = logging.getLogger(__name__)


@shared_task(name="fomo.reviews.send_review_reminders")
def send_review_reminders() -> int:
    """Periodic: reminders for missing reviews, and camera-ready reminders (each once)."""
    sent = services.review_reminders_send()
    sent += decisions_services.camera_ready_reminders_send()
    if sent:
        logger.info("%s review/camera-ready reminders queued", sent)
    return sent
