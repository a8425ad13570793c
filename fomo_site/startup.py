from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key(**_signal_kwargs) -> None:
    """Refuse to serve or run tasks without a real SECRET_KEY (DEBUG gives a dev default)."""
    try:
        settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key on access
    except ImproperlyConfigured as missing:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.") from missing


def load_url_patterns() -> None:
    """Import every view now (the assignment views bring numpy and scikit-learn, 1.5 s), so
    a web worker's first request after a deploy does not pay for it."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf
