"""HTTP caching and sharing for open data: ETag, Last-Modified, 304s and CORS."""

from flask import Flask, Response, request

from .. import clock
from ..queries import open_data

MAX_AGE = 60
EXPOSED = "ETag, Last-Modified, Link"


def allow_any_origin(response: Response) -> Response:
    """Anyone's web page may read the data; a preflight may ask only for GET."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def conditional(response: Response) -> Response:
    """A successful GET gets validators and a short public cache life; a match becomes 304.

    The ETag is a hash of the body itself; Last-Modified is when anything published last
    changed (open_data.last_modified), which is never earlier than this resource's change.
    """
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.add_etag()
    response.last_modified = open_data.last_modified(clock.now())
    return response.make_conditional(request)


def _api_response(response: Response) -> Response:
    if not request.path.startswith("/api/"):
        return response
    return conditional(allow_any_origin(response))


def init_app(app: Flask) -> None:
    app.after_request(_api_response)
