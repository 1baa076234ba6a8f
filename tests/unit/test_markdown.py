"""Officer Markdown becomes a small allow-list of HTML; nothing typed can run a script."""

from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from consult.markdown import ALLOWED_TAGS, render

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](https://example.org/a.png"onerror="alert(1))',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "[click](https://example.org \"title\" onclick=alert(1))",
    "<https://example.org/\" onmouseover=\"alert(1)>",
]


class Elements(HTMLParser):
    """The real elements and attributes a browser would build (escaped text is not one)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: dict[str, list[str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.setdefault(name, []).append(value or "")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_leaves_a_script_handler_or_unsafe_link(payload):
    html = str(render(payload))
    elements = Elements(html)
    assert elements.tags <= ALLOWED_TAGS
    assert set(elements.attributes) <= {"href", "rel", "class"}
    for href in elements.attributes.get("href", []):
        assert href.startswith(("https://", "http://", "mailto:"))
    assert "<script" not in html.lower() and "<img" not in html.lower()


def test_raw_html_is_shown_as_text_not_markup():
    html = str(render("Hello <b>bold</b> <script>alert(1)</script>"))
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_javascript_link_keeps_no_href():
    html = str(render("[click](javascript:alert(1))"))
    assert "javascript:" not in html.split(">", 1)[0] and 'href="javascript' not in html


def test_a_data_url_link_keeps_no_href():
    assert 'href="data:' not in str(render("[x](data:text/html,<script>alert(1)</script>)"))


def test_basic_formatting_survives_with_gov_uk_classes():
    html = str(render("# Why\n\nSome **bold** and *italic*.\n\n- one\n- two\n\n"
                      "1. first\n\n> quoted\n\n`code`\n\n[Report](https://example.org/r)"))
    assert '<h2 class="govuk-heading-m">Why</h2>' in html
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert "<blockquote>" in html and "<code>code</code>" in html
    assert ('<a href="https://example.org/r" class="govuk-link" '
            'rel="noopener noreferrer">Report</a>') in html


def test_links_get_noopener_noreferrer_and_mailto_is_allowed():
    html = str(render("[Write to us](mailto:twinning@example.org)"))
    assert 'href="mailto:twinning@example.org"' in html
    assert 'rel="noopener noreferrer"' in html


def test_relative_and_protocol_relative_links_lose_their_address():
    html = str(render("[here](/admin) [there](//evil.example/)"))
    assert "href" not in html


def test_a_picture_becomes_its_description():
    assert str(render("![A map of the city](https://example.org/map.png)")) == (
        '<p class="govuk-body">A map of the city</p>\n')


def test_the_result_is_markup_so_templates_do_not_escape_it_again():
    assert isinstance(render("*hi*"), Markup)
    assert render(None) == Markup("")
