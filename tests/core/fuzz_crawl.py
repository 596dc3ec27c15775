"""Walk the seeded site as one visitor: follow every link, read every form.

What the walk finds tells the fuzz tests (test_fuzz_forms.py) which real URLs each route has
in the seeded world (its URL arguments filled with objects that exist and that this visitor
may see) and which fields each form sends, so no route or field needs to be listed by hand.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

PAGES_PER_ENDPOINT = 3  # pages of one route the walk opens (more only repeat the same forms)
URLS_PER_ENDPOINT = 6  # URLs of one route kept for the fuzzing
MAX_PAGES = 400  # per visitor: the walk stops here whatever is left
SKIP_PREFIXES = ("/static/", "/api/v1/")  # files; the open data API has a fuzz test of its own


@dataclass
class Field:
    """One named control of a form: what it is and the values the page offers for it."""

    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, number, date, submit, …
    values: list[str] = field(default_factory=list)


@dataclass
class Form:
    """A form as a page shows it: where it goes, how, and its fields by name."""

    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)
    multipart: bool = False

    def add(self, name: str, kind: str, value: str | None) -> None:
        """Add a control (a name seen again adds its value: radios, checkboxes, options)."""
        known = self.fields.setdefault(name, Field(name, kind))
        if value is not None and value not in known.values:
            known.values.append(value)


class PageParser(HTMLParser):
    """Collect the links, image sources and forms of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Note links, sources and the controls of the form being read."""
        attr = {name: value or "" for name, value in attrs}
        if tag == "a" and attr.get("href"):
            self.links.append(attr["href"])
        elif tag in ("img", "source") and attr.get("src"):
            self.links.append(attr["src"])
        elif tag == "form":
            enctype = attr.get("enctype", "").lower()
            method = (attr.get("method") or "get").upper()
            self._form = Form(attr.get("action", ""), method, multipart="multipart" in enctype)
            self.forms.append(self._form)
        elif self._form is not None:
            self._control(tag, attr)

    def _control(self, tag: str, attr: dict) -> None:
        form, name = self._form, attr.get("name")
        if tag == "option" and self._select:
            form.add(self._select, "select", attr.get("value", ""))
        if not name or name == "csrf_token":
            return
        if tag == "input":
            kind = attr.get("type", "text").lower()
            form.add(name, kind, attr.get("value"))
        elif tag == "button" and attr.get("type", "submit").lower() == "submit":
            form.add(name, "submit", attr.get("value", ""))
        elif tag == "select":
            self._select = name
            form.add(name, "select", None)
        elif tag == "textarea":
            self._textarea = name
            form.add(name, "textarea", None)

    def handle_data(self, data: str) -> None:
        """Keep what a textarea holds (an edit form's text: a value the form accepts)."""
        if self._form is not None and self._textarea and data.strip():
            self._form.add(self._textarea, "textarea", data.strip("\n"))

    def handle_endtag(self, tag: str) -> None:
        """Close the form or select being read."""
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@dataclass
class Found:
    """What a walk found: real URLs and forms per endpoint (method, endpoint) → list."""

    urls: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    forms: dict[tuple[str, str], list[Form]] = field(default_factory=dict)
    query_names: set[str] = field(default_factory=set)
    pages: int = 0
    errors: list[str] = field(default_factory=list)  # pages that failed: URL and what happened

    def add_url(self, method: str, endpoint: str, url: str) -> None:
        """Keep `url` for the route (up to URLS_PER_ENDPOINT different ones)."""
        known = self.urls.setdefault((method, endpoint), [])
        if url not in known and len(known) < URLS_PER_ENDPOINT:
            known.append(url)

    def urls_of(self, method: str) -> list[str]:
        """Return every URL kept for `method`."""
        return [url for (each, _), urls in self.urls.items() if each == method for url in urls]

    def add_form(self, endpoint: str, form: Form) -> None:
        """Keep the form for the route it sends to (one per distinct set of field names)."""
        known = self.forms.setdefault((form.method, endpoint), [])
        if all(set(other.fields) != set(form.fields) for other in known):
            known.append(form)


def local(base: str, href: str) -> str | None:
    """Return `href` as a path with query on this site, or None for other sites and schemes."""
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https") or parts.netloc not in ("", "localhost"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def endpoint_of(adapter: MapAdapter, url: str, method: str) -> str | None:
    """Return the endpoint `url` reaches with `method` (None if no route takes it)."""
    try:
        rule, _ = adapter.match(urlsplit(url).path, method=method, return_rule=True)
    except HTTPException:
        return None
    return rule.endpoint


def read_page(found: Found, adapter: MapAdapter, url: str, html: str) -> list[str]:
    """Record the page's forms and return the local URLs its links and forms lead to."""
    parser = PageParser()
    parser.feed(html)
    followed = []
    for href in parser.links:
        target = local("http://localhost" + url, href)
        if target:
            followed.append(target)
    for form in parser.forms:
        form.action = local("http://localhost" + url, form.action or url) or url
        endpoint = endpoint_of(adapter, form.action, form.method)
        if endpoint is None:
            continue
        found.add_form(endpoint, form)
        found.add_url(form.method, endpoint, form.action)
        if form.method == "GET":
            found.query_names |= set(form.fields)
            followed.append(form.action)
    return followed


def crawl(client, adapter: MapAdapter, starts: list[str], sign_in=lambda: None) -> Found:
    """Walk the site from `starts` as the visitor `sign_in()` makes the client (again).

    Each page's links wait in a line of their own and the walk takes one link from each line
    in turn, so the links of a personal page (my proposals) are not crowded out by those of a
    long public list before the walk has opened PAGES_PER_ENDPOINT pages of a route.
    """
    found, opened, seen = Found(), {}, set(starts)
    lines = deque([deque(starts)])
    while lines and found.pages < MAX_PAGES:
        line = lines.popleft()
        url = line.popleft()
        if line:
            lines.append(line)
        targets = visit(found, opened, client, adapter, url, sign_in)
        fresh = deque(target for target in targets if target not in seen)
        seen.update(fresh)
        if fresh:
            lines.append(fresh)
    return found


def visit(found: Found, opened: dict, client, adapter: MapAdapter, url: str, sign_in) -> list:
    """Open `url` unless enough pages of its route were opened; return where it leads."""
    endpoint = endpoint_of(adapter, url, "GET")
    if url.startswith(SKIP_PREFIXES) or endpoint is None:
        return []
    if opened.get(endpoint, 0) >= PAGES_PER_ENDPOINT:
        return []
    opened[endpoint] = opened.get(endpoint, 0) + 1
    found.add_url("GET", endpoint, url)
    found.query_names |= {name for name, _ in parse_qsl(urlsplit(url).query)}
    sign_in()  # a page may have signed the visitor out or changed the session
    found.pages += 1
    try:
        response = client.get(url)
        body = response.get_data()  # also ends a streamed answer in its context
        response.close()
    except Exception as error:  # noqa: BLE001 - the walk goes on; the test reports it
        found.errors.append(f"GET {url}: {error!r}")
        return []
    if response.status_code >= 500:
        found.errors.append(f"GET {url}: {response.status_code}")
    if response.status_code != 200 or response.mimetype != "text/html":
        return []
    return read_page(found, adapter, url, body.decode())
