"""What the fuzz tests send to each route: who sends it, to which real URLs, with which fields.

Every rule of the URL map is a target (no list by hand). Its URLs come from the walk of the
seeded world (fuzz_crawl.py); a route no page links to (a link in a mail, a form shown only
after another form was sent) gets URLs built from the argument values the walk saw on other
routes. Its fields come from the forms the walk saw; else from the WTForms classes its view
names; else from the forms of its sibling routes (same blueprint, same URL arguments).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter
from wtforms import Form as WTForm
from wtforms import fields as wt

from tests.core.fuzz_crawl import Field, Form, Found
from tests.core.fuzz_world import visitors_of

# The API under /api/v1/ has a fuzz test of its own (tests/results/test_fuzz_api.py); static
# files read no input.
SKIPPED = ("api.", "static")
FALLBACK_VALUES = {"int": [1, 2**31 - 1], "default": ["x", "not-a-real-token"]}
FORM_NAME = re.compile(r"\b(?:(\w+)\.)?([A-Z]\w*Form)\b")
ARG_NAMES = re.compile(r"""\bargs(?:\.get(?:list)?\(|, )\s*["'](\w+)["']""")
PACKAGE = Path(__file__).resolve().parents[2] / "participation"


@dataclass
class Target:
    """One route and method to fuzz."""

    method: str
    endpoint: str
    rule: str
    visitors: list[str]
    urls: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    query_names: list[str] = field(default_factory=list)


def fuzzed_rules(app: Flask) -> list[tuple[str, Rule]]:
    """Return (method, rule) for every GET and POST of every route but SKIPPED."""
    pairs = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(SKIPPED):
            continue
        pairs += [(method, rule) for method in ("GET", "POST") if method in rule.methods]
    return sorted(pairs, key=lambda pair: (pair[1].endpoint, pair[0], pair[1].rule))


def argument_values(app: Flask, found: dict[str, Found]) -> dict[str, list]:
    """Return, for each URL argument name, the values the walk saw in real URLs."""
    adapter, values = app.url_map.bind("localhost"), {}
    for per_visitor in found.values():
        for (method, _), urls in per_visitor.urls.items():
            for url in urls:
                try:
                    _, args = adapter.match(url.split("?")[0], method=method)
                except HTTPException:
                    continue
                for name, value in args.items():
                    known = values.setdefault(name, [])
                    if value not in known:
                        known.append(value)
    return values


def built_urls(rule: Rule, values: dict[str, list], limit: int = 4) -> list[str]:
    """Return URLs of `rule` with argument values seen elsewhere (or placeholders)."""
    urls = []
    for index in range(limit):
        args = {}
        for name in rule.arguments:
            number = isinstance(rule._converters[name], NumberConverter)
            fallback = FALLBACK_VALUES["int" if number else "default"]
            pool = values.get(name) or fallback
            args[name] = pool[index % len(pool)]
        try:
            url = rule.build(args, append_unknown=False)[1]
        except Exception:  # noqa: BLE001 - a value the converter refuses: try the next
            continue
        if url not in urls:
            urls.append(url)
    return urls


def kind_of(control) -> str:
    """Return what an HTML form would show for a WTForms field."""
    for cls, kind in (
        (wt.FileField, "file"),
        (wt.BooleanField, "checkbox"),
        (wt.SelectFieldBase, "select"),
        (wt.DateField, "date"),
        (wt.IntegerField, "number"),
        (wt.DecimalField, "number"),
        (wt.HiddenField, "hidden"),
        (wt.SubmitField, "submit"),
    ):
        if isinstance(control, cls):
            return kind
    return "text"


def wtforms_of(app: Flask, endpoint: str) -> list[Form]:
    """Return the fields of the WTForms classes the view's source names."""
    view = inspect.unwrap(app.view_functions[endpoint])
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return []
    forms = []
    for module, name in sorted(set(FORM_NAME.findall(source))):
        owner = view.__globals__.get(module) if module else None
        cls = getattr(owner, name, None) if module else view.__globals__.get(name)
        if not (isinstance(cls, type) and issubclass(cls, WTForm)):
            continue
        with app.test_request_context(method="POST"):
            try:
                form = cls(formdata=None, meta={"csrf": False})
            except Exception:  # noqa: BLE001 - a form that needs arguments: no fields from it
                continue
            controls = list(form)
        forms.append(
            Form("", "POST", {c.name: Field(c.name, kind_of(c), choices(c)) for c in controls})
        )
    return forms


def choices(control) -> list[str]:
    """Return the values a select offers (those the form knows without the view)."""
    pairs = getattr(control, "choices", None) or []
    try:
        return [str(pair[0] if isinstance(pair, tuple) else pair) for pair in pairs]
    except (TypeError, IndexError):
        return []


def query_names_in_code() -> set[str]:
    """Return the query parameters the package's code reads by name."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        names |= set(ARG_NAMES.findall(path.read_text(encoding="utf-8")))
    return names


def forms_for(app: Flask, method: str, rule: Rule, found: dict[str, Found]) -> list[Form]:
    """Return the forms that send to the route: seen by the walk and named by the view (its
    WTForms classes know fields a page may not show in the seeded states), else the forms of
    sibling routes (same blueprint and URL arguments)."""
    seen = [form for each in found.values() for form in each.forms.get((method, rule.endpoint), [])]
    if method == "GET":
        return seen
    shown = {name for form in seen for name in form.fields}
    named = [form for form in wtforms_of(app, rule.endpoint) if set(form.fields) - shown]
    if seen or named:
        return seen + named
    blueprint = rule.endpoint.split(".")[0]
    siblings = [
        other.endpoint
        for other in app.url_map.iter_rules()
        if other.endpoint.startswith(blueprint + ".")
        and set(other.arguments) == set(rule.arguments)
    ]
    return [
        form
        for each in found.values()
        for sibling in siblings
        for form in each.forms.get(("POST", sibling), [])
    ]


def matches(adapter, url: str, method: str, rule: Rule) -> bool:
    """Whether `url` reaches `rule` (two rules may share an endpoint)."""
    try:
        found, _ = adapter.match(url.split("?")[0], method=method, return_rule=True)
    except HTTPException:
        return False
    return found is rule


def urls_for(app: Flask, method: str, rule: Rule, visitors: list[str], found: dict) -> list[str]:
    """Return the real URLs of the route the walk saw: the visitors' own, else anybody's."""
    adapter, key = app.url_map.bind("localhost"), (method, rule.endpoint)
    for walkers in (visitors, list(found)):
        urls = [url for name in walkers for url in found[name].urls.get(key, [])]
        urls = [url for url in dict.fromkeys(urls) if matches(adapter, url, method, rule)]
        if urls:
            return urls
    return []


def target_id(method: str, rule: Rule, app: Flask) -> str:
    """Return the test id of a target: method and endpoint (and the rule, if it shares it)."""
    shared = sum(other.endpoint == rule.endpoint for other in app.url_map.iter_rules()) > 1
    return f"{method} {rule.endpoint}" + (f" {rule.rule}" if shared else "")


def targets(app: Flask, found: dict[str, Found]) -> dict[str, Target]:
    """Return every target of the app by its test id."""
    values = argument_values(app, found)
    walked = set().union(*(each.query_names for each in found.values()))
    common = query_names_in_code() | walked
    result = {}
    for method, rule in fuzzed_rules(app):
        visitors = visitors_of(app.view_functions[rule.endpoint].access)
        urls = urls_for(app, method, rule, visitors, found) or built_urls(rule, values)
        target = Target(method, rule.endpoint, rule.rule, visitors, urls)
        target.forms = forms_for(app, method, rule, found)
        target.query_names = sorted(
            common | {name for form in target.forms for name in form.fields}
        )
        result[target_id(method, rule, app)] = target
    return result


@cache
def plain_app() -> Flask:
    """Return an app built only to read its URL map (no database): the tests are
    parametrized with its routes before any fixture exists."""
    from participation import create_app
    from participation.extensions import limiter

    saved = dict(vars(limiter))  # create_app binds the process's one Limiter
    try:
        return create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    finally:
        vars(limiter).clear()
        vars(limiter).update(saved)


def route_ids() -> list[str]:
    """Return the ids of all targets."""
    app = plain_app()
    return [target_id(method, rule, app) for method, rule in fuzzed_rules(app)]
