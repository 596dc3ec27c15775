"""The SVG charts: named and summarised for screen readers, labelled in text, labels escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from participation.surveys import charts
from participation.surveys.models import QuestionType
from tests.surveys.conftest import question_of
from tests.surveys.test_results import respond

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    """Return the chart as XML (it must be well-formed)."""
    return ET.fromstring(str(markup))


def test_bar_chart_is_an_image_with_title_summary_and_text_labels():
    chart = charts.bar_chart(
        "chart-1", "1. Wie oft?", [("Jede Woche", 3, "3 (75 %)"), ("Nie", 1, "1 (25 %)")]
    )
    svg = parse(chart)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-1-title chart-1-desc"
    assert svg.get("viewBox").startswith("0 0 480 ")
    assert svg.find(f"{SVG}title").text == "1. Wie oft?"
    assert svg.find(f"{SVG}desc").text == "Jede Woche: 3 (75 %); Nie: 1 (25 %)"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Jede Woche", "3 (75 %)", "Nie", "1 (25 %)"]
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == charts.BAR_MAX and widths[1] == charts.BAR_MAX / 3


def test_labels_are_escaped_and_long_ones_shortened():
    label = '<script>alert("x")</script> & ' + "sehr lang " * 10
    chart = str(charts.bar_chart("c", "<b>Titel</b>", [(label, 0, "0 (0 %)")]))
    assert "<script>" not in chart and "<b>" not in chart
    svg = parse(chart)
    first = next(svg.iter(f"{SVG}text")).text
    assert first.endswith("…") and len(first) <= charts.LABEL_CHARS
    assert float(next(svg.iter(f"{SVG}rect")).get("width")) == 0  # no bar for nothing


def test_range_chart_names_median_mean_and_ends():
    points = {"minimum": 14, "maximum": 80, "median": 30, "mean": 35}
    texts = {"median": "Median 30", "mean": "Mittelwert 35", "minimum": "14", "maximum": "80"}
    svg = parse(charts.range_chart("n", "9. Alter", points, texts))
    assert {t.text for t in svg.iter(f"{SVG}text")} == set(texts.values())
    same = {"minimum": 5, "maximum": 5, "median": 5, "mean": 5}
    parse(charts.range_chart("m", "Eine Zahl", same, texts))  # one value: no division by zero


def test_chart_for_every_kind_with_answers(app, survey):
    from participation.surveys import results

    respond(survey, single=0, multiple=[1], yes_no=False, scale=3, matrix=[1, 2, 3])
    respond(survey, ranking=[2, 1, 0], number=33, short="Text", long="Text")
    with app.test_request_context():
        found = results.aggregate(survey)
        made = {r.kind: charts.chart_for(r) for r in found.questions}
    T = QuestionType
    assert made[T.SHORT_TEXT] is None and made[T.LONG_TEXT] is None
    for kind in (T.SINGLE, T.MULTIPLE, T.YES_NO, T.SCALE, T.MATRIX, T.RANKING, T.NUMBER):
        svg = parse(made[kind])
        assert svg.get("id") == f"chart-{question_of(survey, kind).id}"
    assert "Mittelwert 1" in str(made[T.MATRIX]) and "3 Punkte" in str(made[T.RANKING])


def test_no_chart_without_answers(app, survey):
    from participation.surveys import results

    with app.test_request_context():
        found = results.aggregate(survey)
        assert all(charts.chart_for(r) is None for r in found.questions)
