"""The endpoints of the open data API: what each GET address returns and which parameters it
takes. api_spec.py builds the OpenAPI document from them, the page /api/ lists them, and the
index /api/v1/ names them, so the three cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Endpoint:
    """One GET operation: its path below /api/v1, what it returns and which parameters it takes.

    schema: the component the data is (a list of it when `listed`); csv: a CSV download.
    example: a query string for the page's example link ("" for none, None: no example).
    """

    path: str
    operation: str
    tag: str
    summary: object
    schema: str | None = None
    listed: bool = False
    csv: bool = False
    params: tuple[str, ...] = ()
    example: str | None = ""
    ids: tuple[str, ...] = field(default=())


LIST = ("page", "per_page")
PROPOSAL_FILTERS = ("status", "category", "district")
IMPLEMENTATION_FILTERS = ("implementation_status", "category", "vote_id")
ENDPOINTS = [
    Endpoint("/", "index", "meta", _l("Übersicht der Schnittstelle"), "Index"),
    Endpoint("/openapi.json", "openapi", "meta", _l("Diese Beschreibung im Format OpenAPI 3")),
    Endpoint(
        "/proposals",
        "listProposals",
        "proposals",
        _l("Vorschläge (ohne zurückgezogene, außer mit status=withdrawn)"),
        "Proposal",
        listed=True,
        params=LIST + PROPOSAL_FILTERS,
        example="?per_page=5",
    ),
    Endpoint(
        "/proposals.csv",
        "proposalsCsv",
        "proposals",
        _l("Vorschläge als CSV-Datei"),
        csv=True,
        params=PROPOSAL_FILTERS,
    ),
    Endpoint(
        "/proposals/{proposal_id}",
        "getProposal",
        "proposals",
        _l("Ein Vorschlag"),
        "Proposal",
        ids=("proposal_id",),
        example=None,
    ),
    Endpoint(
        "/proposals/{proposal_id}/answers",
        "listProposalAnswers",
        "answers",
        _l("Die offiziellen Antworten auf einen Vorschlag"),
        "Answer",
        listed=True,
        params=LIST,
        ids=("proposal_id",),
        example=None,
    ),
    Endpoint(
        "/answers",
        "listAnswers",
        "answers",
        _l("Offizielle Antworten der Stadtverwaltung"),
        "Answer",
        listed=True,
        params=LIST,
        example="?per_page=5",
    ),
    Endpoint(
        "/answers.csv", "answersCsv", "answers", _l("Offizielle Antworten als CSV-Datei"), csv=True
    ),
    Endpoint(
        "/surveys",
        "listSurveys",
        "surveys",
        _l("Umfragen (ohne Entwürfe)"),
        "Survey",
        listed=True,
        params=(*LIST, "phase"),
    ),
    Endpoint(
        "/surveys/{survey_id}",
        "getSurvey",
        "surveys",
        _l("Eine Umfrage mit ihren Fragen"),
        "SurveyDetail",
        ids=("survey_id",),
        example=None,
    ),
    Endpoint(
        "/surveys/{survey_id}/results",
        "getSurveyResults",
        "surveys",
        _l("Das veröffentlichte Ergebnis einer Umfrage"),
        "SurveyResults",
        ids=("survey_id",),
        example=None,
    ),
    Endpoint(
        "/surveys/{survey_id}/results.csv",
        "surveyResultsCsv",
        "surveys",
        _l("Das veröffentlichte Ergebnis einer Umfrage als CSV-Datei"),
        csv=True,
        ids=("survey_id",),
        example=None,
    ),
    Endpoint(
        "/votes",
        "listVotes",
        "votes",
        _l("Abstimmungen (ohne Entwürfe)"),
        "Vote",
        listed=True,
        params=(*LIST, "phase"),
    ),
    Endpoint(
        "/votes/{vote_id}",
        "getVote",
        "votes",
        _l("Eine Abstimmung"),
        "Vote",
        ids=("vote_id",),
        example=None,
    ),
    Endpoint(
        "/votes/{vote_id}/results",
        "getVoteResults",
        "votes",
        _l("Das veröffentlichte Ergebnis einer Abstimmung"),
        "VoteResults",
        ids=("vote_id",),
        example=None,
    ),
    Endpoint(
        "/votes/{vote_id}/results.csv",
        "voteResultsCsv",
        "votes",
        _l("Das veröffentlichte Ergebnis einer Abstimmung als CSV-Datei"),
        csv=True,
        ids=("vote_id",),
        example=None,
    ),
    Endpoint(
        "/implementations",
        "listImplementations",
        "implementations",
        _l("Stand der Umsetzung mit allen Neuigkeiten"),
        "Implementation",
        listed=True,
        params=LIST + IMPLEMENTATION_FILTERS,
        example="?per_page=5",
    ),
    Endpoint(
        "/implementations.csv",
        "implementationsCsv",
        "implementations",
        _l("Stand der Umsetzung als CSV-Datei"),
        csv=True,
        params=IMPLEMENTATION_FILTERS,
    ),
    Endpoint(
        "/implementations/{implementation_id}",
        "getImplementation",
        "implementations",
        _l("Eine Umsetzung mit ihren Neuigkeiten"),
        "Implementation",
        ids=("implementation_id",),
        example=None,
    ),
    Endpoint(
        "/categories",
        "listCategories",
        "categories",
        _l("Themenbereiche der Vorschläge"),
        "Category",
        listed=True,
    ),
]
