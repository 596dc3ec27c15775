"""The OpenAPI document of the open data API is valid OpenAPI 3, and the API keeps to it:
schemathesis generates requests for every operation (valid ones, and invalid ones that must
get a 4xx) against the app in-process, on a database with something of everything, and checks
that no answer is a server error and that every status, content type, header and body is the
documented one. Objects in the document allow no other fields, so a field added by mistake
fails here."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.results.api_fixtures import open_world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("db")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 8  # per operation and mode: the whole run stays well under a minute


def test_the_document_is_valid_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["info"]["license"]["name"] == "CC BY 4.0"


def test_every_route_of_the_api_is_in_the_document(app, client):
    documented = set(client.get("/api/v1/openapi.json").get_json()["paths"])
    routes = {
        rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.elsewhere"
    }
    assert routes == documented


def known_ids(world) -> dict[str, int]:
    """Return ids that exist, so generated requests reach real data (200), not only 404."""
    return {
        "proposal_id": world.answered.id,
        "survey_id": world.survey.id,
        "vote_id": world.budget_vote.id,
        "implementation_id": world.implementation.id,
    }


def run(operation, mode: GenerationMode, checks: list, path_parameters=None) -> None:
    """Send EXAMPLES generated requests to one operation and run the checks on each answer."""

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(checks=checks)

    check()


def test_the_api_keeps_to_its_document(app, open_world, monkeypatch):  # noqa: F811
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000 per minute")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ids = known_ids(open_world)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19  # every path but the document itself
    for operation in operations:
        names = {parameter.name for parameter in operation.path_parameters}
        if names:
            run(operation, GenerationMode.POSITIVE, CHECKS, {n: ids[n] for n in names})
        run(operation, GenerationMode.POSITIVE, CHECKS)
        if operation.query or names:
            run(operation, GenerationMode.NEGATIVE, [*CHECKS, negative_data_rejection])
