from django.conf import settings
from django.core import checks
from django.core.validators import MaxValueValidator

from topics.models import Workshop

UPLOAD_LIMIT_FIELDS = ("max_pdf_mb", "max_supplementary_mb")


def largest_workshop_upload_mb() -> int:
    """The largest upload limit the Workshop model lets an organizer set."""
    return max(
        min(
            validator.limit_value
            for validator in Workshop._meta.get_field(name).validators
            if isinstance(validator, MaxValueValidator)
        )
        for name in UPLOAD_LIMIT_FIELDS
    )


def upload_cap_covers_workshop_limits(app_configs, **kwargs) -> list[checks.CheckMessage]:
    largest = largest_workshop_upload_mb()
    if settings.FILE_UPLOAD_MAX_MB >= largest:
        return []
    return [
        checks.Warning(
            f"FILE_UPLOAD_MAX_MB is {settings.FILE_UPLOAD_MAX_MB}, below the {largest} MB "
            "a workshop may allow for an upload.",
            hint=(
                f"Set FILE_UPLOAD_MAX_MB to at least {largest}; until then, files over "
                f"{settings.FILE_UPLOAD_MAX_MB} MB are refused whatever the workshop's limit "
                "(its forms say so)."
            ),
            id="submissions.W001",
        )
    ]
