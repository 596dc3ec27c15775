"""Small, accessible SVG charts rendered on the server: pure functions that return Markup.

Every chart is an `<svg role="img">` named by its `<title>` and summarised in `<desc>` (the
figures in words), draws in one colour and writes each figure as text next to its bar, so
nothing depends on colour; the viewBox scales it down to 360 px wide screens. The page shows
the same numbers in a table beneath each chart.
"""

from __future__ import annotations

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from participation.surveys.models import QuestionType
from participation.surveys.results_shape import QuestionResult

T = QuestionType
WIDTH = 480  # viewBox units; the chart is scaled to the width of its container
VALUE_ROOM = 150  # room right of the longest bar for its figure
BAR_MAX = WIDTH - VALUE_ROOM
ROW = 48  # one bar: its label on a line above, the bar with its figure beneath
LABEL_CHARS = 60  # longer labels are shortened in the chart (the table has them in full)


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    """Return `label`, cut with an ellipsis when it would not fit the chart."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def svg_open(chart_id: str, title: str, summary: str, height: int) -> str:
    """Return the opening of a chart: its name and its summary for screen readers."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(summary)}</desc>'
    )


def bar_chart(
    chart_id: str, title: str, bars: list[tuple[str, float, str]], scale_max: float | None = None
) -> Markup:
    """Return horizontal bars: each (label, value, figure as text); longest bar = `scale_max`
    (default: the largest value)."""
    top = max([scale_max or 0, *(value for _label, value, _text in bars)]) or 1
    summary = "; ".join(f"{label}: {text}" for label, _value, text in bars)
    parts = [svg_open(chart_id, title, summary, ROW * len(bars) + 4)]
    for index, (label, value, text) in enumerate(bars):
        y = index * ROW
        width = BAR_MAX * max(value, 0) / top
        width = max(width, 2) if value > 0 else 0  # a tiny share still shows a sliver
        parts.append(
            f'<text class="chart__label" x="0" y="{y + 16}">{escape(shorten(label))}</text>'
            f'<rect class="chart__bar" x="0" y="{y + 22}" width="{width:.1f}" height="20"/>'
            f'<text class="chart__value" x="{width + 6:.1f}" y="{y + 37}">{escape(text)}</text>'
        )
    parts.append(f'<line class="chart__axis" x1="0.5" y1="20" x2="0.5" y2="{ROW * len(bars)}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def range_chart(chart_id: str, title: str, points: dict[str, float], texts: dict[str, str]):
    """Return a line from the smallest to the largest value with the median (a stroke above
    the line) and the mean (a dot below it), each labelled in words."""
    low, high = points["minimum"], points["maximum"]
    left, right = 10, WIDTH - 10

    def x(value: float) -> float:
        return (
            (left + right) / 2
            if high == low
            else left + (right - left) * (value - low) / (high - low)
        )

    def anchor(value: float) -> str:
        position = x(value)
        return (
            "start" if position < WIDTH * 0.25 else "end" if position > WIDTH * 0.75 else "middle"
        )

    summary = "; ".join(texts.values())
    median, mean = points["median"], points["mean"]
    parts = [
        svg_open(chart_id, title, summary, 130),
        f'<line class="chart__axis" x1="{left}" y1="60" x2="{right}" y2="60"/>',
        f'<line class="chart__axis" x1="{left}" y1="52" x2="{left}" y2="68"/>',
        f'<line class="chart__axis" x1="{right}" y1="52" x2="{right}" y2="68"/>',
        f'<rect class="chart__bar" x="{x(median) - 2:.1f}" y="38" width="4" height="22"/>',
        f'<text class="chart__value" x="{x(median):.1f}" y="30" text-anchor="{anchor(median)}">'
        f"{escape(texts['median'])}</text>",
        f'<circle class="chart__bar" cx="{x(mean):.1f}" cy="72" r="6"/>',
        f'<text class="chart__value" x="{x(mean):.1f}" y="96" text-anchor="{anchor(mean)}">'
        f"{escape(texts['mean'])}</text>",
        f'<text class="chart__label" x="{left}" y="124">{escape(texts["minimum"])}</text>',
        f'<text class="chart__label" x="{right}" y="124" text-anchor="end">'
        f"{escape(texts['maximum'])}</text>",
        "</svg>",
    ]
    return Markup("".join(parts))


def decimal(value: float | None) -> str:
    """Return a mean or median with up to two decimals in the visitor's language."""
    return "–" if value is None else format_decimal(value, format="#,##0.##")


def share(count: int, percent: float) -> str:
    """Return "12 (40,0 %)"."""
    return f"{format_decimal(count)} ({format_decimal(percent, format='#,##0.0')} %)"


def chart_for(result: QuestionResult) -> Markup | None:
    """Return the chart of a question's result (None for texts or when nobody answered)."""
    if not result.answered:
        return None
    chart_id = f"chart-{result.question.id}"
    title = f"{result.number}. {result.question.text}"
    kind = result.kind
    if kind in (T.SINGLE, T.MULTIPLE, T.YES_NO, T.SCALE):
        bars = [(c.label, c.count, share(c.count, c.percent)) for c in result.counts]
        return bar_chart(chart_id, title, bars)
    if kind is T.MATRIX:
        bars = [
            (row.label, row.mean or 0, _("Mittelwert %(value)s", value=decimal(row.mean)))
            for row in result.rows
        ]
        return bar_chart(chart_id, title, bars, scale_max=result.question.scale_max)
    if kind is T.RANKING:
        bars = [(item.label, item.points, points_text(item.points)) for item in result.ranking]
        return bar_chart(chart_id, title, bars)
    if kind is T.NUMBER and result.numbers and result.numbers.count:
        return number_chart(chart_id, title, result)
    return None


def points_text(points: int) -> str:
    """Return "12 Punkte"."""
    return ngettext("%(count)s Punkt", "%(count)s Punkte", points, count=format_decimal(points))


def number_chart(chart_id: str, title: str, result: QuestionResult) -> Markup:
    """Return the range chart of a number question."""
    stats = result.numbers
    points = {
        "minimum": stats.minimum,
        "maximum": stats.maximum,
        "median": stats.median,
        "mean": stats.mean,
    }
    texts = {
        "median": _("Median %(value)s", value=decimal(stats.median)),
        "mean": _("Mittelwert %(value)s", value=decimal(stats.mean)),
        "minimum": _("Kleinster Wert %(value)s", value=decimal(stats.minimum)),
        "maximum": _("Größter Wert %(value)s", value=decimal(stats.maximum)),
    }
    return range_chart(chart_id, title, points, texts)
