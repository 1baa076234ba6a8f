"""The translation catalogues (issue 15): every user-facing string is marked, the template is
what the extractor finds today, and each shipped catalogue is complete and compiles."""

import io
import subprocess
import sys

import pytest
from babel.messages.mofile import write_mo

from tests import i18n_check
from tests.translation_catalogues import ROOT, SHIPPED, catalogue, ids, template


def test_no_user_facing_text_in_templates_or_forms_is_left_unmarked():
    found = i18n_check.findings([ROOT / "templates", ROOT / "consult"])
    assert found == {}


def test_the_template_holds_exactly_what_the_extractor_finds(tmp_path):
    extracted = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                    "-F", "babel.cfg", "--no-location", "--sort-output",
                    "-o", str(extracted), "."], cwd=ROOT, check=True, capture_output=True)
    from babel.messages.pofile import read_po

    with open(extracted, "rb") as handle:
        fresh = read_po(handle)
    assert ids(fresh) == ids(template()), "run `make messages` and translate what it adds"


@pytest.mark.parametrize("code", SHIPPED)
def test_each_shipped_catalogue_is_complete_and_compiles(code):
    found = catalogue(code)
    assert ids(found) == ids(template()), "run `make messages`"
    untranslated = [m.id for m in found if m.id and (
        not all(m.string) if isinstance(m.string, tuple) else not m.string)]
    fuzzy = [m.id for m in found if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    # `pybabel compile` (make catalogues) skips a whole catalogue whose header is fuzzy
    assert not found.fuzzy, "remove '#, fuzzy' from the catalogue's header"
    write_mo(io.BytesIO(), found)


@pytest.mark.parametrize("code", SHIPPED)
def test_placeholders_survive_translation(code):
    """A translation keeps every %(name)s of its English, or the page would fail to render."""
    import re

    names = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for message in catalogue(code):
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(names.findall(english[-1]))
        for text in strings:
            if set(names.findall(text)) - wanted or (len(english) == 1 and
                                                     set(names.findall(text)) != wanted):
                wrong.append((message.id, text))
    assert wrong == []
