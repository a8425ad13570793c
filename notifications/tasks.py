import logging

from celery import shared_task
from django.conf import settings

from notifications.enums import SendOutcome
from notifications.services import (
    email_requeue_stale,
    email_send,
    group_message_queue,
    group_messages_requeue_stale,
)

logger = logging.getLogger(__name__)


@shared_task(name="fomo.notifications.send_email", bind=True, acks_late=True, max_retries=None)
def send_email(self, *, email_id: int) -> str:
    outcome = email_send(email_id=email_id)
    if outcome == SendOutcome.TEMPORARY_FAILURE and not self.request.is_eager:
        delay = settings.OUTBOX_RETRY_DELAY_SECONDS * 2**self.request.retries
        raise self.retry(countdown=min(delay, 3600))
    return outcome.value


@shared_task(name="fomo.notifications.requeue_stale_emails")
def requeue_stale_emails() -> int:
    requeued = email_requeue_stale() + group_messages_requeue_stale()
    if requeued:
        logger.info("re-enqueued %s stale outbox emails", requeued)
    return requeued


@shared_task(name="fomo.notifications.send_group_message", acks_late=True)
def send_group_message(*, message_id: int) -> int:
    """Put a group message's emails in the outbox; a rerun queues nothing twice."""
    queued = group_message_queue(message_id=message_id)
    logger.info("group message %s: %s emails queued", message_id, queued)
    return queued
