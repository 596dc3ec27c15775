"""WSGI entry point: `gunicorn wsgi:app` in production, `flask --app wsgi.py` for the CLI."""

from participation import create_app

app = create_app()
