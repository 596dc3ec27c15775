"""Requests no browser sends to the survey sheets' entry still get an answer, not a 500 (found
by the fuzz tests: a multipart part whose name cannot be read comes as the name None)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from participation.paper import entry_survey


def test_a_part_without_a_readable_name_is_no_mark():
    form = MultiDict([(None, "x"), ("q7", " 2 "), ("code", "ABC")])
    assert entry_survey.posted_values(form) == {"q7": ["2"]}
