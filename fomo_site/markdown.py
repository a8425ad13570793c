"""Markdown to HTML that is safe to show: raw HTML is escaped, links get rel=nofollow."""

from functools import lru_cache

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def markdown_to_html(text: str) -> str:
    html = markdown_lib.markdown(
        text or "", extensions=["sane_lists", "tables"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


# Rendering depends on the text alone; lists of papers render the same abstracts again and
# again (a bidding page holds 50), so each process keeps the latest results.
render_markdown = lru_cache(maxsize=1024)(markdown_to_html)
