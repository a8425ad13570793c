from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key(**_signal_kwargs) -> None:
    """Refuse to serve or run tasks without a real SECRET_KEY (DEBUG gives a dev default)."""
    try:
        settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key on access
    except ImproperlyConfigured as missing:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.") from missing
