"""Requests no browser sends to a survey still get an answer, not a 500 (found by the fuzz
tests: a multipart part whose name cannot be read comes as the name None)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from participation.surveys import answering
from tests.surveys.test_answer_validation import full_values


def test_a_part_without_a_readable_name_is_no_answer():
    assert answering.posted_values(MultiDict([(None, "x"), ("q1", "2")])) == {"q1": ["2"]}


def test_a_survey_sent_with_a_part_without_a_name_is_checked_as_usual(client, login_as, survey):
    login_as()
    pairs = [(name, value) for name, values in full_values(survey).items() for value in values]
    data = MultiDict([*pairs, ("\n", "kein Name")])  # the header of this part breaks
    response = client.post(f"/surveys/{survey.id}", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Eine Online-Wahlhilfe" in response.get_data(as_text=True)  # shown for the check
