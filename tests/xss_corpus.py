"""The XSS corpus (tests/data/xss_payloads.txt) and a check of rendered HTML for what a payload
must never become: a script, an event handler, a script address, a frame, a base or a refresh.

The browser test (tests/browser/test_xss.py) watches what runs; this is the cheap counterpart
that reads the HTML the server sends (tests/core/test_xss_rendering.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss_payloads.txt"
TOKEN = re.compile(r"«(?:U\+([0-9A-Fa-f]{4,6})|REPEAT:(\d+):([^»]*))»")
# The sections the browser opens the pages of one row with (see browser_sample).
BROWSER_SECTIONS = (
    "script tags",
    "event handlers",
    "javascript:",
    "Markdown",
    "attribute breakouts",
    "SVG and MathML",
    "meta refresh",
)
# What the template probes compute when a template engine evaluates them.
PROBE_RESULTS = ("275757", "__ssti__")
# Schemes that run code or bring their own document; whitespace and control characters
# before and inside the scheme are dropped first, as browsers do.
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
# Elements no page of the app writes itself, so one in a page came from user content.
FOREIGN_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "applet", "isindex", "style"}
# The pages of a batch being printed reload themselves (<noscript>): a delay, no address.
OWN_REFRESH = re.compile(r"^\d+$")
# The only scripts the app loads: its own files.
OWN_SCRIPT = re.compile(r"^/static/")


def decode(line: str) -> str:
    """Return a corpus line with its «U+hhhh» and «REPEAT:n:text» tokens replaced."""

    def replace(match: re.Match) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        return match.group(3) * int(match.group(2))

    return TOKEN.sub(replace, line)


@lru_cache(maxsize=1)
def sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the corpus as (heading, decoded payloads), one pair per "# ---" heading."""
    groups: list[tuple[str, list[str]]] = []
    for line in PAYLOAD_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ---"):
            groups.append((line.strip("#- "), []))
        elif line.strip() and not is_comment(line):
            groups[-1][1].append(decode(line))
    return tuple((heading, tuple(group)) for heading, group in groups)


def is_comment(line: str) -> bool:
    """Whether a corpus line is a comment ("# " or a lone "#")."""
    return line.startswith("# ") or line == "#"


def payloads() -> tuple[str, ...]:
    """Return every payload of the corpus."""
    return tuple(payload for _heading, group in sections() for payload in group)


def storable() -> tuple[str, ...]:
    """Return the payloads a form can deliver: the app refuses NUL characters with 400."""
    return tuple(payload for payload in payloads() if "\x00" not in payload)


@lru_cache(maxsize=4)
def sample(per_section: int = 2) -> tuple[str, ...]:
    """Return the first storable payloads of each section: what pages showing one row of a
    kind (a survey's intro, a draft's form) are checked with over HTTP."""
    return tuple(
        payload
        for _heading, group in sections()
        for payload in [p for p in group if "\x00" not in p][:per_section]
    )


@lru_cache(maxsize=1)
def browser_sample() -> tuple[str, ...]:
    """Return the first payload of each section whose markup a browser could read otherwise
    than the HTML check does (the text-only kinds are left to the HTTP check): what the
    browser opens the pages of one row with."""
    return tuple(
        group[0]
        for heading, group in sections()
        if heading.startswith(BROWSER_SECTIONS) and "\x00" not in group[0]
    )


def fit(text: str, limit: int) -> str:
    """Return `text` cut to a column's length (what a form would have refused as too long)."""
    return text[:limit]


def scheme_of(url: str) -> str:
    """Return the lower-case scheme of an address as a browser reads it ("" for relative)."""
    cleaned = IGNORED_IN_URL.sub("", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return f"{match.group(1)}:" if match else ""


class Inspector(HTMLParser):
    """Collect what in a page could run code or take the visitor elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, dict((name, value or "") for name, value in attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, dict((name, value or "") for name, value in attrs))

    def check(self, tag: str, attrs: dict[str, str]) -> None:
        """Note every dangerous part of one start tag."""
        shown = f"<{tag} {' '.join(f'{k}={v[:60]!r}' for k, v in attrs.items())}>"
        if tag == "script" and not OWN_SCRIPT.match(attrs.get("src", "")):
            self.problems.append(f"a script that is not the app's own: {shown}")
        if tag in FOREIGN_ELEMENTS:
            self.problems.append(f"a <{tag}> element: {shown}")
        if (
            tag == "meta"
            and attrs.get("http-equiv")
            and not OWN_REFRESH.match(attrs.get("content", ""))
        ):
            self.problems.append(f"a meta http-equiv: {shown}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"an event handler attribute {name}: {shown}")
            if name == "style":
                self.problems.append(f"a style attribute: {shown}")
            if name in URL_ATTRIBUTES and scheme_of(value) in DANGEROUS_SCHEMES:
                self.problems.append(f"a {scheme_of(value)} address in {name}: {shown}")
            if name == "content" and "url=" in value.lower().replace(" ", ""):
                self.problems.append(f"a refresh address: {shown}")


def html_problems(html: str, own_style: str | None = None) -> list[str]:
    """Return what in `html` could run a payload, or an evaluated template probe; a style
    attribute equal to `own_style` is the page's own (a mail's layout)."""
    inspector = Inspector()
    inspector.feed(html.replace(f' style="{own_style}"', "") if own_style else html)
    inspector.close()
    problems = inspector.problems
    problems += [
        f"an evaluated template probe: {probe}" for probe in PROBE_RESULTS if probe in html
    ]
    return problems
