"""The open data API as a client sees it: the public proposals, official answers, votes and
surveys with their published results, implementations and categories; pages and their edges,
ETag and 304, CSV downloads safe for spreadsheets, the licence everywhere, CORS, errors as
JSON and the rate limit per address."""

from __future__ import annotations

import csv
import io

import pytest

from participation.core.channels import Channel
from participation.proposals.models import Proposal
from participation.results import publication
from participation.votes import tally as tallies
from tests.results.api_fixtures import FORMULA, open_world  # noqa: F401  (a fixture)
from tests.votes.test_results_pages import cast

pytestmark = pytest.mark.usefixtures("db")
API = "/api/v1"
LICENCE = "https://creativecommons.org/licenses/by/4.0/deed.de"


def data(client, path: str, **headers):
    """Return the `data` of a JSON answer (which must be 200)."""
    response = client.get(API + path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["data"]


def titles(items) -> set[str]:
    """Return the titles of listed objects."""
    return {item["title"] for item in items}


def rows_of(response) -> list[dict]:
    """Return the rows of a CSV answer (checking the byte order mark)."""
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


# What the API shows ---------------------------------------------------------------------------


def test_proposals_are_listed_as_the_site_lists_them(client, open_world):  # noqa: F811
    listed = data(client, "/proposals")
    assert titles(listed) == {
        "Mehr Bänke am Markt",
        FORMULA,
        "Ein Trinkbrunnen",
        "Eine Bücherkiste",
    }
    by_title = {item["title"]: item for item in listed}
    answered = by_title["Mehr Bänke am Markt"]
    assert answered["author_name"] == "Anna Öffentlich" and answered["channel"] == "online"
    assert answered["status"] == "accepted" and answered["comment_count"] == 1
    assert answered["body_text"] == "Bitte mehr Bänke.\n\n• am Markt"
    assert "<strong>mehr</strong>" in answered["body_html"]
    assert by_title["Ein Trinkbrunnen"]["author_name"] == "Paula Papier"  # agreed on the card
    assert by_title["Eine Bücherkiste"]["author_name"] is None  # no name agreed
    assert answered["published_at"].endswith("Z")
    assert data(client, f"/proposals/{open_world.answered.id}") == answered


def test_proposals_are_filtered_by_status_and_category(client, open_world):  # noqa: F811
    assert titles(data(client, "/proposals?status=accepted")) == {"Mehr Bänke am Markt"}
    assert len(data(client, "/proposals?category=Sonstiges")) == 4
    assert data(client, "/proposals?category=Verwaltungsleistungen") == []
    response = client.get(f"{API}/proposals?status=draft")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "status"


def test_official_answers_name_the_department_not_the_person(client, open_world):  # noqa: F811
    answers = data(client, "/answers")
    assert [a["department"] for a in answers] == ["Bauamt"]
    answer = answers[0]
    assert answer["to_status"] == "accepted" and answer["body_text"] == "Wird gemacht."
    assert data(client, f"/proposals/{open_world.answered.id}/answers") == answers
    assert data(client, f"/proposals/{open_world.formula.id}/answers") == []


def test_a_vote_result_is_the_frozen_published_tally(app, client, open_world):  # noqa: F811
    vote = open_world.budget_vote
    result = data(client, f"/votes/{vote.id}/results")
    frozen = publication.thawed_figures(open_world.budget_result)["tally"]
    assert frozen == tallies.count(vote)
    assert result["tally"]["ballots"] == {"online": 10, "paper": 1, "total": 11}
    counted = {o["id"]: o["votes"]["total"] for o in result["tally"]["options"]}
    assert counted == {o.id: o.votes.total for o in frozen.options}
    books = next(o for o in result["tally"]["options"] if o["position"] == 3)
    assert books["votes"] == {"online": 10, "paper": 1, "total": 11} and books["percent"] == 100.0
    positions = {o["id"]: o["position"] for o in result["tally"]["options"]}
    assert [positions[i] for i in result["budget"]["greedy"]["funded"]] == [3, 2, 4]
    assert sorted(positions[i] for i in result["budget"]["equal_shares"]["funded"]) == [2, 3, 5]
    assert result["decision"] == "Beschluss 12/2026" and result["decision_date"] == "2026-05-04"
    with app.test_request_context():
        cast(vote, (1,), Channel.PAPER)  # entered after publication: the result stays
    assert data(client, f"/votes/{vote.id}/results")["tally"] == result["tally"]


def test_votes_link_to_a_result_only_once_published(client, open_world):  # noqa: F811
    votes = {vote["id"]: vote for vote in data(client, "/votes?per_page=100")}
    published = votes[open_world.budget_vote.id]
    assert published["results_url"].endswith(f"/votes/{open_world.budget_vote.id}/results")
    assert published["phase"] == "closed" and published["budget"] == 30000
    for vote in (open_world.open_vote, open_world.prepared_vote, open_world.unprepared_vote):
        assert votes[vote.id]["results_url"] is None
        assert client.get(f"{API}/votes/{vote.id}/results").status_code == 404
    assert votes[open_world.open_vote.id]["phase"] == "open"
    assert open_world.draft_vote.id not in votes
    assert set(votes) == {v["id"] for v in data(client, "/votes?phase=closed")} | {
        open_world.open_vote.id
    }


def test_a_survey_result_has_its_figures_and_only_public_texts(client, open_world):  # noqa: F811
    survey = open_world.survey
    listed = {item["id"]: item for item in data(client, "/surveys")}
    assert (
        listed[survey.id]["results_url"]
        and listed[open_world.open_survey.id]["results_url"] is None
    )
    detail = data(client, f"/surveys/{survey.id}")
    assert detail["questions"][0]["options"][0] == "Jede Woche"
    result = data(client, f"/surveys/{survey.id}/results")
    assert result["responses"] == 3 and result["responses_by_channel"] == {"online": 2, "paper": 1}
    by_kind = {question["kind"]: question for question in result["questions"]}
    assert [c["count"] for c in by_kind["yes_no"]["counts"]] == [2, 1]
    assert by_kind["short_text"]["texts"] == [{"text": "Mehr Bänke"}]  # not the hidden ones
    assert client.get(f"{API}/surveys/{open_world.open_survey.id}/results").status_code == 404


def test_implementations_come_with_their_dated_updates(client, open_world):  # noqa: F811
    [tracked] = data(client, "/implementations")
    assert tracked["title"] == "Mehr Bänke am Markt" and tracked["department"] == "Bauamt"
    assert tracked["progress"] == 40 and tracked["planned_completion"] == "2026-09-30"
    assert [u["happened_on"] for u in tracked["updates"]] == ["2026-06-01", "2026-05-10"]
    assert data(client, f"/implementations/{tracked['id']}") == tracked
    assert data(client, "/implementations?status=done") == []
    assert data(client, "/implementations?category=Sonstiges") == [tracked]


def test_categories_count_the_listed_proposals(client, open_world):  # noqa: F811
    counts = {item["name"]: item["proposal_count"] for item in data(client, "/categories")}
    assert counts["Sonstiges"] == 4 and counts["Verwaltungsleistungen"] == 0


def test_the_index_names_every_endpoint_and_the_description(client):
    index = data(client, "/")
    assert index["openapi_url"].endswith("/api/v1/openapi.json")
    assert {"/proposals", "/votes/{vote_id}/results", "/categories"} <= {
        e["path"] for e in index["endpoints"]
    }


# HTTP conventions -----------------------------------------------------------------------------


def test_every_answer_names_the_licence_and_allows_every_origin(client, open_world):  # noqa: F811
    for path in ("/proposals", "/proposals.csv", "/nichts", "/proposals?page=0", "/openapi.json"):
        response = client.get(API + path)
        assert f'<{LICENCE}>; rel="license"' in response.headers["Link"], path
        assert response.headers["Access-Control-Allow-Origin"] == "*", path
    body = client.get(f"{API}/proposals").get_json()
    assert body["licence"] == {
        "name": "CC BY 4.0",
        "url": LICENCE,
        "attribution": "Bürgerbeteiligung Pößneck",
    }
    preflight = client.options(f"{API}/proposals")
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "ETag" in preflight.headers["Access-Control-Expose-Headers"]


def test_the_licence_is_configurable(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_LICENCE_NAME", "Datenlizenz Deutschland 2.0")
    monkeypatch.setitem(app.config, "DATA_LICENCE_URL", "https://www.govdata.de/dl-de/by-2-0")
    response = client.get(f"{API}/categories")
    assert response.get_json()["licence"]["name"] == "Datenlizenz Deutschland 2.0"
    assert '<https://www.govdata.de/dl-de/by-2-0>; rel="license"' in response.headers["Link"]
    page = client.get("/api/")
    assert "Datenlizenz Deutschland 2.0" in page.get_data(as_text=True)
    assert "https://www.govdata.de/dl-de/by-2-0" in page.headers["Link"]


def test_an_unchanged_answer_is_a_304(client, db, open_world):  # noqa: F811
    first = client.get(f"{API}/proposals")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(f"{API}/proposals", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    db.session.get(Proposal, open_world.formula.id).title = "Ein neuer Titel"
    db.session.flush()
    changed = client.get(f"{API}/proposals", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_pages_link_to_each_other(client, open_world):  # noqa: F811
    response = client.get(f"{API}/proposals?per_page=3&category=Sonstiges")
    body = response.get_json()
    assert body["meta"] == {"page": 1, "per_page": 3, "total": 4, "pages": 2}
    assert body["links"]["prev"] is None
    assert "page=2" in body["links"]["next"] and "category=Sonstiges" in body["links"]["next"]
    assert 'rel="next"' in response.headers["Link"]
    second = client.get(body["links"]["next"]).get_json()
    assert len(second["data"]) == 1 and second["links"]["next"] is None
    assert client.get(f"{API}/proposals?page=3&per_page=3").status_code == 404
    odd = client.get(f"{API}/proposals?per_page=1&endpoint=x&_scheme=javascript&_anchor=y")
    assert odd.status_code == 200  # a query parameter never reaches url_for
    assert odd.get_json()["links"]["next"].startswith("http://localhost/api/v1/proposals?")


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "page=",
        "page=1.5",
        "page=10001",
        "page=99999999999999999999",
        "page=1&page=2",
        "per_page=0",
        "per_page=101",
        "per_page=zehn",
        "phase=vorbei",
    ],
)
def test_bad_page_numbers_are_a_400_in_json(client, query):
    path = "/votes" if query.startswith("phase") else "/proposals"
    response = client.get(f"{API}{path}?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["parameter"] == query.split("=")[0]
    assert error["message"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path", ["/proposals/0", "/proposals/abc", "/proposals/99999999999", "/votes/-1", "/nichts/da"]
)
def test_unknown_addresses_are_a_404_in_json(client, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_writing_is_a_405_in_json(client, open_world):  # noqa: F811
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(f"{API}/proposals/{open_world.answered.id}")
        assert response.status_code == 405
        assert response.get_json()["error"]["status"] == 405
        assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_too_many_requests_get_a_429_with_retry_after(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    for _ in range(3):
        assert client.get(f"{API}/categories").status_code == 200
    response = client.get(f"{API}/proposals")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    error = response.get_json()["error"]
    assert error["status"] == 429 and "Sekunde" in error["message"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/").status_code == 200  # the page for people is not limited
    other = app.test_client()
    blocked = other.get(f"{API}/categories", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert blocked.status_code == 200  # the limit is per address


# CSV ------------------------------------------------------------------------------------------


def test_csv_downloads_are_safe_for_spreadsheets(client, open_world):  # noqa: F811
    response = client.get(f"{API}/proposals.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="proposals.csv"'
    assert f'<{LICENCE}>; rel="license"' in response.headers["Link"]
    rows = {row["id"]: row for row in rows_of(response)}
    formula = rows[str(open_world.formula.id)]
    assert formula["title"] == "'" + FORMULA and formula["body_text"] == "'-1+1 @Rathaus"
    assert rows[str(open_world.answered.id)]["author_name"] == "Anna Öffentlich"
    assert len(rows) == 4
    [tracked] = rows_of(client.get(f"{API}/implementations.csv"))
    assert tracked["latest_update_text"] == "'=1+1" and tracked["update_count"] == "2"
    [answer] = rows_of(client.get(f"{API}/answers.csv"))
    assert answer["department"] == "Bauamt"
    filtered = rows_of(client.get(f"{API}/proposals.csv?status=accepted"))
    assert [row["title"] for row in filtered] == ["Mehr Bänke am Markt"]


def test_published_results_download_as_csv(client, open_world):  # noqa: F811
    vote_rows = rows_of(client.get(f"{API}/votes/{open_world.budget_vote.id}/results.csv"))
    books = next(row for row in vote_rows if row["position"] == "3")
    assert (books["online"], books["paper"], books["total"]) == ("10", "1", "11")
    assert books["funded_greedy"] == "1" and books["funded_equal_shares"] == "1"
    ballots = next(row for row in vote_rows if row["row"] == "ballots")
    assert ballots["total"] == "11"
    survey_rows = rows_of(client.get(f"{API}/surveys/{open_world.survey.id}/results.csv"))
    texts = [row["label"] for row in survey_rows if row["figure"] == "text"]
    assert texts == ["Mehr Bänke"]
    shares = [
        row["percent"] for row in survey_rows if row["question_kind"] == "yes_no" and row["percent"]
    ]
    assert shares == ["66,67", "33,33"]  # decimal comma
    for subject in (f"votes/{open_world.open_vote.id}", f"surveys/{open_world.open_survey.id}"):
        assert client.get(f"{API}/{subject}/results.csv").status_code == 404


# The page for people --------------------------------------------------------------------------


def test_the_page_lists_the_endpoints_licence_and_limit(client):
    response = client.get("/api/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "GET /proposals" in page and "GET /votes/{vote_id}/results" in page
    assert f'href="{LICENCE}" rel="license"' in page
    assert "120" in page and "/api/v1/openapi.json" in page
    assert 'href="/api/"' in client.get("/").get_data(as_text=True)  # linked from the footer
