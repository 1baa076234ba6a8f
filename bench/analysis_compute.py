"""Issue 17's scale check: analyse 100,000 reasons (a 10,000-copy campaign among them) in process.

Generates the reasons (bench/reason_corpus.py, seeded), runs `analyse` with every reason
uncoded (or the share asked for), timing each phase from its progress reports, then
`detect_languages` on every text; prints JSON: seconds (wall and CPU) per phase, the peak RSS
after the analysis and at the end, what was found, and PASS/FAIL against the targets (the
analysis, suggestions included, under 60 s; peak RSS under 1 GB). Run from the repository
root: `python bench/analysis_compute.py [--reasons N --campaign M --uncoded 0.33]`.
"""

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import reason_corpus  # noqa: E402
from consult.text_analysis import analyse, detect_languages  # noqa: E402

TARGET_SECONDS = 60
TARGET_RSS_MB = 1024
# Progress reports that close each phase of `analyse` (see consult/text_analysis/__init__.py).
PHASES = (("normalise", 5), ("vectors", 45), ("campaigns", 60), ("grouping", 90),
          ("terms", 100))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reasons", type=int, default=100_000)
    parser.add_argument("--campaign", type=int, default=10_000, help="near-identical copies")
    parser.add_argument("--uncoded", type=float, default=1.0, help="share of reasons uncoded")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Clock:
    """Wall and CPU time at each progress report."""

    def __init__(self):
        self.started, self.cpu_started = time.perf_counter(), cpu_seconds()
        self.marks: dict[int, tuple[float, float]] = {}

    def __call__(self, percent: int) -> None:
        self.marks[percent] = (time.perf_counter() - self.started,
                               cpu_seconds() - self.cpu_started)

    def phases(self) -> dict:
        found, before = {}, (0.0, 0.0)
        for name, percent in PHASES:
            mark = self.marks.get(percent, before)
            found[name] = {"seconds": round(mark[0] - before[0], 2),
                           "cpu_seconds": round(mark[1] - before[1], 2)}
            before = mark
        return found


def timed(function, *args):
    """What the function returns, with the wall and CPU seconds it took."""
    started, cpu_started = time.perf_counter(), cpu_seconds()
    found = function(*args)
    return found, (time.perf_counter() - started, cpu_seconds() - cpu_started)


def run(options: argparse.Namespace) -> dict:
    corpus = reason_corpus.generate(options.reasons, options.campaign, seed=options.seed)
    ids = [number for number, _ in corpus.reasons]
    uncoded = ids[:round(len(ids) * options.uncoded)]
    clock = Clock()
    analysis = analyse(corpus.reasons, uncoded=uncoded, progress=clock, seed=options.seed)
    seconds = time.perf_counter() - clock.started
    analysis_cpu, analysis_rss = cpu_seconds() - clock.cpu_started, peak_rss_mb()
    languages, detect = timed(detect_languages, [text for _, text in corpus.reasons])
    # Every short text distinct (its number added), so none is detected from another's copy.
    short_texts = [f"{text.split('. ')[0][:72]} {number}" for number, text in corpus.reasons]
    short_languages, detect_short = timed(detect_languages, short_texts)
    largest = analysis.campaigns[0] if analysis.campaigns else None
    planted = set(corpus.campaign_ids)
    return {
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                    "python": platform.python_version()},
        "reasons": len(corpus.reasons), "campaign_copies": len(planted),
        "uncoded": len(uncoded),
        "analyse": {"seconds": round(seconds, 2), "cpu_seconds": round(analysis_cpu, 2),
                    "phases": clock.phases(), "peak_rss_mb": analysis_rss},
        "detect_languages": {"texts": "the reasons (copies are detected once)",
                             "distinct_texts": len({text for _, text in corpus.reasons}),
                             "seconds": round(detect[0], 2), "cpu_seconds": round(detect[1], 2),
                             "found": dict(Counter(languages).most_common())},
        "detect_languages_short": {
            "texts": "each reason's first sentence (at most 72 characters) and its number",
            "distinct_texts": len(set(short_texts)),
            "mean_characters": round(sum(map(len, short_texts)) / max(len(short_texts), 1)),
            "seconds": round(detect_short[0], 2), "cpu_seconds": round(detect_short[1], 2),
            "found": dict(Counter(short_languages).most_common())},
        "peak_rss_mb": peak_rss_mb(),
        "campaigns": [campaign.size for campaign in analysis.campaigns],
        "planted_copies_found": len(planted & set(largest.member_ids)) if largest else 0,
        "planted_first_id_found": bool(largest and largest.first_id == min(planted, default=0)),
        "suggestions": [{"size": len(found.member_ids), "terms": list(found.terms)}
                        for found in analysis.suggestions],
    }


def verdict(report: dict) -> dict:
    checks = {
        f"analysis under {TARGET_SECONDS} s": report["analyse"]["seconds"] < TARGET_SECONDS,
        f"peak RSS under {TARGET_RSS_MB} MB": report["peak_rss_mb"] < TARGET_RSS_MB,
        "planted campaign found whole": report["planted_copies_found"]
        == report["campaign_copies"] and report["planted_first_id_found"],
    }
    return {"checks": {name: "PASS" if ok else "FAIL" for name, ok in checks.items()},
            "result": "PASS" if all(checks.values()) else "FAIL"}


if __name__ == "__main__":
    report = run(arguments())
    report |= verdict(report)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    sys.exit(0 if report["result"] == "PASS" else 1)
