"""The README's commands, pasted as written into a clone after `make run`, work."""

import re
import shlex
import subprocess
import sys

import pytest

from tests.reliability.servers import ROOT
from tests.reliability.test_startup import production_env

pytestmark = pytest.mark.slow  # a dozen commands, each starting Python and the app

README = (ROOT / "README.md").read_text()
PASSWORD = "a long enough passphrase\n"


def section(title: str) -> str:
    return README.split(f"\n{title}\n", 1)[1].split("\n## ", 1)[0]


def using_it_commands() -> list[str]:
    return [line.strip() for line in section("## Using it").split("### Command line")[0]
            .splitlines() if line.strip().startswith(".venv/bin/consult")]


def table_commands() -> list[str]:
    table = section("### Command line")
    return [command for row in re.findall(r"^\| (`.+?`(?: / `.+?`)?) \|", table, re.M)
            for command in re.findall(r"`([^`]+)`", row)]


def run(line: str, env: dict, cwd) -> subprocess.CompletedProcess:
    """A line as a shell would split it, `.venv/bin/consult` being this checkout's."""
    words = shlex.split(line)
    assert words[0] == ".venv/bin/consult", line
    return subprocess.run([sys.executable, "-c", "from consult.cli import main; main()",
                           *words[1:]], cwd=cwd, env=env, input=PASSWORD, text=True,
                          capture_output=True, timeout=300)


@pytest.fixture
def after_make_run(tmp_path):
    """A clone's instance folder after `make run` (development settings for its own steps),
    and the environment of a fresh shell in the clone afterwards (none of them)."""
    shell = production_env(tmp_path)
    for name in ("CONSULT_ENV", "CONSULT_BASE_URL", "RATELIMIT_ENABLED", "DATABASE_URL"):
        del shell[name]
    made = {**shell, "CONSULT_ENV": "development"}
    for step in (".venv/bin/consult db upgrade", ".venv/bin/consult demo load"):
        assert run(step, made, ROOT).returncode == 0
    return shell


def test_the_using_it_commands_work_as_written_after_make_run(after_make_run):
    commands = using_it_commands()
    assert len(commands) == 2
    for line in commands:
        result = run(line, after_make_run, ROOT)
        assert result.returncode == 0, (line, result.stderr)
        assert "Traceback" not in result.stderr


def test_every_command_line_table_entry_works_after_make_run(after_make_run, tmp_path):
    values = {"EMAIL": "new.officer@example.org", "ROLE": "auditor", "NAME": "Nia",
              "REV": "head", "PATH": str(tmp_path / "backup.sqlite3"), "ISO": "2030-01-01"}
    commands = table_commands()
    assert len(commands) == 12
    restore = None
    for command in commands:
        line = re.sub(r"\[([^]]+)\]", r"\1", command)
        line = re.sub(r"\b(EMAIL|ROLE|NAME|REV|PATH|ISO)\b", lambda m: values[m[1]], line)
        if " restore " in line:
            restore = line  # into an empty database: after the backup, in a new clone
            continue
        result = run(line, after_make_run, ROOT)
        assert result.returncode == 0, (line, result.stderr)
    empty = {**after_make_run, "CONSULT_INSTANCE_PATH": str(tmp_path / "new-clone")}
    result = run(restore, empty, ROOT)
    assert result.returncode == 0, result.stderr
    assert "Audit log verified" in result.stdout


def test_setting_the_role_of_someone_without_an_account_says_they_must_register(
        after_make_run):
    result = run(".venv/bin/consult users set-role nobody@example.org admin", after_make_run,
                 ROOT)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Error: No account for nobody@example.org: they must register first (or use "
        "`consult users create`), then run this again"]
