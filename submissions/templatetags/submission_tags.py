import re
import secrets
from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from fomo_site.markdown import markdown_to_html

register = template.Library()

# $...$ on one line, not $$ and not an escaped \$.
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]{1,500}?)(?<!\s)\$(?!\$)")


@register.filter
def markdown_math(text: str) -> str:
    return mark_safe(_markdown_math_html(text or ""))  # noqa: S308 - see below


@lru_cache(maxsize=1024)
def _markdown_math_html(text: str) -> str:
    """Markdown with $inline math$ kept verbatim in a .math span (so a_1 * b_2 does not
    become emphasis). Raw HTML is shown as text: < is escaped before Markdown runs, and
    nh3 sanitises the result."""
    nonce = secrets.token_hex(8)
    spans: list[str] = []

    def protect(match: re.Match) -> str:
        spans.append(match.group(0))
        return f"fomomath{nonce}x{len(spans) - 1}x"

    source = INLINE_MATH.sub(protect, text).replace("<", "&lt;")
    html = markdown_to_html(source)
    for index, span in enumerate(spans):
        html = html.replace(
            f"fomomath{nonce}x{index}x", format_html('<span class="math">{}</span>', span)
        )
    return html  # nh3-sanitised HTML plus escaped math spans
