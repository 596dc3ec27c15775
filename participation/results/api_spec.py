"""The OpenAPI 3 document of the open data API (/api/v1/openapi.json), as Python data.

Built per request from ENDPOINTS (api_endpoints.py) and the schemas in
api_schemas.py, so the town's categories and districts are the allowed filter values and the
server address is the one the client asked. Every object says `additionalProperties: false`:
the schemathesis test fails if a response carries a field the document does not name, which
is how a field added by mistake (an e-mail address, a response id) would be caught.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from participation.core.town import current_town
from participation.results.api_endpoints import ENDPOINTS, Endpoint
from participation.results.api_params import LARGEST_ID, MAX_PAGE, MAX_PER_PAGE, PER_PAGE, PHASES
from participation.results.api_params import proposal_statuses as statuses
from participation.results.api_schemas import SCHEMAS, envelope, ref
from participation.results.models import ImplementationStatus

OPENAPI = "3.0.3"


def query(name: str, description, schema: dict) -> dict:
    """Return an optional query parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": str(description),
        "schema": schema,
    }


def choices(values) -> dict | None:
    """Return a string schema of these values (None when there are none to choose)."""
    values = list(values)
    return {"type": "string", "enum": values} if values else None


def parameters() -> dict:
    """Return the reusable parameters (a filter without any allowed value is left out)."""
    town = current_town()
    found = {
        "page": query(
            "page",
            _l("Die Seite der Liste, ab 1."),
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        ),
        "per_page": query(
            "per_page",
            _l("Einträge je Seite."),
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": PER_PAGE},
        ),
        "status": query("status", _l("Nur Vorschläge mit diesem Status."), choices(statuses())),
        "implementation_status": query(
            "status", _l("Nur Umsetzungen mit diesem Stand."), choices(ImplementationStatus)
        ),
        "category": query("category", _l("Nur dieser Themenbereich."), choices(town.categories)),
        "district": query("district", _l("Nur dieser Ortsteil."), choices(town.districts)),
        "vote_id": query(
            "vote_id",
            _l("Nur Projekte dieser Abstimmung (Bürgerbudget)."),
            {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
        ),
        "phase": query("phase", _l("Nur in dieser Phase."), choices(PHASES)),
        "if_none_match": {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "description": str(_l("Das ETag einer früheren Antwort: unverändert gibt es 304.")),
            "schema": {"type": "string"},
        },
    }
    return {name: value for name, value in found.items() if value["schema"] is not None}


def id_parameter(name: str) -> dict:
    """Return a path parameter holding a database id."""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
    }


HEADERS = {
    "ETag": {"description": "Entity tag", "schema": {"type": "string"}},
    "Link": {
        "description": 'rel="license" (and next, prev, first, last)',
        "schema": {"type": "string"},
    },
    "Retry-After": {"description": "Seconds", "schema": {"type": "string", "pattern": "^[0-9]+$"}},
}


def error(description) -> dict:
    """Return an error response."""
    return {
        "description": str(description),
        "headers": {"Link": {"$ref": "#/components/headers/Link"}},
        "content": {"application/json": {"schema": ref("Error")}},
    }


def ok(endpoint: Endpoint) -> dict:
    """Return the 200 response of an endpoint."""
    if endpoint.csv:
        content = {"text/csv": {"schema": {"type": "string"}}}
    elif endpoint.schema is None:
        content = {"application/json": {"schema": {"type": "object"}}}
    else:
        content = {"application/json": {"schema": envelope(endpoint.schema, endpoint.listed)}}
    headers = {"Link": {"$ref": "#/components/headers/Link", "required": True}}
    if not endpoint.csv:
        headers["ETag"] = {"$ref": "#/components/headers/ETag", "required": True}
    return {"description": "OK", "headers": headers, "content": content}


def operation(endpoint: Endpoint, known: dict) -> dict:
    """Return the GET operation of an endpoint."""
    responses = {"200": ok(endpoint)}
    if not endpoint.csv:
        responses["304"] = {"description": str(_l("Nicht verändert (If-None-Match)"))}
    if endpoint.params:
        responses["400"] = error(_l("Ein Parameter ist ungültig."))
    if endpoint.ids or endpoint.listed:
        responses["404"] = error(_l("Nicht gefunden oder nicht öffentlich."))
    too_many = error(_l("Zu viele Anfragen: bitte nach Retry-After Sekunden wieder."))
    too_many["headers"]["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
    responses["429"] = too_many
    names = [name for name in endpoint.params if name in known]
    if not endpoint.csv:
        names.append("if_none_match")
    return {
        "operationId": endpoint.operation,
        "tags": [endpoint.tag],
        "summary": str(endpoint.summary),
        "parameters": [id_parameter(name) for name in endpoint.ids]
        + [{"$ref": f"#/components/parameters/{name}"} for name in names],
        "responses": responses,
    }


def document() -> dict:
    """Return the OpenAPI document (in the client's language, which the caller chose)."""
    town = current_town()
    known = parameters()
    config = current_app.config
    return {
        "openapi": OPENAPI,
        "info": {
            "title": str(_l("%(platform)s: offene Daten", platform=town.platform_name)),
            "version": "1.0.0",
            "description": str(
                _l("Nur lesen. Alle Antworten stehen unter der genannten Lizenz. Zeiten in UTC.")
            ),
            "license": {"name": config["DATA_LICENCE_NAME"], "url": config["DATA_LICENCE_URL"]},
            "contact": {"name": town.contact_name, "url": url_for("api_docs.page", _external=True)},
        },
        "servers": [{"url": url_for("api.index", _external=True).rstrip("/")}],
        "paths": {e.path: {"get": operation(e, known)} for e in ENDPOINTS},
        "components": {
            "schemas": SCHEMAS,
            "parameters": known,
            "headers": HEADERS,
        },
    }
