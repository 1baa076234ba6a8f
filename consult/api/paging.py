"""Paged lists, the headers every response documents, and the errors each route can answer."""

from http import HTTPStatus

from flask import request

from ..navigation import external_url
from ..queries.paging import Page
from . import bp


def _header(description: str) -> dict:
    return {"description": description, "required": True, "schema": {"type": "string"}}


HEADERS = {
    "ETag": _header("A hash of the body: send it back as If-None-Match for a 304."),
    "Last-Modified": _header("When any published data last changed."),
    "Cache-Control": _header("public, max-age=60"),
    "Access-Control-Allow-Origin": _header("*: any web page may read the data."),
}


def answers(*codes: int):
    """Document the error responses (404, 409 ...) a route can give, besides 400 and 304."""
    def decorate(view):
        for code in (304, *codes):
            view = bp.alt_response(code, response=HTTPStatus(code).name)(view)
        return view
    return decorate


def _page_url(number: int) -> str:
    args = {**request.args.to_dict(), "page": number}
    return external_url(request.endpoint, **(request.view_args or {}), **args)


def paged(page: Page, present, **extra) -> tuple[dict, int, dict]:
    """The page's items as `present` makes them, with the links to the pages either side."""
    body = {
        "items": [present(item) for item in page.items], "page": page.number,
        "per_page": page.per_page, "total": page.total, "pages": page.pages,
        "next": _page_url(page.next_number) if page.has_next else None,
        "prev": _page_url(page.previous_number) if page.has_previous else None, **extra,
    }
    links = [f'<{body[rel]}>; rel="{rel}"' for rel in ("next", "prev") if body[rel]]
    return body, 200, {"Link": ", ".join(links)} if links else {}
