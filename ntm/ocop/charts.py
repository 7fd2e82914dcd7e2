"""Horizontal bar charts for the OCOP dashboard, as SVG geometry the template draws (pure: no Django, no script).

``bar_chart`` turns (label, count) rows into bars scaled to the largest count, each with its label and value, so
the page shows the chart server-rendered; the table next to it gives the same figures."""

from __future__ import annotations

from collections.abc import Sequence

LABEL_WIDTH = 230
BAR_WIDTH = 320
ROW = 26
MAX_LABEL = 32


def bar_chart(rows: Sequence[tuple[str, int]]) -> dict | None:
    """Bars for ``rows`` (label, count); None when there is nothing to draw."""
    if not rows:
        return None
    largest = max(count for _label, count in rows) or 1
    bars = []
    for index, (label, count) in enumerate(rows):
        y = index * ROW
        width = count * BAR_WIDTH / largest
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        bars.append(
            {
                "label": short,
                "title": label,
                "value": count,
                "y": y + 4,
                "text_y": y + 17,
                "width": f"{width:.1f}",
                "value_x": f"{LABEL_WIDTH + width + 6:.1f}",
            }
        )
    return {
        "bars": bars,
        "height": len(rows) * ROW + 4,
        "width": LABEL_WIDTH + BAR_WIDTH + 50,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 6,
    }
