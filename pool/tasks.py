"""Celery tasks of the reviewer pool (task names predate the split: the broker stores them)."""

import logging

from celery import shared_task

from pool.services import invitation_reminders_send, invitations_mark_bounced

logger = logging.getLogger(__name__)


@shared_task(name="fomo.reviews.send_invitation_reminders")
def send_invitation_reminders() -> int:
    """Mark bounced invitations, then remind those who have not answered (once per reminder)."""
    bounced = invitations_mark_bounced()
    sent = invitation_reminders_send()
    if bounced or sent:
        logger.info("reviewer invitations: %s marked bounced, %s reminders sent", bounced, sent)
    return sent
