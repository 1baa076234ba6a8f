"""Officer Markdown to safe HTML: markdown-it-py with raw HTML off, then cleaned by nh3."""

import functools
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "h4", "blockquote",
                "code", "pre"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Officers write "# Heading" for the biggest heading they see; the page's own h1 is the title.
HEADING_LEVELS = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}
CLASSES = {"p": "govuk-body", "ul": "govuk-list govuk-list--bullet",
           "ol": "govuk-list govuk-list--number", "a": "govuk-link",
           "h2": "govuk-heading-m", "h3": "govuk-heading-s", "h4": "govuk-heading-s"}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _allowed_href(tag: str, attribute: str, value: str) -> str | None:
    """Only absolute http, https and mailto links: no relative, javascript: or data: URLs."""
    if tag == "a" and attribute == "href":
        return value if urlsplit(value.strip()).scheme.lower() in ALLOWED_SCHEMES else None
    return value


def _style(tokens) -> None:
    for token in tokens:
        if token.type == "image":
            # Pictures are not shown (no img tag allowed); keep their description as text.
            token.type, token.children = "text", None
        if token.type in ("heading_open", "heading_close"):
            token.tag = HEADING_LEVELS[token.tag]
        if token.nesting == 1 and token.tag in CLASSES:
            token.attrSet("class", CLASSES[token.tag])
        if token.children:
            _style(token.children)


def render(text: str | None) -> Markup:
    """Sanitised HTML for a Jinja template; anything not on the allow-list is dropped."""
    return Markup(_cleaned(text or ""))  # safe: nh3 has cleaned it to the allow-list


@functools.lru_cache(maxsize=512)
def _cleaned(text: str) -> str:
    """The same text always gives the same HTML, so each worker renders a text once (a
    proposal's reasons are shown on every view of it)."""
    tokens = _parser.parse(text)
    _style(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, clean_content_tags={"script", "style"},
        attributes={"a": {"href"}}, attribute_filter=_allowed_href,
        allowed_classes={tag: set(names.split()) for tag, names in CLASSES.items()},
        url_schemes=ALLOWED_SCHEMES, link_rel="noopener noreferrer")
    return cleaned
