"""The ceiling of `make bench`: a bare Flask app that returns a small HTML page.

    .venv/bin/gunicorn --workers 2 bench.bare:app

bench/pages.py serves it the same way as the platform (gunicorn, two sync workers) in the same
run, so each page's throughput can be read as a share of what Flask and gunicorn manage at all.
"""

from __future__ import annotations

from flask import Flask

PAGE = (
    '<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><title>Bench</title></head>'
    "<body><main><h1>Bürgerbeteiligung</h1><p>Eine kleine Seite ohne Datenbank.</p></main>"
    "</body></html>\n"
)

app = Flask(__name__)


@app.get("/")
def index() -> str:
    """Return the small page."""
    return PAGE
