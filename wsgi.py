"""WSGI entry point for gunicorn and `flask --app wsgi`."""

from consult import create_app

app = create_app()
