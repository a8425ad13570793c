"""Query parameters shared by the list endpoints."""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only objects changed at or after this moment (ISO 8601; UTC when no offset "
    "is given), for incremental sync: keep the largest `updated_at` you saw.",
)


def updated_since(request) -> datetime | None:
    raw = request.query_params.get("updated_since", "").strip()
    if not raw:
        return None
    moment = None
    for text in (raw, raw.replace(" ", "+")):  # a "+" left unescaped in a URL is a space
        try:
            moment = moment or parse_datetime(text)
        except ValueError:
            continue
    if moment is None:
        raise ValidationError(
            {"updated_since": ["Enter an ISO 8601 date and time, e.g. 2026-05-01T12:00:00Z."]}
        )
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
