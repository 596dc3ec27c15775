"""Legal pages (Impressum, Datenschutz, Barrierefreiheit) from Markdown in the instance folder."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from participation.core.markup import render_markdown

DEFAULTS_DIR = Path(__file__).parent / "default_pages"
LEGAL_PAGES = {
    "impressum": _l("Impressum"),
    "datenschutz": _l("Datenschutzerklärung"),
    "barrierefreiheit": _l("Erklärung zur Barrierefreiheit"),
}


def page_source(name: str, locale: str) -> tuple[Path, bool]:
    """Find the Markdown for `name`: the operator's file first, then the shipped default.

    Returns the path and whether it is still the shipped default.
    """
    own = Path(current_app.instance_path) / "pages"
    for folder, is_default in ((own, False), (DEFAULTS_DIR, True)):
        for filename in (f"{name}.{locale}.md", f"{name}.md", f"{name}.de.md"):
            if (folder / filename).is_file():
                return folder / filename, is_default
    raise FileNotFoundError(name)


def render_page(name: str, locale: str):
    """Return the rendered page and whether the operator still has to write it."""
    path, is_default = page_source(name, locale)
    return render_markdown(path.read_text(encoding="utf-8")), is_default
