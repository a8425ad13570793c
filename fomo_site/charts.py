"""Server-rendered SVG charts (no JavaScript, no inline style: the CSP allows neither).

Every label is escaped; the SVG is built with format_html, so a topic named
"<script>" shows as text."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 260
PLOT_WIDTH = 360
VALUE_WIDTH = 70
FILL = "#0d6efd"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _truncate(text: str, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _empty(title: str) -> SafeString:
    return format_html(
        '<figure class="fomo-chart"><figcaption class="h6">{}</figcaption>'
        '<p class="text-body-secondary small">No data yet.</p></figure>',
        title,
    )


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, unit: str = "") -> SafeString:
    """Horizontal bars, one per (label, value), with the value written at the end."""
    if not rows:
        return _empty(title)
    top = max(value for _, value in rows) or 1
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    bars = []
    for index, (label, value) in enumerate(rows):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        length = round(PLOT_WIDTH * value / top, 1) if value > 0 else 0
        bars.append(
            format_html(
                "<g><title>{label}: {value}{unit}</title>"
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="12">{short}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"></rect>'
                '<text x="{vx}" y="{ty}" font-size="12">{value}{unit}</text></g>',
                label=label,
                short=_truncate(label),
                value=_number(value),
                unit=unit,
                lx=LABEL_WIDTH - 6,
                ty=y + BAR_HEIGHT - 6,
                x=LABEL_WIDTH,
                y=y,
                w=length,
                h=BAR_HEIGHT,
                fill=FILL,
                vx=LABEL_WIDTH + length + 6,
            )
        )
    return format_html(
        '<figure class="fomo-chart"><figcaption class="h6">{title}</figcaption>'
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" '
        'viewBox="0 0 {width} {height}" width="100%" class="fomo-svg">{bars}</svg></figure>',
        title=title,
        width=width,
        height=height,
        bars=mark_safe("".join(bars)),  # noqa: S308 - each bar was built with format_html
    )


def histogram(values: Sequence[int], *, low: int, high: int, title: str) -> SafeString:
    """Vertical bars counting each integer value from low to high (the score scale)."""
    if not values:
        return _empty(title)
    counts = {bucket: 0 for bucket in range(low, high + 1)}
    for value in values:
        if value in counts:
            counts[value] += 1
    top = max(counts.values()) or 1
    column, plot_height, base = 40, 200, 230
    width = column * len(counts) + 20
    columns = []
    for index, (bucket, count) in enumerate(counts.items()):
        bar = round(plot_height * count / top, 1)
        x = 10 + index * column
        columns.append(
            format_html(
                "<g><title>score {bucket}: {count} review(s)</title>"
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"></rect>'
                '<text x="{cx}" y="{ty}" text-anchor="middle" font-size="12">{count}</text>'
                '<text x="{cx}" y="{by}" text-anchor="middle" font-size="12">{bucket}</text></g>',
                bucket=bucket,
                count=count,
                x=x + 4,
                y=base - bar,
                w=column - 8,
                h=bar,
                fill=FILL,
                cx=x + column / 2,
                ty=base - bar - 4,
                by=base + 16,
            )
        )
    body = mark_safe("".join(columns))  # noqa: S308 - each column was built with format_html
    return format_html(
        '<figure class="fomo-chart"><figcaption class="h6">{title}</figcaption>'
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" '
        'viewBox="0 0 {width} {height}" width="100%" class="fomo-svg">{body}'
        '<line x1="10" y1="{base}" x2="{end}" y2="{base}" stroke="#6c757d"></line></svg>'
        "</figure>",
        title=title,
        width=width,
        height=base + 24,
        body=body,
        base=base,
        end=width - 10,
    )
