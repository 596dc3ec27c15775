"""Legal pages (Impressum, Datenschutz, Barrierefreiheit) from Markdown in the instance folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from participation.core.markup import render_markdown

DEFAULTS_DIR = Path(__file__).parent / "default_pages"
LEGAL_PAGES = {
    "impressum": _l("Impressum"),
    "datenschutz": _l("Datenschutzerklärung"),
    "barrierefreiheit": _l("Erklärung zur Barrierefreiheit"),
}


@dataclass(frozen=True)
class LegalPage:
    """A legal page ready to show: its HTML, its language, and whether it is a placeholder."""

    html: Markup
    language: str
    is_default: bool


def page_source(name: str, locale: str) -> tuple[Path, str, bool]:
    """Find the Markdown for `name`: the operator's file first, then the shipped default.

    `<name>.md` is German (the legally binding text); `<name>.<lang>.md` is a translation.
    Returns the path, the text's language and whether it is still the shipped default.
    """
    own = Path(current_app.instance_path) / "pages"
    candidates = ((f"{name}.{locale}.md", locale), (f"{name}.md", "de"), (f"{name}.de.md", "de"))
    for folder, is_default in ((own, False), (DEFAULTS_DIR, True)):
        for filename, language in candidates:
            if (folder / filename).is_file():
                return folder / filename, language, is_default
    raise FileNotFoundError(name)


def render_page(name: str, locale: str) -> LegalPage:
    """Return the page in `locale`, or in German when there is no translation."""
    path, language, is_default = page_source(name, locale)
    return LegalPage(render_markdown(path.read_text(encoding="utf-8")), language, is_default)
