"""WSGI entry point for gunicorn and `flask --app wsgi`."""

from consult import startup

app = startup.create_app_or_exit()
