from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView

# Redoc styles itself with inline <style> elements and searches in a blob: worker; the
# page shows only the schema, so it alone relaxes those two directives of the site's CSP.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@extend_schema(exclude=True)
class ApiDocs(SpectacularRedocView):
    """Browsable documentation of the schema, served from our static files (no CDN)."""

    template_name = "api/redoc.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = DOCS_CSP
        return response
