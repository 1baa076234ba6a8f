"""The demo data's sources: each link's source address names its own city, never another's,
and never a cut-off name (a truncated copy once gave Kiel half of Dresden's address)."""

import csv
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from consult.demo import consultations as demo_consultations
from consult.services import demo

HOME = "coventry"  # the home city's name is in many addresses and names no partner
LINKS = Path(demo.DATA) / "coventry-links.csv"


def key(name: str) -> str:
    """A place name as addresses spell it: lower case, ASCII, words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_name.lower()).split()
    return "-".join(words)


def rows() -> list[dict]:
    with open(LINKS, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


PARTNERS = [key(row["partner"]) for row in rows() if not key(row["partner"]).startswith(HOME)]


def words_of(url: str) -> list[str]:
    """The host's labels and each path segment without its file extension, in lower case."""
    parts = urlsplit(url)
    segments = [segment.rsplit(".", 1)[0] for segment in parts.path.split("/")]
    return [word.lower() for word in (*parts.hostname.split("."), *segments) if len(word) >= 4]


def named_partners(word: str) -> set[str]:
    """Partners a word names: wholly (kiel-germany names kiel) or cut short (dresd: dresden)."""
    return {partner for partner in PARTNERS
            if word.startswith(partner) or partner.startswith(word)}


def sources() -> list[tuple[str, str]]:
    found = [(row["partner"], url) for row in rows() for url in demo._sources(row["source"])]
    found += [(partner, url) for partner, story in demo.DISAGREEMENTS.items()
              for _, _, url in story["events"]]
    partners = {key(row["partner"]): row["partner"] for row in rows()}
    for consultation in (demo_consultations.OPEN, demo_consultations.CLOSED):
        found += [(partners[consultation["link"]], url)
                  for _, url in consultation["documents"]]
    return found


@pytest.mark.parametrize("partner, url", sources())
def test_a_demo_source_address_names_no_other_city_and_no_cut_off_name(partner, url):
    own = key(partner)
    for word in words_of(url):
        for named in named_partners(word):
            assert named == own, f"{partner}'s source {url} names {named} ({word!r})"
            assert word.startswith(own), f"{partner}'s source {url} cuts its name ({word!r})"


def test_the_check_catches_the_truncated_address_kiel_once_had():
    words = words_of("https://warwick.ac.uk/fac/soc/ces/research/current/twinning/whowith/dresd")
    assert named_partners(words[-1]) == {"dresden"}


def test_kiels_source_is_coventry_city_councils_record_for_kiel():
    [kiel] = [row for row in rows() if row["partner"] == "Kiel"]
    assert kiel["source"] == "https://www.coventry.gov.uk/directory-record/49243/kiel-germany"
