"""Marking words for translation in pure code, and showing them in the reader's language.

Domain rules have no Flask, so they cannot ask which language a request is in. They mark what
people will read with `N_` (the extractor collects it) and leave the choice of language to
whoever shows it: the app installs its translator with `install`, and `translate` uses it.
Without one (a script, a unit test) the English is shown.
"""

from collections.abc import Callable


class Text(str):
    """Words marked for translation: an English message id, translated where it is shown."""

    __slots__ = ()


def N_(message: str) -> Text:  # noqa: N802 (gettext's conventional name for a no-op marker)
    return Text(message)


def _english(message: str) -> str:
    return message


_translator: Callable[[str], str] = _english


def install(translator: Callable[[str], str]) -> None:
    """The app's gettext; it must return the message unchanged when no language applies."""
    global _translator
    _translator = translator


def translate(message: str, params: dict | None = None) -> str:
    """`message` in the reader's language, with its %(name)s params filled in (marked params
    translated too)."""
    text = _translator(message)
    if not params:
        return text
    values = {key: _translator(value) if isinstance(value, Text) else value
              for key, value in params.items()}
    return text % values
