"""Hypothesis strategies for whole requests: form bodies (url-encoded, multipart, JSON or
bytes under the wrong content type), query strings, headers, the canonical hostile requests
every route gets, and the settings of every fuzz run. The values come from fuzz_values.py.
"""

from __future__ import annotations

import io
import json
import os
from urllib.parse import urlencode

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.core.fuzz_crawl import Field, Form
from tests.core.fuzz_values import (
    BROKEN_UTF8,
    ODD_ADDRESSES,
    PICTURE,
    broken,
    fitting,
    long_query_value,
    names_a_page,
    numbers,
    odd_text,
    plausible,
    upload,
    value_for,
)


def values_of(draw, spec: Field, mode: str) -> list:
    """Return the values to send for a field: none, one, or the same key several times;
    in mode "fitting" one value it accepts."""
    if spec.kind == "file":
        good = st.builds(lambda: (io.BytesIO(PICTURE), "bild.png", "image/png"))
        values = good if mode == "fitting" else st.one_of(upload(), st.sampled_from(("", "x")))
    else:
        good = fitting(spec.values, spec.name)
        values = good if mode == "fitting" else value_for(spec.values, spec.name)
    how_many = 1 if mode == "fitting" else draw(st.sampled_from((0, 1, 1, 1, 1, 2, 3)))
    return [draw(values) for _ in range(how_many)]


@st.composite
def form_pairs(draw, form: Form) -> list[tuple[str, object]]:
    """Return the (name, value) pairs of one submission of `form`: every field fitting, or
    all but one (that gets past the first checks), or all of them mixed, with fields missing
    or repeated, unknown extra fields, and now and then a file where text belongs."""
    fields = list(form.fields.values())
    plan = draw(st.sampled_from(("fitting", "one odd", "mixed", "mixed")))
    odd_one = draw(st.sampled_from(fields)) if fields and plan == "one odd" else None
    pairs = []
    for spec in fields:
        mode = "mixed" if plan == "mixed" or spec is odd_one else "fitting"
        pairs += [(spec.name, value) for value in values_of(draw, spec, mode)]
    extra = draw(st.lists(st.tuples(st.text(min_size=1, max_size=12), value_for([])), max_size=2))
    pairs += extra
    if pairs and draw(st.integers(0, 9)) == 0:
        name, _ = pairs[draw(st.integers(0, len(pairs) - 1))]
        pairs.append((name, draw(upload())))
    return pairs


def as_text(value) -> str | bytes:
    """Return a value fit for an url-encoded body (files become their file name)."""
    return value[1] if isinstance(value, tuple) else value


def urlencoded(pairs: list) -> bytes:
    """Encode the pairs as a form does (broken UTF-8 stays broken)."""
    return urlencode([(name, as_text(value)) for name, value in pairs]).encode("ascii")


def multipart(pairs: list) -> MultiDict:
    """Return the pairs for the test client's multipart encoder (it takes no bytes as text:
    broken UTF-8 goes as Latin-1 text there)."""
    return MultiDict(
        (name, value.decode("latin-1") if isinstance(value, bytes) else value)
        for name, value in pairs
    )


def as_json(pairs: list) -> dict:
    """Return the pairs as a JSON object, as a script might post them."""
    document = {}
    for name, value in pairs:
        value = as_text(value)
        document[name] = value.decode("latin-1") if isinstance(value, bytes) else value
    return document


# JSON that is no object of strings: what a form must not take for its fields either.
odd_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


GARBAGE_TYPES = (
    "text/plain",
    "application/xml",
    "application/x-www-form-urlencoded; charset=utf-16",
    "multipart/form-data",  # no boundary
    "multipart/form-data; boundary=xyz",
    "application/json",
)


@st.composite
def body(draw, form: Form) -> dict:
    """Return the keyword arguments of client.open for one submission of `form`: url-encoded,
    multipart, JSON, or bytes under a content type that does not fit them."""
    pairs = draw(form_pairs(form))
    has_file = any(isinstance(value, tuple) for _, value in pairs)
    encoding = draw(st.sampled_from(("form", "form", "multipart", "multipart", "json", "garbage")))
    if encoding == "form" and not has_file:
        return {"data": urlencoded(pairs), "content_type": "application/x-www-form-urlencoded"}
    if encoding in ("form", "multipart"):
        return {"data": multipart(pairs), "content_type": "multipart/form-data"}
    if encoding == "json":
        document = as_json(pairs)
        if draw(st.booleans()):  # the field names with values of any shape, or any JSON
            document = draw(
                st.one_of(st.fixed_dictionaries({n: odd_json for n in document}), odd_json)
            )
        return {"data": json.dumps(document), "content_type": "application/json"}
    content = draw(st.one_of(st.binary(max_size=200), st.just(urlencoded(pairs))))
    return {"data": content, "content_type": draw(st.sampled_from(GARBAGE_TYPES))}


@st.composite
def query(draw, names: list[str]) -> str:
    """Return a query string of known and unknown parameters with hostile values."""
    chosen = draw(st.lists(st.sampled_from(names), max_size=4)) if names else []
    chosen += draw(st.lists(st.text(min_size=1, max_size=8), max_size=1))
    short = st.one_of(odd_text, numbers, broken, st.text(max_size=20))
    addresses = st.one_of(st.sampled_from(ODD_ADDRESSES), short)
    pairs = [(name, draw(addresses if names_a_page(name) else short)) for name in chosen]
    if draw(st.integers(0, 19)) == 0:
        pairs.append((draw(st.sampled_from(names or ["q"])), draw(long_query_value)))
    return urlencode(pairs)


def fuzz_settings(examples: int) -> settings:
    """Return hypothesis settings for `examples` examples per route (times FUZZ_SCALE, for a
    longer hunt by hand), the same on every run (derandomize: CI sees what a developer saw),
    with no example database."""
    return settings(
        max_examples=examples * int(os.environ.get("FUZZ_SCALE", "1")),
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


HEADER_VALUES = {
    "Referer": ("http://[x", "//[::1", "http://localhost/[", "javascript:alert(1)", "x" * 3000),
    "Accept-Language": ("", "*", "en;q=abc", "de;q=2,en;q=-1", "x" * 300, "zz-ZZ"),
    "X-Request-ID": ("", "x" * 500, "a\tb", "../../etc"),
    "If-None-Match": ('"abc"', "*", "W/", '""'),
    "If-Modified-Since": ("gestern", "Thu, 01 Jan 1970 00:00:00 GMT", "99999"),
    "Range": ("bytes=abc", "bytes=5-1", "bytes=0-0,1-1,2-2", "bytes=-999999999999"),
    "X-Forwarded-For": ("::1, [x", "999.999.999.999"),
}


@st.composite
def headers(draw) -> dict[str, str]:
    """Return a few request headers with values a proxy or browser would never send."""
    names = draw(st.lists(st.sampled_from(sorted(HEADER_VALUES)), max_size=3, unique=True))
    return {name: draw(st.sampled_from(HEADER_VALUES[name])) for name in names}


def every_field(form: Form, value) -> list[tuple[str, object]]:
    """Return pairs giving every field of `form` the value `value(name)`."""
    return [(name, value(name)) for name in form.fields]


def fitting_but(form: Form, odd) -> list[tuple[str, object]]:
    """Return pairs with a value every field accepts, but `odd(field)` where that is not
    None (so the form is valid and the odd value is really used)."""
    pairs = []
    for spec in form.fields.values():
        if (value := odd(spec)) is not None:
            pairs.append((spec.name, value))
        elif spec.kind != "file":
            known = [value for value in spec.values if value.strip()]
            pairs.append((spec.name, (known or plausible(spec.name))[0]))
    return pairs


def fitting_but_addresses(form: Form) -> list[tuple[str, object]]:
    """Return a valid submission with an unreadable address in each field naming a page."""
    return fitting_but(form, lambda spec: ODD_ADDRESSES[0] if names_a_page(spec.name) else None)


def holds_a_number(spec: Field) -> bool:
    """Whether a field holds a number or an id (hidden fields and choices mostly do)."""
    numbered = spec.kind in ("number", "hidden", "select", "radio", "checkbox", "submit")
    return numbered or spec.name.endswith("id") or any(v.isdigit() for v in spec.values)


def fitting_but_huge_numbers(form: Form) -> list[tuple[str, object]]:
    """Return a valid submission with a number beyond any column in each numbered field."""
    return fitting_but(form, lambda spec: "9" * 40 if holds_a_number(spec) else None)


def nasty(name: str) -> str:
    """Return the first odd address for a field naming a page, else text with a NUL byte."""
    return ODD_ADDRESSES[0] if names_a_page(name) else "a\x00b"


def canonical_bodies(form: Form) -> list[dict]:
    """Return the same few hostile submissions for every form, whatever hypothesis draws:
    nothing at all, every field empty, NUL bytes and unreadable addresses, a valid form with
    unreadable addresses, with numbers beyond any column, with a part without a name, every
    field such a number, broken UTF-8, a file in every field, a JSON string for a form."""
    plain = "application/x-www-form-urlencoded"
    return [
        {"data": b"", "content_type": plain},
        {"data": urlencoded(every_field(form, lambda name: "")), "content_type": plain},
        {"data": urlencoded(every_field(form, nasty)), "content_type": plain},
        {"data": urlencoded(fitting_but_addresses(form)), "content_type": plain},
        {"data": urlencoded(fitting_but_huge_numbers(form)), "content_type": plain},
        {  # a part whose name the multipart parser cannot read: request.form's key is None
            "data": multipart([*fitting_but(form, lambda spec: None), ("\n", "x")]),
            "content_type": "multipart/form-data",
        },
        {"data": urlencoded(every_field(form, lambda name: "9" * 40)), "content_type": plain},
        {"data": urlencoded(every_field(form, lambda name: BROKEN_UTF8[0])), "content_type": plain},
        {
            "data": multipart(every_field(form, lambda name: (io.BytesIO(b"x"), "x.txt", ""))),
            "content_type": "multipart/form-data",
        },
        {"data": '"x"', "content_type": "application/json"},
    ]


def canonical_queries(names: list[str]) -> list[str]:
    """Return the same few hostile query strings for every page: each known parameter an
    unreadable address or NUL byte, a number beyond any column, broken UTF-8, twice."""
    return [
        urlencode([(name, nasty(name)) for name in names]),
        urlencode([(name, "9" * 40) for name in names]),
        urlencode([(name, BROKEN_UTF8[0]) for name in names]),
        urlencode([(name, value) for name in names for value in ("1", "2")]),
    ]
