"""Hypothesis strategies for hostile values of form fields and query parameters, and files.

Values mix what people type by mistake (nothing, spaces, a date the wrong way round, a number
with a comma) with what an attacker sends (NUL bytes, broken UTF-8, right-to-left overrides,
markup, numbers far beyond any column, megabytes of text, addresses that cannot be read) and
values each field accepts, so a request gets past the first checks. fuzz_requests.py puts
them together into requests.
"""

from __future__ import annotations

import io

from hypothesis import strategies as st

from tests.proposals.helpers import picture

ODD_TEXTS = (
    "",
    " ",
    " \t\r\n ",
    "\u00a0\u2003",  # no-break and em spaces
    "0",
    "-1",
    "-0",
    "1,5",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "٣",  # an Arabic-Indic three
    "0x1F",
    "2147483648",  # one past the largest INTEGER
    "-2147483649",
    "9223372036854775808",  # one past the largest BIGINT
    "9" * 40,
    "true",
    "null",
    "[]",
    "{}",
    "a\x00b",
    "\x00",
    "\x1b[31m",
    "\ufeffBOM",
    "\u202egnp.exe",  # a right-to-left override
    "שלום עולם",
    "مرحبا",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "e\u0301\u0301\u0301",
    "\u200b",
    "<script>alert(1)</script>",
    "'\"; DROP TABLE users; --",
    "%s%n{0}${7*7}{{7*7}}",
    "../../../../etc/passwd",
    "javascript:alert(1)",
    "//example.org/",
    "http://example.org/",
    "//[x",  # brackets that urlsplit takes for a broken IPv6 address
    "http://[::1",
    "/\\example.org",
    "http://a:99999/",
    "[x](javascript:alert(1))",
    "*" * 500,
    "[" * 500,
    "> " * 200,
)
ODD_DATES = (
    "31.02.2026",
    "2026-02-31",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "-0001-01-01",
    "2026-06-01T25:61",
    "1.1.1",
    "01/02/2026",
    "gestern",
    "2026-W05",
)
# Bytes that are no UTF-8: lone surrogates encoded (CESU), an overlong slash, a cut sequence.
BROKEN_UTF8 = (b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x82", b"\xff\xfe", b"caf\xe9")
LONG_SIZES = (10_000, 100_000, 1_000_000)
UNITS = ("a", "ä", "😀", "<b>x</b> ", "**fett** ", "\n", "1", "[a](b) ", "# ")

odd_text = st.sampled_from(ODD_TEXTS + ODD_DATES)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70), st.integers(min_value=-3, max_value=3)
).map(str)
long_text = st.builds(
    lambda unit, size: unit * (size // len(unit)),
    st.sampled_from(UNITS),
    st.sampled_from(LONG_SIZES),
)
# A server in front (gunicorn: 4094 bytes) refuses longer request lines before the app.
long_query_value = st.sampled_from(UNITS).map(lambda unit: unit * (4000 // len(unit)))
broken = st.sampled_from(BROKEN_UTF8)


# Values a form accepts, by what its field's name says: a request with every field plausible
# but one gets past the first checks to the services behind them.
PLAUSIBLE = (
    (
        ("date", "_on", "_at", "birth"),
        ("12.11.2026", "2026-11-12", "12.11.2026 10:00", "2026-11-12T10:00"),
    ),
    (("email",), ("frisch@example.org", "einwohnerin@example.org")),
    (("password",), ("Lange-Testphrase-2026", "Demo-Passwort-2026")),
    (
        ("count", "number", "progress", "cost", "budget", "choices", "days", "index"),
        ("1", "3", "50"),
    ),
    (("name", "surname"), ("Erika", "Müller-Lüdenscheidt")),
)
PLAIN = ("Mehr Bänke am Markt, bitte.", "Ein Vorschlag für die ganze Stadt Pößneck.")


def plausible(name: str) -> list[str]:
    """Return values a field of this name would accept."""
    for parts, values in PLAUSIBLE:
        if any(part in name.lower() for part in parts):
            return list(values)
    return list(PLAIN)


hostile = st.one_of(
    [odd_text] * 3 + [numbers] * 2 + [st.text(max_size=40)] * 2 + [broken, long_text]
)  # megabytes now and then only: a form of twenty fields would take seconds each time


def fitting(known: list[str], name: str) -> st.SearchStrategy:
    """Return a strategy for values field `name` accepts: those its page offered (`known`:
    options, hidden values, what an edit form holds) or what its name suggests."""
    chosen = [value for value in known if value.strip()] or plausible(name)
    return st.sampled_from(chosen)


# Addresses for fields that name a page to go to next: other sites, scripts, header breaks,
# and what urlsplit cannot read at all.
ODD_ADDRESSES = (
    "//[x",
    "http://[::1",
    "//example.org/",
    "https://example.org/",
    "/\\example.org",
    "javascript:alert(1)",
    "/%0d%0aSet-Cookie:x=1",
    "/\r\nLocation: http://example.org",
    "\x00/",
    "http://a:99999/",
    "/" + "a" * 3000,
)
ADDRESS_NAMES = ("next", "url", "back", "return", "redirect", "referrer", "target")


def names_a_page(name: str) -> bool:
    """Whether field `name` holds an address to go to (next=...)."""
    return any(part in name.lower() for part in ADDRESS_NAMES)


def hostile_for(name: str) -> st.SearchStrategy:
    """Return hostile values for field `name` (mostly odd addresses if it names a page)."""
    if names_a_page(name):
        return st.one_of(st.sampled_from(ODD_ADDRESSES), st.sampled_from(ODD_ADDRESSES), hostile)
    return hostile


def value_for(known: list[str], name: str = "") -> st.SearchStrategy:
    """Return a strategy for one value of field `name`: as often fitting as hostile."""
    return st.one_of(fitting(known, name), hostile_for(name))


TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PICTURE = picture("PNG")  # a real picture, large enough for every upload that takes one
FILE_CONTENTS = (
    b"",
    TINY_PNG,
    TINY_PNG[:20],  # a picture cut short
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    b"%PDF-1.7\n" + b"0" * 5000,  # looks like a PDF, is none
    b"GIF89a\x01\x00\x01\x00",
    b"\xff\xd8\xff\xe0" + b"\x00" * 64,  # a JPEG header, nothing behind it
    b"II*\x00" + b"\x00" * 64,  # a TIFF header
    b"PK\x03\x04" + b"\x00" * 30,  # a zip
    b"<svg onload=alert(1)>",
    b"Name;Stimme\r\n=1+1;Ja\r\n",
)
FILE_NAMES = (
    "bild.png",
    "scan.pdf",
    "",
    "../../etc/passwd",
    "a" * 300 + ".png",
    "ümlaut ß.jpg",
    "bild.png\x00.exe",
    "virus.exe",
    ".htaccess",
    "CON",
)
FILE_TYPES = (
    "image/png",
    "application/pdf",
    "image/jpeg",
    "text/plain",
    "application/octet-stream",
    "",
)


@st.composite
def upload(draw) -> tuple:
    """Return a file as the test client sends it: (stream, name, content type)."""
    content = draw(st.one_of(st.sampled_from(FILE_CONTENTS), st.binary(max_size=300)))
    return (
        io.BytesIO(content),
        draw(st.sampled_from(FILE_NAMES)),
        draw(st.sampled_from(FILE_TYPES)),
    )
