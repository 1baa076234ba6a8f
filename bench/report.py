"""The Markdown table and the targets (issue 7; the fan-out's, issue 14; the analysis', issue
17), each PASS or FAIL."""

from bench import analysis, fanout

P99_LIMIT_MS = 100


def _row(report: dict, name: str) -> dict:
    return next((row for row in report["scenarios"] if row["name"] == name), {})


def _ratio_target(report: dict, label: str, name: str, floor: float) -> tuple[str, bool, str]:
    ratio = _row(report, name).get("ratio") or 0.0
    return label, ratio >= floor, f"{ratio:.1%} (target ≥ {floor:.0%})"


def targets(report: dict) -> list[tuple[str, bool, str]]:
    found = (_page_targets(report) if report["scenarios"] else [])
    if report.get("analysis"):
        found += analysis.targets(report["analysis"])
    if report.get("fanout"):
        found += fanout.targets(report["fanout"])
    return found


def _page_targets(report: dict) -> list[tuple[str, bool, str]]:
    scaling = {row["responses"]: row for row in report["scaling"]}
    empty, big = scaling[0], scaling[max(scaling)]
    flat = big["results_rps"] >= 0.9 * empty["results_rps"]
    submit = _row(report, "submit a response (new resident)")
    checks = report["checks"]
    signed = checks["signatures"]
    worst_rss = max((w["max_rss_mb"] for w in report["memory"].get("app", [])), default=0.0)
    return [
        _ratio_target(report, "consultation page, signed out", "consultation page, signed out",
                      0.50),
        _ratio_target(report, "consultation page, signed in", "consultation page, signed in",
                      0.30),
        _ratio_target(report, "results page, busy consultation", "results page, busy consultation",
                      0.50),
        ("results page flat: 1M within 10% of 0 responses", flat,
         f"{big['results_rps']:.1f} vs {empty['results_rps']:.1f} req/s"),
        _ratio_target(report, "submission", "submit a response (new resident)", 0.25),
        ("submission p99 < 100 ms at 32 connections", (submit.get("p99_ms") or 1e9)
         < P99_LIMIT_MS, f"{_num(submit.get('p99_ms'))} ms"),
        ("0 errors", sum(row["errors"] for row in report["scenarios"]) == 0,
         f"{sum(row['errors'] for row in report['scenarios'])} errors"),
        ("every acknowledged response stored", checks["all_stored"] and checks["audit_matches"],
         f"{checks['acknowledged']} acknowledged, {checks['stored']} stored, "
         f"{checks['audit_entries_new']} new audit entries"),
        ("audit log verifies (every lane and anchor)", checks["audit_verifies"], ""),
        ("totals equal a direct count", checks["totals_match"],
         f"direct {checks['direct_count']:,}, tally {checks['tally_total']:,}, "
         f"API {checks['api_total']:,}"),
        ("every acknowledged signature stored, the request's count equal to its rows",
         signed["acknowledged_not_stored"] == 0 and signed["count_matches_rows"],
         f"{signed['acknowledged']} acknowledged, {signed['stored']} stored"),
        ("worker max RSS < 150 MB", worst_rss < 150, f"{worst_rss:.0f} MB"),
    ]


def _num(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = _scenario_lines(report) if report["scenarios"] else [
        f"# Benchmark {report['started']} ({report.get('only') or 'fan-out'} only)", "",
        f"Machine: {m['cpu']}, {m['cores']} cores, Linux {m['kernel']}, Python {m['python']}, "
        f"SQLite {m['sqlite']}; disk fsync {m['fsync_per_second']:,}/s (measured in this run).",
        f"Database: {report['database']}; {report['workers']} gunicorn sync workers; "
        f"{report['connections']} connections; load generator: {report['generator']}; page "
        f"runs of {report['seconds']} s. Seed: {report['seed']}."]
    if report.get("analysis"):
        lines += analysis.markdown(report["analysis"])
    if report.get("fanout"):
        lines += fanout.markdown(report["fanout"])
    lines += ["", "| target | result | measured |", "|---|---|---|"]
    for label, passed, measured in report["targets"]:
        lines.append(f"| {label} | {'PASS' if passed else 'FAIL'} | {measured} |")
    lines += ["", f"Wall time {report['wall_seconds']:.0f} s."]
    return "\n".join(lines) + "\n"


def _scenario_lines(report: dict) -> list[str]:
    m = report["machine"]
    lines = [
        f"# Benchmark {report['started']}", "",
        f"Machine: {m['cpu']}, {m['cores']} cores, Linux {m['kernel']}, Python {m['python']}, "
        f"SQLite {m['sqlite']}; disk fsync {m['fsync_per_second']:,}/s (measured in this run).",
        f"Database: {report['database']}; {report['responses']:,} responses in the busy "
        f"consultation; {report['workers']} gunicorn sync workers; {report['connections']} "
        f"connections; load generator: {report['generator']}; {report['repeats']} "
        f"repetitions of {report['seconds']} s, each scenario right after its own bare-route "
        f"run; medians shown. Seed: {report['seed']}.", "",
        "| scenario | req/s | p50 ms | p99 ms | bare req/s | ratio to bare | errors | "
        "restarts |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in report["scenarios"]:
        lines.append(f"| {row['name']} | {_num(row['rps'])} | {_num(row['p50_ms'])} | "
                     f"{_num(row['p99_ms'])} | {_num(row['bare_rps'], 0)} | "
                     f"{(row['ratio'] or 0):.1%} | {row['errors']} | {row['restarts']} |")
    waits = [(row["name"], row["lock_wait_share"]) for row in report["scenarios"]
             if row.get("lock_wait_share") is not None]
    if waits:
        lines += ["", "PostgreSQL lock waits (share of busy database backends, sampled every "
                      "10 ms, waiting for any lock): " + "; ".join(
                          f"{name} {share:.1%}" for name, share in waits) + "."]
    if any(not row["requests"] for row in report["scenarios"]):
        lines += ["", "A scenario with no latencies had no request answered within its runs "
                      "(each request took longer than the run)."]
    lines += ["", "Scaling (same database, separate consultations):", "",
              "| responses stored | consultation page req/s | p50 ms | results page req/s | "
              "p50 ms | tally ms (in process) |", "|---:|---:|---:|---:|---:|---:|"]
    for row in report["scaling"]:
        lines.append(f"| {row['responses']:,} | {_num(row['page_rps'])} | "
                     f"{_num(row['page_p50_ms'])} | {_num(row['results_rps'])} | "
                     f"{_num(row['results_p50_ms'])} | {_num(row['tally_ms'])} |")
    memory = report["memory"]
    lines += ["", "Worker max RSS through the run (MB): app " + ", ".join(
        f"{w['max_rss_mb']:.0f}" for w in memory.get("app", [])) + "; bare " + ", ".join(
        f"{w['max_rss_mb']:.0f}" for w in memory.get("bare", [])) +
        " (a restart after an overloaded scenario starts new workers)."]
    return lines
