"""Organizer-editable mail text: ``{{ name }}`` placeholders, the one mechanism every
editable email uses (invitations, review reminders, decisions).

No template engine runs on organizer text: a known placeholder is replaced by its value,
anything else stays as typed.
"""

import re
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def placeholders_render(text: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def placeholders_check(*, text: str, allowed: Sequence[str], required: Sequence[str] = ()) -> None:
    """Refuse unknown placeholders, and text missing a required one."""
    used = placeholders_in(text)
    unknown = sorted(used - set(allowed))
    if unknown:
        raise ValidationError(
            "Unknown placeholders: " + ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        )
    for name in required:
        if name not in used:
            raise ValidationError(f"The text must contain {{{{ {name} }}}}.")
