"""The baseline: a bare Flask route served by the same gunicorn configuration."""

from flask import Flask

app = Flask(__name__)


@app.get("/bare")
def bare():
    return "ok"
