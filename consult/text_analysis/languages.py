"""Which language a reason is written in: lingua, limited to the languages residents write in."""

from collections.abc import Sequence
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# English and Welsh, and the languages of the twinned towns and of the people who came from
# them. Each language costs memory (lingua's models: ~25 MB each) and time, and fewer
# candidates make short texts more reliable; a text in another language reads as "" or as
# the nearest of these.
LANGUAGES = (Language.ENGLISH, Language.WELSH, Language.RUSSIAN, Language.UKRAINIAN,
             Language.GERMAN, Language.POLISH, Language.FRENCH)
FEWEST_LETTERS = 3  # "ok", "no": too short to tell
# lingua answers nothing when the two likeliest languages are closer than this (0 to 0.99).
MINIMUM_RELATIVE_DISTANCE = 0.1
# The opening characters tell the language as well as the whole text does, in a fraction of
# the time (long reasons run to thousands of characters). lingua reads a text of 120 or more
# characters by its trigrams only, a shorter one by all its 1- to 5-grams (slower per
# character, surer on short texts): 150 is both quick and plenty.
READ = 150


@cache
def detector() -> LanguageDetector:
    """Built once per process, on first use (its language models load lazily)."""
    return (LanguageDetectorBuilder.from_languages(*LANGUAGES)
            .with_minimum_relative_distance(MINIMUM_RELATIVE_DISTANCE).build())


def _opening(text: str) -> str:
    """The first READ characters, cut back to the last whole word."""
    if len(text) <= READ:
        return text
    cut = text[:READ]
    return cut.rsplit(None, 1)[0] if " " in cut.strip() else cut


def _key(text: str) -> str:
    """What lingua reads of a text: its opening, lowercased, spaces collapsed (lingua itself
    ignores case), so that copies and repeated short replies are detected once."""
    return " ".join(_opening(text or "").split()).lower()


def detect_languages(texts: Sequence[str]) -> list[str]:
    """Each text's language as an ISO 639-1 code ("en", "cy", "ru", "de" ...), or "" when it
    has fewer than FEWEST_LETTERS letters or lingua is unsure. Detected in parallel, from the
    opening READ characters, each distinct opening once."""
    keys = [_key(text) for text in texts]
    wanted = [key for key in dict.fromkeys(keys)
              if sum(1 for character in key if character.isalpha()) >= FEWEST_LETTERS]
    found = dict.fromkeys(keys, "")
    if wanted:
        for key, language in zip(wanted, detector().detect_languages_in_parallel_of(wanted),
                                 strict=True):
            found[key] = language.iso_code_639_1.name.lower() if language is not None else ""
    return [found[key] for key in keys]
