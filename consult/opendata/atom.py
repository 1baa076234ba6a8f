"""A small Atom 1.0 (RFC 4287) writer on xml.etree: it escapes text and drops characters XML
cannot hold, so whatever an officer typed makes a well-formed feed."""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: datetime
    url: str
    summary: str = ""
    published: datetime | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extension:
    """An element of another namespace on the feed (RFC 4287, 6.4): prefix:tag with attributes."""

    prefix: str
    namespace: str
    tag: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    self_url: str
    html_url: str
    updated: datetime
    author: str
    subtitle: str = ""
    rights: str = ""
    entries: list[Entry] = field(default_factory=list)
    extensions: tuple[Extension, ...] = ()


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag,
                            {key: _text(value) for key, value in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _date(value: datetime) -> str:
    """RFC 3339 in UTC, to the second."""
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _entry(parent: ET.Element, entry: Entry) -> None:
    element = _add(parent, "entry")
    _add(element, "id", entry.id)
    _add(element, "title", entry.title, type="text")
    _add(element, "updated", _date(entry.updated))
    if entry.published is not None:
        _add(element, "published", _date(entry.published))
    _add(element, "link", rel="alternate", type="text/html", href=entry.url)
    for term in entry.categories:
        _add(element, "category", term=term)
    if entry.summary:
        _add(element, "summary", entry.summary, type="text")


def render(feed: Feed) -> bytes:
    """The feed as UTF-8 XML, with its declaration."""
    # Unprefixed names in the Atom namespace, declared once on the root.
    root = ET.Element("feed", {"xmlns": ATOM, **{f"xmlns:{ext.prefix}": ext.namespace
                                                 for ext in feed.extensions}})
    _add(root, "id", feed.id)
    _add(root, "title", feed.title, type="text")
    if feed.subtitle:
        _add(root, "subtitle", feed.subtitle, type="text")
    _add(root, "updated", _date(feed.updated))
    author = _add(root, "author")
    _add(author, "name", feed.author)
    _add(root, "link", rel="self", type="application/atom+xml", href=feed.self_url)
    _add(root, "link", rel="alternate", type="text/html", href=feed.html_url)
    if feed.rights:
        _add(root, "rights", feed.rights, type="text")
    for ext in feed.extensions:
        _add(root, f"{ext.prefix}:{ext.tag}", **ext.attributes)
    for entry in feed.entries:
        _entry(root, entry)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
