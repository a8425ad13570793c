from datetime import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from fomo_site.markdown import render_markdown
from topics.aoe import aoe_format

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has sanitised it


@register.filter
def aoe(value: datetime | None) -> str:
    return aoe_format(value)


@register.simple_tag
def when(value: datetime | None) -> str:
    """A date in AoE, with the visitor's local time filled in by fomo.js."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}" class="fomo-time">{}</time>'
        '<span class="fomo-local text-body-secondary small" data-for="{}"></span>',
        value.isoformat(),
        aoe(value),
        value.isoformat(),
    )


@register.simple_tag
def countdown(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_html('<span class="fomo-countdown" data-deadline="{}"></span>', value.isoformat())
