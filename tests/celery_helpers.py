"""Point the Celery app at a real broker for the tests that need one."""

from contextlib import contextmanager

from kombu import pools as kombu_pools


def _reset_celery_pools() -> None:
    from fomo_site.celery import app

    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str):
    """Send tasks to a real broker at `url` instead of running them in-process."""
    from django.conf import settings

    from fomo_site.celery import app

    _reset_celery_pools()
    app.conf.update(task_always_eager=False, broker_url=url)
    try:
        yield app
    finally:
        app.conf.update(task_always_eager=True, broker_url=settings.CELERY_BROKER_URL)
        _reset_celery_pools()
