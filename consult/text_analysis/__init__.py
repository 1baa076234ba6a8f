"""Analysis of residents' reasons (issue 17): suggested groups and campaigns, from plain values."""

# Computed on our own server (scikit-learn, lingua): no Flask, no database. A background task
# loads the reasons, calls `analyse` (and `detect_languages`) and stores what they return.

from collections.abc import Callable, Collection, Sequence

from threadpoolctl import threadpool_limits

from . import campaigns as near
from . import grouping, vectors
from .languages import detect_languages
from .normalise import Rows
from .results import Analysis, Campaign, Suggestion

__all__ = ["CAMPAIGN_MINIMUM", "CAMPAIGN_SIMILARITY", "Analysis", "Campaign", "Suggestion",
           "analyse", "detect_languages"]

CAMPAIGN_SIMILARITY = 0.9
CAMPAIGN_MINIMUM = 5  # fewer near-identical copies than this is not a campaign


class _Progress:
    """Passes on increasing whole percentages only, each once."""

    def __init__(self, report: Callable[[int], None] | None):
        self.report, self.last = report, -1

    def __call__(self, percent: int) -> None:
        if self.report is not None and percent > self.last:
            self.last = percent
            self.report(percent)


def _campaigns(rows: Rows, labels) -> tuple[Campaign, ...]:
    """Groups of near-identical texts holding at least CAMPAIGN_MINIMUM reasons; largest
    first, ties by the first member received."""
    found = {}
    for at in (at for at, row in enumerate(rows.row_of) if row >= 0):
        found.setdefault(int(labels[rows.row_of[at]]), []).append(at)
    chosen = [Campaign(member_ids=tuple(sorted(int(rows.ids[at]) for at in members)),
                       first_id=int(rows.ids[members[0]]))
              for members in found.values() if len(members) >= CAMPAIGN_MINIMUM]
    return tuple(sorted(chosen, key=lambda campaign: (-campaign.size, campaign.first_id)))


def analyse(reasons: Sequence[tuple[int, str]], *, uncoded: Collection[int],
            progress: Callable[[int], None] | None = None, clusters: int | None = None,
            seed: int = 0) -> Analysis:
    """Campaigns among all the reasons (id, text), given in order of receipt, and suggested
    groups of the `uncoded` ones. The same input and seed give exactly the same analysis.

    `progress(percent)` hears increasing whole percentages from 0 to 100. The numeric
    libraries use one thread: this runs as a background task beside the web servers (and on
    two cores, waking a second thread costs more than it saves).
    """
    report = _Progress(progress)
    report(0)
    with threadpool_limits(limits=1):
        analysis = _analyse(reasons, uncoded, report, clusters, seed)
    report(100)
    return analysis


def _analyse(reasons, uncoded, report: _Progress, clusters, seed) -> Analysis:
    rows = Rows.of(reasons)
    report(5)
    if not len(rows):
        return Analysis(suggestions=(), campaigns=())
    vectored = vectors.build(rows.texts, seed=seed,
                             progress=lambda done: report(5 + int(40 * done)))
    labels = near.near_duplicates(vectored, CAMPAIGN_SIMILARITY, seed=seed)
    report(60)
    suggestions = grouping.suggest(rows, vectored, labels, rows.uncoded_mask(uncoded),
                                   clusters=clusters, seed=seed, progress=report)
    return Analysis(suggestions=suggestions, campaigns=_campaigns(rows, labels))
