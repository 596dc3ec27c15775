"""The open data API (/api/v1/, read-only JSON and CSV, described at /api/v1/openapi.json) and
its page for people (/api/). Thin views: parse the query (api_params), read (api_data), shape
(api_shapes, api_results, api_csv) and answer (api_http). Every API view is public and shows
everyone the same: what the public pages show, nothing more (see api_data.py).
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template, request, url_for
from flask_babel import force_locale
from limits import parse_many
from werkzeug.exceptions import HTTPException

from participation.core.permissions import public
from participation.core.town import current_town
from participation.extensions import csrf, limiter
from participation.results import api_csv, api_endpoints, api_spec
from participation.results import api_data as data
from participation.results import api_params as params
from participation.results import api_results as results
from participation.results import api_shapes as shapes
from participation.results.api_http import (
    MESSAGES,
    api_error,
    api_locale,
    csv_response,
    http_error,
    json_response,
    licence,
    licence_header,
    listed,
    one,
    open_data_headers,
    rate_limit,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
docs = Blueprint("api_docs", __name__)
NOT_GET = ["POST", "PUT", "PATCH", "DELETE"]
bp.register_error_handler(params.ApiError, api_error)
bp.register_error_handler(HTTPException, http_error)  # 500 too, when not propagated (tests)
bp.after_request(open_data_headers)
limiter.shared_limit(rate_limit, scope="api")(bp)  # per client address, all endpoints together
csrf.exempt(bp)  # nothing here writes; every other method is a 405
docs.after_request(licence_header)


@bp.url_value_preprocessor
def database_ids(endpoint: str | None, values: dict | None) -> None:
    """Turn the ids in the path into numbers; anything else is a 404 (as JSON: a route with
    `<int:…>` would leave an id too large for the database to the site's HTML 404)."""
    for name in [name for name in values or {} if name.endswith("_id")]:
        values[name] = params.database_id(values[name])


def found(value):
    """Return `value`, or answer 404 when there is none."""
    if value is None:
        raise params.ApiError(404, MESSAGES[404])
    return value


@bp.get("/")
@public
def index():
    """Name the API, its description, its page and its endpoints."""
    with force_locale(api_locale()):
        endpoints = [
            {"path": e.path, "summary": str(e.summary), "url": example_url(e)}
            for e in api_endpoints.ENDPOINTS
        ]
    response = one(
        {
            "name": current_town().platform_name,
            "version": "1",
            "openapi_url": url_for("api.openapi", _external=True),
            "documentation_url": url_for("api_docs.page", _external=True),
            "endpoints": endpoints,
        }
    )
    response.headers["Vary"] = "Accept-Language"
    return response


def example_url(endpoint: api_endpoints.Endpoint) -> str | None:
    """Return the address of an endpoint without path parameters (None for the others)."""
    if endpoint.ids:
        return None
    return url_for("api.index", _external=True) + endpoint.path.lstrip("/")


@bp.get("/openapi.json")
@public
def openapi():
    """Send the OpenAPI 3 description of the API (in the client's language)."""
    with force_locale(api_locale()):
        document = api_spec.document()
    response = json_response(document, licensed=False)  # info.license names it
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.get("/proposals")
@public
def proposals():
    """List the public proposals (filters: status, category, district)."""
    filters = params.proposal_filters(request.args)
    page = data.paged(data.proposals_query(filters), *params.paging(request.args))
    return listed(page, shapes.proposal_json)


@bp.get("/proposals.csv")
@public
def proposals_csv():
    """Download the public proposals as CSV."""
    query = data.proposals_query(params.proposal_filters(request.args))
    rows = api_csv.shaped(data.chunks(query), shapes.proposal_json)
    return csv_download(api_csv.PROPOSAL_COLUMNS, rows, "proposals.csv")


def csv_download(columns, rows, name: str):
    """Return a streamed CSV of these rows."""
    return csv_response(api_csv.table(columns, rows), name)


@bp.get("/proposals/<proposal_id>")
@public
def proposal(proposal_id: int):
    """Show a public proposal."""
    return one(shapes.proposal_json(found(data.visible_proposal(proposal_id))))


@bp.get("/proposals/<proposal_id>/answers")
@public
def proposal_answers(proposal_id: int):
    """List the official answers to a public proposal, newest first."""
    found(data.visible_proposal(proposal_id))
    query = data.answers_query(proposal_id)
    return listed(data.paged(query, *params.paging(request.args), rows=True), shapes.answer_json)


@bp.get("/answers")
@public
def answers():
    """List the official answers to public proposals, newest first."""
    page = data.paged(data.answers_query(), *params.paging(request.args), rows=True)
    return listed(page, shapes.answer_json)


@bp.get("/answers.csv")
@public
def answers_csv():
    """Download the official answers as CSV."""
    rows = api_csv.shaped(data.chunks(data.answers_query(), rows=True), shapes.answer_json)
    return csv_download(api_csv.ANSWER_COLUMNS, rows, "answers.csv")


@bp.get("/surveys")
@public
def surveys():
    """List the published surveys (filter: phase), the latest opened first."""
    query = data.surveys_query(params.phase_filter(request.args))
    page = data.paged(query, *params.paging(request.args), rows=True)
    return listed(page, shapes.survey_json)


@bp.get("/surveys/<survey_id>")
@public
def survey(survey_id: int):
    """Show a published survey with its questions."""
    return one(shapes.survey_detail_json(found(data.visible_survey(survey_id))))


@bp.get("/surveys/<survey_id>/results")
@public
def survey_results(survey_id: int):
    """Show the result of a survey that the council published (frozen figures)."""
    publication = found(data.publication_of(survey_id=survey_id))
    return one(results.survey_results_json(publication))


@bp.get("/surveys/<survey_id>/results.csv")
@public
def survey_results_csv(survey_id: int):
    """Download the published result of a survey as CSV."""
    publication = found(data.publication_of(survey_id=survey_id))
    rows = api_csv.survey_rows(publication, data.hidden_texts(publication.survey))
    return csv_download(api_csv.SURVEY_COLUMNS, [rows], f"survey-{survey_id}-results.csv")


@bp.get("/votes")
@public
def votes():
    """List the published votes with their options (filter: phase), the latest opened first."""
    query = data.votes_query(params.phase_filter(request.args))
    return listed(data.paged(query, *params.paging(request.args), rows=True), shapes.vote_json)


@bp.get("/votes/<vote_id>")
@public
def vote(vote_id: int):
    """Show a published vote with its options."""
    return one(shapes.vote_json(found(data.visible_vote(vote_id))))


@bp.get("/votes/<vote_id>/results")
@public
def vote_results(vote_id: int):
    """Show the result of a vote that the council published (frozen figures)."""
    return one(results.vote_results_json(found(data.publication_of(vote_id=vote_id))))


@bp.get("/votes/<vote_id>/results.csv")
@public
def vote_results_csv(vote_id: int):
    """Download the published result of a vote as CSV."""
    rows = api_csv.vote_rows(found(data.publication_of(vote_id=vote_id)))
    return csv_download(api_csv.VOTE_COLUMNS, [rows], f"vote-{vote_id}-results.csv")


@bp.get("/implementations")
@public
def implementations():
    """List the public implementations with their updates (filters: status, category, vote)."""
    query = data.implementations_query(params.implementation_filters(request.args))
    return listed(data.paged(query, *params.paging(request.args)), shapes.implementation_json)


@bp.get("/implementations.csv")
@public
def implementations_csv():
    """Download the public implementations as CSV (one row each, with the latest update)."""
    query = data.implementations_query(params.implementation_filters(request.args))
    rows = api_csv.shaped(data.chunks(query), shapes.implementation_json)
    return csv_download(api_csv.IMPLEMENTATION_COLUMNS, rows, "implementations.csv")


@bp.get("/implementations/<implementation_id>")
@public
def implementation(implementation_id: int):
    """Show a public implementation with its updates."""
    return one(shapes.implementation_json(found(data.visible_implementation(implementation_id))))


@bp.get("/categories")
@public
def categories():
    """List the town's proposal categories with how many proposals each has."""
    counts = data.category_counts()
    items = [shapes.category_json(name, counts.get(name, 0)) for name in current_town().categories]
    return listed(data.Page(items, len(items), 1, max(1, len(items))), lambda item: item)


@bp.route("/<path:rest>", methods=["GET", "OPTIONS", *NOT_GET])
@public
def elsewhere(rest: str):
    """Answer an unknown address with 404 and any writing method with 405, as JSON (writing
    to a known address ends here too: its own route only reads)."""
    if request.method in NOT_GET:
        raise params.ApiError(405, MESSAGES[405])
    raise params.ApiError(404, MESSAGES[404])


@docs.get("/api/")
@public
def page():
    """Show people what the API offers: endpoints with examples, licence and limits."""
    limit = parse_many(rate_limit())[0]  # the first, if several are set
    return render_template(
        "results/api.html",
        endpoints=api_endpoints.ENDPOINTS,
        example_url=example_url,
        licence=licence(),
        limit_amount=limit.amount,
        limit_seconds=limit.get_expiry(),
        max_per_page=params.MAX_PER_PAGE,
    )


def init_app(app: Flask) -> None:
    """Register the API and its page."""
    app.register_blueprint(bp)
    app.register_blueprint(docs)
