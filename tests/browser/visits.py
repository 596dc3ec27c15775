"""How a page state is described and reached: PageCase and the visit builders (open a path,
a proposal by its title, a comment by its text). pages.py and moderation_pages.py use them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from tests.browser.helpers import open_details

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

Visit = Callable[[Page, "LiveServer", str], None]


@dataclass(frozen=True)
class PageCase:
    """A page in a given state, reached as a guest (role None) or as an account holding `role`."""

    name: str
    visit: Visit
    role: str | None = None


def go(path: str, status: int = 200, shows: tuple[str, ...] = ()) -> Visit:
    """Return a visit step that opens `path` and checks the status code, the final address
    and that an element matching each selector in `shows` is visible."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        response = page.goto(path)
        assert response.status == status, f"{path} answered {response.status}"
        assert page.url == server.url + path, f"{path} was sent on to {page.url}"
        expect_visible(page, shows)

    return visit


def expect_visible(page: Page, selectors: tuple[str, ...]) -> None:
    """Fail unless an element matching each selector is visible."""
    for selector in selectors:
        expect(page.locator(selector).first).to_be_visible()


def page_of(kind: str, lookup: str) -> Callable[..., Visit]:
    """Return a builder of visits to a `kind` page (proposals, comments) found by its text."""

    def builder(text, path: str = "", shows: tuple[str, ...] = (), open_all=False) -> Visit:
        def visit(page: Page, server: LiveServer, lang: str) -> None:
            wanted = text if isinstance(text, str) else text(lang)
            item_id = getattr(server, lookup)(wanted)
            go(f"/{kind}/{item_id}{path}")(page, server, lang)
            if open_all:
                open_details(page)
            expect_visible(page, shows)

        return visit

    return builder


# A visit to a proposal (by title) or comment (by text), or to `path` below it; the text may be
# a function of the language returning it.
proposal = page_of("proposals", "proposal_id")
comment = page_of("comments", "comment_id")
