"""A small inline SVG bar chart of counts per month: no JavaScript, no chart library."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, AXIS, TOP = 720, 120, 18, 16


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last ("YYYY-MM"), both included."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def per_month_svg(counts: dict[str, int], label: str) -> Markup:
    """Bars for each month from the first to the last with any count (gaps show as none);
    each bar carries a <title> with the month and count."""
    if not counts:
        return Markup("")
    months = months_between(min(counts), max(counts))
    most = max(counts.values())
    step = WIDTH / len(months)
    bars = []
    for n, month in enumerate(months):
        value = counts.get(month, 0)
        if not value:
            continue
        height = max(1.0, (HEIGHT - AXIS - TOP) * value / most)
        bars.append(
            f'<rect x="{n * step:.2f}" y="{HEIGHT - AXIS - height:.2f}" '
            f'width="{max(step - 1, 1):.2f}" height="{height:.2f}" data-month="{month}" '
            f'data-count="{value}"><title>{month}: {value}</title></rect>')
    labels = (f'<text x="0" y="{HEIGHT - 4}">{months[0]}</text>'
              f'<text x="{WIDTH}" y="{HEIGHT - 4}" text-anchor="end">{months[-1]}</text>'
              f'<text x="{WIDTH}" y="12" text-anchor="end">most in a month: {most}</text>')
    return Markup(
        f'<svg id="per-month" class="per-month" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
        + "".join(bars) + labels + "</svg>")
