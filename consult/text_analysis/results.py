"""What an analysis returns: suggested groups of uncoded reasons, and campaigns."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    """A group of uncoded reasons that read alike, for an officer to name as a theme."""

    terms: tuple[str, ...]  # the group's most telling words or phrases, best first (at most 8)
    member_ids: tuple[int, ...]  # the reasons in the group, ascending
    example_ids: tuple[int, ...]  # up to three reasons nearest its centre, distinct texts


@dataclass(frozen=True)
class Campaign:
    """Identical or near-identical reasons: copies of one text."""

    member_ids: tuple[int, ...]  # ascending
    first_id: int  # the member received first

    @property
    def size(self) -> int:
        return len(self.member_ids)


@dataclass(frozen=True)
class Analysis:
    """What `analyse` found: plain values, for the caller to store."""

    suggestions: tuple[Suggestion, ...]  # largest first; ties by smallest member id
    campaigns: tuple[Campaign, ...]  # largest first; ties by first member received
