import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")

app = Celery("fomo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _require_secret_key(**kwargs) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from fomo_site.startup import require_secret_key

    try:
        require_secret_key()
    except ImproperlyConfigured as missing:
        raise SystemExit(str(missing)) from missing  # Celery only logs other exceptions here
