"""What a question's boxes say together: crosses within the rule are counted, a box filled in
is cancelled, and anything that breaks the rule goes to review (never dropped), also for a
question printed over two pages."""

from __future__ import annotations

from participation.paper.layout import Box, Group
from participation.paper.omr import BoxReading, BoxState, Measures, read_groups

NOTHING = Measures(4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def box(kind="option", option=None, value=None, x=20.0, group="q1") -> Box:
    """Return a box of group `group`."""
    return Box(x, 100.0, 6, group, kind, "label", 1, option, value)


def read(group: Group, states: list[tuple[Box, BoxState]]):
    """Return the group's reading from its boxes' states."""
    (reading,) = read_groups([group], [BoxReading(b, s, None, NOTHING) for b, s in states])
    return reading


def test_crosses_within_the_limit_count_and_a_filled_box_is_cancelled():
    group = Group("q1", "multiple", "Welche?", 1, limit=2)
    a, b, c = box(option=1), box(option=2, x=31), box(option=3, x=42)
    reading = read(group, [(a, BoxState.CROSSED), (b, BoxState.FILLED), (c, BoxState.CROSSED)])
    assert (reading.marked, reading.cancelled, reading.unclear) == ((a, c), (b,), False)


def test_too_many_crosses_need_review():
    group = Group("vote", "single", "Wer?", 1, limit=1)
    a, b = box(option=1, group="vote"), box(option=2, x=31, group="vote")
    reading = read(group, [(a, BoxState.CROSSED), (b, BoxState.CROSSED)])
    assert (reading.unclear, reading.reason, reading.marked) == (True, "over", (a, b))


def test_abstaining_with_an_answer_needs_review():
    group = Group("vote", "multiple", "Was?", 1, limit=2)
    a, abstain = box(option=1, group="vote"), box(kind="abstain", x=31, group="vote")
    reading = read(group, [(a, BoxState.CROSSED), (abstain, BoxState.CROSSED)])
    assert (reading.unclear, reading.reason) == (True, "mixed")
    assert not read(group, [(a, BoxState.EMPTY), (abstain, BoxState.CROSSED)]).unclear


def test_a_matrix_row_or_a_ranking_place_given_twice_needs_review():
    matrix = Group("q5", "matrix", "Wie?", 1)
    row = [box("point", option=10, value=v, x=20 + 11 * v, group="q5") for v in (1, 2)]
    other = box("point", option=11, value=1, group="q5")
    assert read(matrix, [(row[0], BoxState.CROSSED), (other, BoxState.CROSSED)]).unclear is False
    assert read(matrix, [(row[0], BoxState.CROSSED), (row[1], BoxState.CROSSED)]).reason == "over"
    ranking = Group("q6", "ranking", "Reihenfolge?", 1, limit=3)
    first = [box("rank", option=o, value=1, x=20 + 11 * o, group="q6") for o in (13, 14)]
    assert (
        read(ranking, [(first[0], BoxState.CROSSED), (first[1], BoxState.CROSSED)]).reason == "over"
    )


def test_an_unclear_box_makes_its_group_unclear():
    group = Group("q3", "yes_no", "Ja?", 1, limit=1)
    yes, no = box("yes", value=1, group="q3"), box("no", value=0, x=31, group="q3")
    reading = read(group, [(yes, BoxState.CROSSED), (no, BoxState.UNCLEAR)])
    assert (reading.unclear, reading.reason) == (True, "box")


def test_a_question_over_two_pages_is_judged_whole():
    group = Group("q2", "multiple", "Welche?", 1, limit=2)
    page_one = [
        BoxReading(box(option=o, x=20 + 11 * o, group="q2"), BoxState.CROSSED, None, NOTHING)
        for o in (1, 2)
    ]
    page_two = [BoxReading(box(option=3, x=60, group="q2"), BoxState.CROSSED, None, NOTHING)]
    assert not read_groups([group], page_one)[0].unclear
    (whole,) = read_groups([group], page_one + page_two)
    assert (whole.unclear, whole.reason, len(whole.marked)) == (True, "over", 3)
