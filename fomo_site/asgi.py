import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fomo_site.settings")
application = get_asgi_application()

from fomo_site.startup import load_url_patterns, require_secret_key  # noqa: E402 - needs settings

require_secret_key()
load_url_patterns()
