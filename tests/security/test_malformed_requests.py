"""Malformed requests get a clear 400/404/405/413 (HTML, or JSON under /api), never a 500."""


import pytest
from flask import url_for

from tests.conftest import csrf_token, submit
from tests.factories import make_proposal
from tests.integration.policy import SAMPLE_VALUES
from tests.security.conftest import table_counts

BAD_IDS = ["99999999999999999999", "9223372036854775808", "2147483648", "-1", "0", "abc",
           "1.5", "1e3", "%00", "%FF", "%D9%A3"]


def assert_clear_error(response, where: str, statuses=(400, 404, 405, 413, 415)) -> None:
    assert response.status_code in statuses, f"{where}: {response.status_code}"
    if where.startswith("/api/"):
        assert response.mimetype == "application/json", where
        body = response.get_json()
        assert body["status"] == response.status_code and body["message"], where
    else:
        assert response.mimetype == "text/html", where
        html = response.get_data(as_text=True)
        assert '<h1 class="govuk-heading-l">' in html and "Traceback" not in html, where


def _int_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and any(
                type(rule._converters[arg]).__name__ == "IdConverter"
                for arg in rule.arguments)]


def _with(app, rule, arg: str, value: str) -> str:
    values = {name: SAMPLE_VALUES.get(name, 1) for name in rule.arguments}
    values[arg] = 7777
    with app.test_request_context():
        return url_for(rule.endpoint, **values).replace("7777", value, 1)


def test_huge_negative_and_non_integer_ids_are_not_found(app, site, signed_in):
    admin = signed_in("admin")
    rules = _int_rules(app)
    assert len(rules) >= 10
    for rule in rules:
        for arg in rule.arguments:
            if type(rule._converters[arg]).__name__ != "IdConverter":
                continue
            for value in BAD_IDS:
                path = _with(app, rule, arg, value)
                response = admin.get(path)
                response.close()
                assert_clear_error(response, path, (400, 404))


@pytest.mark.parametrize("path", ["/links/a%00b", "/links?status=a%00", "/api/v1/links?country=%00",
                                  "/consultations?link=%00", "/audit?subject=%00",
                                  "/api/v1/links/a%00b"])
def test_a_nul_byte_in_the_address_is_refused(client, path):
    assert_clear_error(client.get(path), path, (400, 404))


@pytest.mark.parametrize("raw", [b"/links/\xff\xfe", b"/links/%FF%FE", b"/api/v1/links/%C3%28",
                                 b"/decisions?link=%FF", b"/api/v1/decisions?link=%FF",
                                 b"/links?country=\xc3\x28", b"/audit?subject=%ED%A0%80"])
def test_invalid_utf8_in_the_address_is_refused_or_not_found(client, raw):
    path, _, query = raw.partition(b"?")
    response = client.get(path.decode("latin-1"),
                          environ_overrides={"QUERY_STRING": query.decode("latin-1")})
    assert_clear_error(response, path.decode("latin-1"), (200, 400, 404))


def test_invalid_utf8_and_nul_in_a_comment_are_form_errors(app, site, signed_in):
    resident = signed_in("resident")
    page = f"/consultations/{site.id}"
    before = table_counts()
    for body in (b"body=Hi\xff\xfe", b"body=Hi%FF%FE", b"body=Hi%00there"):
        token = csrf_token(resident, page).encode()
        response = resident.post(f"{page}/comments", data=b"csrf_token=" + token + b"&" + body,
                                 content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 400), body
        assert "There is a problem" in response.get_data(as_text=True) or \
            response.status_code == 400
    assert table_counts() == before


def test_a_body_over_the_content_limit_gets_413_with_a_page(app, signed_in):
    officer = signed_in("officer")
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit <= 16 * 1024 * 1024
    proposal = make_proposal(status="draft")
    path = f"/officer/consultations/{proposal.id}/documents"
    token = csrf_token(officer, path)
    response = officer.post(path, data={"csrf_token": token, "title": "Report",
                                        "file": (_bytes(limit + 1), "big.pdf")},
                            content_type="multipart/form-data")
    assert_clear_error(response, path, (413,))
    assert "too large" in response.get_data(as_text=True)


def _bytes(size: int):
    import io

    return io.BytesIO(b"%PDF-1.4\n" + b"0" * (size - 9))


def test_an_oversized_ordinary_form_gets_413(client):
    token = csrf_token(client)
    response = client.post("/sign-in", data={"csrf_token": token, "email": "a" * 2_000_000})
    assert_clear_error(response, "/sign-in", (413,))


def test_an_oversized_api_request_gets_json(client):
    response = client.post("/api/v1/links", data=b"x" * 2_000_000, content_type="text/plain")
    assert_clear_error(response, "/api/v1/links", (405, 413, 415))


BROKEN_MULTIPART = {
    "no boundary": ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=a"),
    "truncated": ("multipart/form-data; boundary=x",
                  b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
                  b"Content-Type: application/pdf\r\n\r\n%PDF-1.4 trunc"),
    "garbage": ("multipart/form-data; boundary=x", b"\x00\xff" * 100),
    "json": ("application/json", b'{"title": "x", "url": "https://example.org"}'),
    "text": ("text/plain", b"title=x&url=https://example.org"),
    "xml": ("application/xml", b"<x/>"),
}


@pytest.mark.parametrize("kind", list(BROKEN_MULTIPART))
def test_a_broken_upload_is_refused_without_writing(app, signed_in, kind):
    officer = signed_in("officer")
    proposal = make_proposal(status="draft")
    path = f"/officer/consultations/{proposal.id}/documents"
    token = csrf_token(officer, path)
    content_type, body = BROKEN_MULTIPART[kind]
    before = table_counts()
    response = officer.post(path, data=body, content_type=content_type,
                            headers={"X-CSRFToken": token})
    assert response.status_code in (200, 400, 413, 415), response.status_code
    if kind in ("json", "text", "xml"):  # not a form: refused before it is read as one
        assert_clear_error(response, path, (415,))
    if response.status_code == 200:
        assert "There is a problem" in response.get_data(as_text=True)
    assert table_counts() == before


def test_a_pdf_upload_that_is_not_a_pdf_is_a_form_error(app, signed_in):
    import io

    officer = signed_in("officer")
    proposal = make_proposal(status="draft")
    path = f"/officer/consultations/{proposal.id}/documents"
    before = table_counts()
    response = submit(officer, path, {"title": "Report", "url": "",
                                      "file": (io.BytesIO(b"<html>not a pdf"), "r.pdf")},
                      content_type="multipart/form-data")
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    assert table_counts() == before


OVERLONG = {
    # form: (path template, valid data, {field: most characters})
    "respond": ("/consultations/{open}/respond", {"respondent_type": "organisation",
                                                  "organisation": "Friends"},
                {"organisation": 200, "postcode_district": 8, "reason": 5000}),
    "comment": ("/consultations/{open}/comments", {"body": "Hello"}, {"body": 5000}),
    "report": ("/comments/{comment}/report", {"reason": "spam"}, {"reason": 30}),
}


@pytest.mark.parametrize("form", list(OVERLONG))
def test_a_field_longer_than_its_column_is_a_form_error(app, site, signed_in, form):
    resident = signed_in("resident")
    template, valid, limits = OVERLONG[form]
    path = template.format(open=site.id, comment=1)
    page = f"/consultations/{site.id}" if form != "report" else path
    if form == "respond":
        valid = {**valid, "option": str(site.options[0].id)}
    for name, most in limits.items():
        before = table_counts()
        response = submit(resident, path, {**valid, name: "x" * (most + 1)}, token_from=page)
        assert response.status_code in (200, 400), f"{form}.{name}: {response.status_code}"
        html = response.get_data(as_text=True)
        assert "There is a problem" in html or response.status_code == 400, f"{form}.{name}"
        assert table_counts() == before, f"{form}.{name}"
