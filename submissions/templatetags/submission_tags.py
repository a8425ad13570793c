import re
import secrets
from functools import lru_cache

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from fomo_site.markdown import markdown_to_html

register = template.Library()

# $...$ on one line, not $$ and not an escaped \$.
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]{1,500}?)(?<!\s)\$(?!\$)")


@register.filter
def markdown_math(text: str) -> str:
    return mark_safe(_markdown_math_html(text or ""))  # noqa: S308 - see below


# A tag as nh3 serialises it: attribute values are quoted and hold no raw quote.
HTML_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


@lru_cache(maxsize=1024)
def _markdown_math_html(text: str) -> str:
    """Markdown with $inline math$ kept verbatim in a .math span (so a_1 * b_2 does not
    become emphasis). Raw HTML is shown as text: < is escaped before Markdown runs, and
    nh3 sanitises the result. Math that lands inside a tag (a link's target or title)
    goes back as plain text, never as a span."""
    nonce = secrets.token_hex(8)
    spans: list[str] = []

    def protect(match: re.Match) -> str:
        spans.append(match.group(0))
        return f"fomomath{nonce}x{len(spans) - 1}x"

    placeholder = re.compile(f"fomomath{nonce}x([0-9]+)x")

    def restore(part: str, *, in_tag: bool) -> str:
        def span(match: re.Match) -> str:
            math = spans[int(match.group(1))]
            return escape(math) if in_tag else format_html('<span class="math">{}</span>', math)

        return placeholder.sub(span, part)

    source = INLINE_MATH.sub(protect, text).replace("<", "&lt;")
    html = markdown_to_html(source)
    parts, position = [], 0
    for tag in HTML_TAG.finditer(html):
        parts.append(restore(html[position : tag.start()], in_tag=False))
        parts.append(restore(tag.group(0), in_tag=True))
        position = tag.end()
    parts.append(restore(html[position:], in_tag=False))
    return "".join(parts)  # nh3-sanitised HTML plus escaped math spans and attribute text
