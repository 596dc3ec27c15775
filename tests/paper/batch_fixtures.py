"""Fixtures of the batch and registry tests (import them by name into a test module): a staff
member, printable subjects, a paper folder of the test's own, and a stand-in for the PDF
renderer (the real one is tested with the sheets)."""

from __future__ import annotations

import importlib
import types
from datetime import timedelta

import pytest

import participation.paper
from participation.core.permissions import Role
from participation.paper import batches, registry
from participation.paper.models import SheetKind, SheetStatus
from participation.surveys.seed import build_survey
from participation.votes.seed import MARKET_SQUARE, build_vote

FAKE_LAYOUT = {"version": 1, "fake": True}


@pytest.fixture()
def staff(make_user):
    """A staff member (Stadtverwaltung), who prints sheets and keeps the registry."""
    return make_user(roles=(Role.STAFF,), display_name="Paula Papier")


@pytest.fixture()
def vote(db, staff):
    """An open yes/no vote."""
    return build_vote(MARKET_SQUARE, author=staff)


@pytest.fixture()
def survey(db, staff):
    """An open survey with every question type."""
    return build_survey(author=staff)


@pytest.fixture()
def paper_folder(app, tmp_path, monkeypatch):
    """A paper folder of this test's own."""
    folder = tmp_path / "paper"
    monkeypatch.setitem(app.config, "PAPER_FOLDER", str(folder))
    return folder


class FakeRenderer:
    """Stands in for pdf.render_batch: one line per code, on_page after every sheet."""

    def __init__(self):
        self.calls: list[tuple[int, list[str]]] = []
        self.fail_at: int | None = None
        self.seen_printed: list[int] = []

    def __call__(self, batch, codes, on_page=None):
        self.calls.append((batch.id, list(codes)))
        for done, _code in enumerate(codes, start=1):
            if self.fail_at == done:
                raise RuntimeError("the printer ran out of ink")
            if on_page is not None:
                on_page(done)
        content = b"%PDF-1.4\n" + "\n".join(codes).encode() + b"\n%%EOF\n"
        return content, {**FAKE_LAYOUT, "pages": len(codes)}


@pytest.fixture()
def fake_pdf(monkeypatch, paper_folder):
    """Replace the PDF renderer by FakeRenderer (whether or not the real one exists yet)."""
    renderer = FakeRenderer()
    try:
        module = importlib.import_module("participation.paper.pdf")
    except ModuleNotFoundError:
        module = types.ModuleType("participation.paper.pdf")
        monkeypatch.setitem(__import__("sys").modules, "participation.paper.pdf", module)
        monkeypatch.setattr(participation.paper, "pdf", module, raising=False)
    monkeypatch.setattr(module, "render_batch", renderer, raising=False)
    return renderer


@pytest.fixture()
def make_batch(db, staff, fake_pdf):
    """Factory: make_batch(size=5, kind=IDEA, subject=None, **options) → a batch, committed as
    the printing page does (the test's transaction still undoes it); its PDF is not made yet
    (the test runs the job when it wants)."""

    def factory(size=5, kind=SheetKind.IDEA, subject=None, **options):
        options.setdefault("staff", staff)
        batch = batches.create_batch(kind, subject, size, **options)
        db.session.commit()
        batches.requested_prints()
        return batch

    return factory


def move_to(sheet, status: SheetStatus, actor) -> None:
    """Move a sheet along the usual path up to `status` (returned, entered, counted)."""
    path = [SheetStatus.RETURNED, SheetStatus.ENTERED, SheetStatus.COUNTED]
    for step in path[: path.index(status) + 1]:
        registry.move(sheet, step, actor)


DAY = timedelta(days=1)
