#!/usr/bin/env bash
# Runs the whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
# Browser tests run when Debian's Chromium is installed; otherwise they are skipped, and we say so.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/pytest"
# Two workers by default (pytest-xdist): this machine has two cores. TEST_WORKERS=0 runs in-process.
WORKERS="${TEST_WORKERS:-2}"
# Every worker must collect the same tests in the same order: parametrisations over sets
# follow the hash seed, so fix it.
export PYTHONHASHSEED="${PYTHONHASHSEED:-0}"

run() {
  local label="$1"; shift
  echo "== consult test suite on ${label} =="
  "$PYTEST" -n "$WORKERS" "$@"
  local code=$?
  if [ "$code" -eq 5 ]; then
    echo "pytest collected no tests on ${label}: treated as a failure" >&2
    return 1
  fi
  return "$code"
}

if [ ! -x /usr/bin/chromium ]; then
  echo "NOTE: /usr/bin/chromium is not installed: browser and accessibility tests will be SKIPPED." >&2
  echo "      Install it with: sudo apt-get install chromium" >&2
fi

status=0
TEST_DATABASE_URL= run "SQLite" "$@" || status=1
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  run "PostgreSQL (${TEST_DATABASE_URL})" "$@" || status=1
fi
exit "$status"
