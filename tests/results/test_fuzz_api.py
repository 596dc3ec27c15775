"""Hostile requests to every route of the open data API (/api/v1/) never get a server error,
and every refusal is the API's JSON error (status, message in words, the parameter at fault).

Each route of the URL map under the API (a route added later is fuzzed without touching this
file) gets hypothesis-generated requests: its documented query parameters (from the OpenAPI
document: page, per_page, filters with their allowed values) and unknown ones, with values
from the fuzz strategies (empty, negative, beyond any column, broken UTF-8, dates the wrong way
round), parameters sent twice, path ids that exist next to ids that cannot (0, -1, 2**31,
"1e3", "%00", text), odd Accept-Language and If-None-Match headers, and every method; first
the same canonical hostile queries every page gets (fuzz_requests.canonical_queries). The
world is the fuzz tests' seeded world (tests/core/fuzz_world.py); schemathesis checks the
answers against the document in test_api_openapi.py.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.fuzz_requests import canonical_queries, fuzz_settings, query
from tests.core.fuzz_targets import plain_app
from tests.core.fuzz_values import numbers, odd_text
from tests.core.fuzz_world import fuzz_world  # noqa: F401  (a fixture)

EXAMPLES = 15  # per route and method
ODD_IDS = (
    "0",
    "-1",
    "01",
    "1.0",
    "1e3",
    "2147483647",
    "2147483648",
    "9" * 30,
    " 1",
    "%00",
    "٣",
    "abc",
    "1;2",
    "..",
    "null",
)
COMMON = ("page", "per_page", "format", "sort", "order", "q", "since", "until", "from", "to")
LANGUAGES = ("", "en", "de-DE,de;q=0.9", "fr", "*", "en;q=abc", "x" * 300, "de;q=2,en;q=-1")
METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")


def api_routes() -> list[tuple[str, str]]:
    """Return (method, rule) for every route of the API and every method it takes."""
    pairs = set()
    for rule in plain_app().url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            pairs |= {(method, rule.rule) for method in rule.methods if method in METHODS}
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def strings_in(document) -> list[str]:
    """Return every string anywhere in a JSON document."""
    if isinstance(document, str):
        return [document]
    if isinstance(document, dict):
        document = list(document.values())
    if isinstance(document, list):
        return [text for item in document for text in strings_in(item)]
    return []


def real_paths(app, client, limit: int = 80) -> dict[str, list[str]]:
    """Return, per rule, the paths the API links to from its lists and from the documents
    those lead to (ids that exist and are public, results that are published); a CSV no
    document links to is the JSON's path with .csv."""
    adapter, paths = app.url_map.bind("localhost"), {}
    rules = [r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]
    queue = [rule + "?per_page=100" for rule in rules if "<" not in rule and rule.endswith("s")]
    while queue and limit:
        limit -= 1
        for text in strings_in(client.get(queue.pop(0)).get_json(silent=True)):
            path = urlsplit(text).path
            if not path.startswith("/api/v1/"):
                continue
            rule, _ = adapter.match(path, return_rule=True)
            if path not in paths.setdefault(rule.rule, []):
                paths[rule.rule].append(path)
                queue.append(path)
    for rule in [rule for rule in rules if rule.endswith(".csv") and not paths.get(rule)]:
        paths[rule] = [path + ".csv" for path in paths.get(rule.removesuffix(".csv"), [])]
    return paths


@pytest.fixture(scope="module")
def api(fuzz_world):  # noqa: F811
    """A client of the seeded world, the document's parameters per path and real paths."""
    client = fuzz_world.app.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    shared = document["components"]["parameters"]
    parameters = {}
    for path, item in document["paths"].items():
        listed = item.get("get", {}).get("parameters", [])
        resolved = [shared[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p for p in listed]
        parameters["/api/v1" + path] = resolved
    return client, parameters, real_paths(fuzz_world.app, client)


@st.composite
def path_of(draw, rule: str, real: list[str]) -> str:
    """Return a path of the rule the API links to, or one with ids that cannot exist."""
    if real and draw(st.booleans()):
        return draw(st.sampled_from(real))
    path = rule
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        ids = st.one_of(st.sampled_from(ODD_IDS), numbers, st.text(min_size=1, max_size=12))
        path = path[:start] + quote(draw(ids), safe="") + path[end + 1 :]
    return path


@st.composite
def documented_query(draw, parameters: list[dict]) -> str:
    """Return a query of documented parameters with allowed and hostile values, some twice."""
    pairs = []
    for parameter in draw(st.lists(st.sampled_from(parameters), max_size=4)) if parameters else []:
        schema = parameter.get("schema", {})
        allowed = [str(v) for v in schema.get("enum", [])] + [
            str(schema[k]) for k in ("minimum", "maximum", "default") if k in schema
        ]
        good = st.sampled_from(allowed) if allowed else odd_text
        pairs.append((parameter["name"], draw(st.one_of(good, good, odd_text, numbers))))
    return "&".join(f"{quote(name)}={quote(value)}" for name, value in pairs)


def check_answer(response, method: str) -> None:
    """Fail on a server error; a refusal must be the API's JSON error."""
    assert response.status_code < 500, response.status_code
    if method == "HEAD" or response.status_code < 400:
        return
    assert response.mimetype == "application/json", response.mimetype
    error = json.loads(response.get_data(as_text=True))["error"]
    assert error["status"] == response.status_code
    assert isinstance(error["message"], str) and error["message"].strip()


@pytest.mark.parametrize(("method", "rule"), api_routes(), ids=lambda value: value)
def test_no_api_request_gets_a_server_error(fuzz_world, api, method, rule):  # noqa: F811
    client, parameters, paths = api
    documented = parameters.get(rule.replace("<", "{").replace(">", "}").replace("path:", ""), [])
    names = sorted({p["name"] for p in documented} | set(COMMON))

    @st.composite
    def request(draw) -> dict:
        path = draw(path_of(rule, paths.get(rule, [])))
        if rule.endswith("<path:rest>"):  # the catch-all: any path below /api/v1/
            path = "/api/v1/" + quote(draw(st.text(min_size=1, max_size=30)), safe="/")
        parts = [draw(documented_query(documented)), draw(query(names))]
        headers = {"Accept-Language": draw(st.sampled_from(LANGUAGES))}
        if draw(st.booleans()):
            headers["If-None-Match"] = draw(st.sampled_from(('"abc"', "*", "W/", '""', "x" * 500)))
        return {"path": path + "?" + "&".join(p for p in parts if p), "headers": headers}

    statuses = []
    for text in canonical_queries(names):  # the same hostile queries whatever hypothesis draws
        path = (paths.get(rule) or [rule.replace("<path:rest>", "x")])[0]
        with fuzz_world.rolled_back():
            response = client.open(f"{path}?{text}", method=method)
            response.get_data()
            response.close()
        check_answer(response, method)

    @given(options=request())
    @fuzz_settings(EXAMPLES)
    def check(options):
        with fuzz_world.rolled_back():
            response = client.open(options["path"], method=method, headers=options["headers"])
            response.get_data()  # a streamed CSV fails only while it is read
            response.close()
        check_answer(response, method)
        statuses.append(response.status_code)

    check()
    if method == "GET" and not rule.endswith("<path:rest>"):  # guard: real data was reached
        assert 200 in statuses, statuses
