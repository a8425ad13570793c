import logging

from celery import Task

logger = logging.getLogger(__name__)


def enqueue(task: Task, **kwargs) -> bool:
    """Queue a task without ever failing the caller: a dead broker only delays the work.

    Rows that back the task (outbox emails, assignment runs) are picked up again by the
    periodic tasks, so a failure here loses nothing.
    """
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except Exception:  # noqa: BLE001 - broker errors come in many types
        logger.warning("could not enqueue %s %s; it stays queued", task.name, kwargs, exc_info=True)
        return False
    return True
