"""The rules of analysing a consultation's reasons (issue 17): its codebook of themes, coding
reasons with them, quotations, and how many reasons one action may touch.

A codebook is a consultation's own list of themes, with one level of sub-themes: a theme may
have a parent, and a parent is always a main theme. Names are unique in a consultation whatever
their case ("Safety" and "safety" would be one theme to a reader).

Reasons are read and coded once a consultation has opened, while it runs, after it closes and
after the decision (officers go on reading to answer people in the feedback). Not before it
opens (there are no reasons yet, and a codebook follows reading), and not once it was
withdrawn (nothing will be decided on them).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from . import proposals
from .errors import DomainError
from .i18n import N_

MAX_NAME = 80
MAX_DESCRIPTION = 1000
MAX_QUOTES = 3  # quotations per theme for the council's response
MAX_TICKED = 500  # reasons ticked one by one in one request; "all matching" has no such cap
PUBLISHED = "published"  # Response.reason_status of a reason a moderator published
CODING_STATUSES = frozenset({proposals.OPEN, proposals.CLOSED, proposals.DECIDED})


class ThemeRefused(DomainError):
    """A theme that breaks the codebook's rules: unnamed, too long, a duplicate, or nested."""


class ThemeInUse(DomainError):
    """A theme that cannot be removed or merged as asked."""


class CodingClosed(DomainError):
    """The consultation is not in a state where its reasons are analysed."""


class SelectionRefused(DomainError):
    """No reasons chosen, too many ticked, or reasons that are not this consultation's."""


class QuoteRefused(DomainError):
    """A quotation that is not allowed: unpublished, not coded with the theme, or one too many."""


@dataclass(frozen=True)
class ThemeFacts:
    """A theme already in the codebook, as the rules see it."""

    id: int
    name: str
    parent_id: int | None = None


@dataclass(frozen=True)
class ThemeDraft:
    name: str
    description: str = ""
    parent_id: int | None = None


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_text(draft: ThemeDraft) -> tuple[str, str]:
    name, description = " ".join(draft.name.split()), draft.description.strip()
    if not name:
        raise ThemeRefused(N_("Enter the name of the theme"), field="name")
    if len(name) > MAX_NAME:
        raise ThemeRefused(N_("The name must be 80 characters or fewer"), field="name")
    if len(description) > MAX_DESCRIPTION:
        raise ThemeRefused(N_("The description must be 1000 characters or fewer"),
                           field="description")
    return name, description


def _check_unique(name: str, codebook: Iterable[ThemeFacts], theme_id: int | None) -> None:
    if any(_key(other.name) == _key(name) for other in codebook if other.id != theme_id):
        raise ThemeRefused(N_("There is already a theme called ‘%(name)s’ in this codebook"),
                           field="name", name=name)


def _check_parent(parent_id: int | None, codebook: list[ThemeFacts],
                  theme_id: int | None) -> None:
    """One level: the parent is a main theme of this codebook, and a theme with sub-themes
    stays a main theme."""
    if parent_id is None:
        return
    parent = next((theme for theme in codebook if theme.id == parent_id), None)
    if parent is None:
        raise ThemeRefused(N_("Choose a main theme of this consultation"), field="parent")
    if parent_id == theme_id:
        raise ThemeRefused(N_("A theme cannot be its own main theme"), field="parent")
    if parent.parent_id is not None:
        raise ThemeRefused(N_("‘%(name)s’ is a sub-theme itself. Choose a main theme: sub-themes "
                              "have no sub-themes of their own."), field="parent",
                           name=parent.name)
    if theme_id is not None and any(theme.parent_id == theme_id for theme in codebook):
        raise ThemeRefused(N_("This theme has sub-themes, so it cannot become a sub-theme. "
                              "Move or remove its sub-themes first."), field="parent")


def check_theme(draft: ThemeDraft, codebook: Iterable[ThemeFacts],
                theme_id: int | None = None) -> ThemeDraft:
    """A named theme (at most 80 characters, spaces tidied), unique in its consultation whatever
    the case, with a description of at most 1000 characters, and a parent only if that is a main
    theme of the same codebook. `theme_id` is the theme being edited (None for a new one)."""
    codebook = list(codebook)
    name, description = _check_text(draft)
    _check_unique(name, codebook, theme_id)
    _check_parent(draft.parent_id, codebook, theme_id)
    return ThemeDraft(name, description, draft.parent_id)


def require_same_consultation(theme_proposal_id: int | None, proposal_id: int) -> None:
    """A theme codes only the reasons of its own consultation (None: no such theme)."""
    if theme_proposal_id != proposal_id:
        raise ThemeRefused(N_("Choose a theme of this consultation"), field="theme")


def require_removable(sub_themes: int) -> None:
    """A theme with sub-themes is not removed: its sub-themes would lose their place."""
    if sub_themes:
        raise ThemeInUse(N_("This theme has sub-themes. Remove them, or merge them into another "
                            "theme, before removing it."))


def check_merge(source_id: int, target_id: int, codebook: Iterable[ThemeFacts]) -> None:
    """A theme merges into another theme of the same codebook: not into itself, nor into one of
    its own sub-themes; its sub-themes follow it, so a theme with sub-themes merges only into a
    main theme (sub-themes have none of their own)."""
    by_id = {theme.id: theme for theme in codebook}
    if source_id not in by_id or target_id not in by_id:
        raise ThemeRefused(N_("Choose a theme of this consultation"), field="target")
    if source_id == target_id:
        raise ThemeRefused(N_("A theme cannot be merged into itself"), field="target")
    target = by_id[target_id]
    if target.parent_id == source_id:
        raise ThemeRefused(N_("A theme cannot be merged into one of its own sub-themes"),
                           field="target")
    has_children = any(theme.parent_id == source_id for theme in by_id.values())
    if has_children and target.parent_id is not None:
        raise ThemeRefused(N_("This theme has sub-themes, so it can only be merged into a main "
                              "theme"), field="target")


def why_closed(status: str) -> str:
    """Why reasons are not analysed in this status ("" when they are): from the opening, until
    and after the decision; not before it opens, and not once it was withdrawn."""
    if status == proposals.WITHDRAWN:
        return N_("This consultation was withdrawn, so its reasons are not analysed.")
    if status not in CODING_STATUSES:
        return N_("This consultation has not opened yet, so there are no reasons to analyse.")
    return ""


def require_coding_open(status: str) -> None:
    """Refuse analysis in a status where reasons are not analysed (why_closed)."""
    reason = why_closed(status)
    if reason:
        raise CodingClosed(reason)


def check_selection(count: int, *, all_matching: bool = False) -> None:
    """An action needs at least one reason; ticked one by one, at most 500 in a request (more
    than a page of boxes can hold); "all matching" may cover the whole consultation."""
    if count < 1:
        raise SelectionRefused(N_("Select at least one reason"), field="reasons")
    if count > MAX_TICKED and not all_matching:
        raise SelectionRefused(N_("Select at most 500 reasons at a time, or choose all the "
                                  "reasons matching the filters"), field="reasons")


def require_in_scope(asked: int, found: int) -> None:
    """Every reason named must be one this consultation analyses, as it is now."""
    if found != asked:
        raise SelectionRefused(N_("Some of the selected reasons are not among this "
                                  "consultation’s reasons any more. Check the list and select "
                                  "again."), field="reasons")


def check_quote(*, reason_status: str, coded: bool, quotes: int) -> None:
    """A quotation is a published reason (people agreed to it being public), already coded with
    the theme, and a theme has at most three."""
    if reason_status != PUBLISHED:
        raise QuoteRefused(N_("Only a published reason can be quoted"))
    if not coded:
        raise QuoteRefused(N_("Apply the theme to this reason before quoting it"))
    if quotes >= MAX_QUOTES:
        raise QuoteRefused(N_("A theme can have at most 3 quotations. Stop quoting another "
                              "reason first."))
