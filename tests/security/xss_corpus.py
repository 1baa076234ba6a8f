"""Script-injection payloads and the checks that say an output left them inert."""

import csv
import io
import json
from html.parser import HTMLParser

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "<svg onload=alert(1)>"
JS_URL = "javascript:alert(1)"
MARKDOWN_LINK = "[x](javascript:alert(1))"
MARKDOWN_HTML_LINK = '<a href="javascript:alert(1)">x</a>'
TEMPLATE = "{{7*7}}"
ENTITY = "&lt;script&gt;alert(1)&lt;/script&gt;&#x3C;img src=x onerror=alert(1)&#x3E;"
URL_ENCODED = "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
SINGLE_QUOTE = "' onmouseover='alert(1)"

PAYLOADS = (TEMPLATE, SCRIPT, IMG, SVG, JS_URL, MARKDOWN_LINK, MARKDOWN_HTML_LINK, ENTITY,
            URL_ENCODED, SINGLE_QUOTE)
# Spreadsheets run these as formulas when a cell starts with them.
FORMULAS = ('=HYPERLINK("https://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(1+1)")


def payload(tag: str, limit: int = 5000, *, formula: str = "") -> str:
    """A field value: an optional formula first, then a tag naming the field, then as many
    payloads as fit in `limit` characters. The tag lets a test see that the field is shown."""
    text = f"{formula} {tag}" if formula else tag
    for item in PAYLOADS:
        if len(text) + 1 + len(item) <= limit:
            text += " " + item
    return text


DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


def _scheme(value: str) -> str:
    # Browsers drop whitespace and control characters inside a scheme.
    return "".join(ch for ch in value if ch > " ").lower()


class _LiveMarkup(HTMLParser):
    """Collects every place where the parsed page would run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name in URL_ATTRIBUTES and _scheme(value or "").startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = True
            if "src" not in values and "nonce" not in values:
                self.problems.append("<script> without a nonce")
        if tag in ("iframe", "embed", "object", "base") or (
                tag == "img" and values.get("src") == "x"):
            self.problems.append(f"<{tag}> from input")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.problems.append("script body from input")
        self.text.append(data)


def live_markup(html: str) -> tuple[list[str], str]:
    """The script-running markup found in `html`, and the page's text as a reader sees it."""
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.problems, "".join(parser.text)


def assert_inert_html(html: str, where: str, shown: tuple[str, ...] = ()) -> None:
    """No payload became markup, and each tag in `shown` is on the page as plain text
    (with the template payload not evaluated)."""
    problems, text = live_markup(html)
    assert not problems, f"{where}: live markup from input: {problems}"
    for tag in shown:
        assert tag in text, f"{where}: {tag} is not shown, so the check proves nothing"
    if shown:
        assert TEMPLATE in text, f"{where}: {TEMPLATE} was evaluated or dropped"


def json_strings(value) -> list[str]:
    """Every string in a decoded JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []


def assert_json_holds(body: bytes, content_type: str, where: str, shown: tuple[str, ...]):
    assert content_type.startswith("application/json"), f"{where}: {content_type}"
    strings = json_strings(json.loads(body))
    for tag in shown:
        assert any(tag in s for s in strings), f"{where}: {tag} missing"
    return strings


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_csv_neutralised(text: str, where: str, shown: tuple[str, ...] = ()) -> None:
    """No cell starts with a character a spreadsheet reads as a formula."""
    cells = csv_cells(text)
    risky = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not risky, f"{where}: formula cells {risky[:5]}"
    for tag in shown:
        assert any(tag in cell for cell in cells), f"{where}: {tag} missing"
