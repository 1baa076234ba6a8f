"""Finds words people would read that are not marked for translation (issue 15).

Templates: text between tags and text attributes (alt, title, aria-label, placeholder…) outside
`_()`, `ngettext()` and `{% trans %}`; string literals given to GOV.UK macros as text. Python:
form labels and validator messages, flashes and domain errors given as plain strings.

Run as a script to list findings: `python tests/i18n_check.py templates consult`.
"""

import ast
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

ROOT = Path(__file__).resolve().parent.parent
WORDS = re.compile(r"[A-Za-z]{2,}")
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description", "content",
                   "aria-roledescription", "summary"}
# Keys of GOV.UK macro parameters whose values people read.
TEXT_KEYS = {"text", "html", "titleText", "descriptionText", "caption", "visuallyHiddenText",
             "summaryText", "heading", "headingText", "labelText", "hintText", "legend",
             "textareaDescriptionText", "title", "label", "hint"}
# Literal words that are not English for translators: the service's name in commands, units.
ALLOWED = {"consult", "SHA", "CSV", "JSON", "API", "Atom", "URL", "UTC", "SMTP", "OK", "GOV",
           "UK", "XLSX", "RSS", "ID", "PDF"}
_TEMPLATE_TAGS = re.compile(r"\{#.*?#\}|\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}|\{%.*?%\}"
                            r"|\{\{.*?\}\}", re.S)


def _words(text: str) -> bool:
    return any(word not in ALLOWED for word in WORDS.findall(text))


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):
            self._skip += 1
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value and _words(value) and not (
                    name == "content" and tag == "meta" and ("width" in value)):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and _words(data):
            self.found.append(data.strip())


def _literal_findings(source: str, env: Environment) -> list[str]:
    """String literals inside Jinja expressions given to a text key and not wrapped in _()."""
    found = []
    tokens = [t for t in env.lex(source) if t[1] not in ("whitespace",)]
    for index, (_line, kind, value) in enumerate(tokens):
        if kind != "string" or not _words(value):
            continue
        before = [t[2] for t in tokens[max(0, index - 3):index]]
        if before[-2:] in (["_", "("], ["ngettext", "("], ["gettext", "("]):
            continue
        if len(before) >= 2 and before[-1] == ":" and before[-2].strip("'\"") in TEXT_KEYS:
            found.append(value)
    return found


def template_findings(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    env = Environment(extensions=["jinja2.ext.i18n"])
    stripped = _TEMPLATE_TAGS.sub(" ", source)
    finder = _TextFinder()
    finder.feed(stripped)
    finder.close()
    return [*finder.found, *_literal_findings(source, env)]


_FIELD_CALL = re.compile(r"(Field|Input|Area)$")


def _plain(node) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and _words(node.value)) or isinstance(node, ast.JoinedStr)


def _call_findings(node: ast.Call) -> list[str]:
    name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
    found = []
    if node.args and _plain(node.args[0]):
        if _FIELD_CALL.search(name):
            found.append(f"{node.lineno}: label of {name}")
        elif name == "flash":
            found.append(f"{node.lineno}: flash")
    found += [f"{node.lineno}: {keyword.arg}=" for keyword in node.keywords
              if keyword.arg in ("message", "description", "label") and _plain(keyword.value)]
    return found


def _raise_finding(node: ast.Raise) -> list[str]:
    if not (isinstance(node.exc, ast.Call) and node.exc.args and _plain(node.exc.args[0])):
        return []
    name = getattr(node.exc.func, "id", None) or getattr(node.exc.func, "attr", "")
    return [f"{node.lineno}: raise {name}"] if name not in PROGRAM_ERRORS else []


def python_findings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            found += _call_findings(node)
        elif isinstance(node, ast.Raise):
            found += _raise_finding(node)
    return found


# Errors for programmers and operators, never shown on a page.
PROGRAM_ERRORS = {"ValueError", "TypeError", "RuntimeError", "KeyError", "ConfigError",
                  "AssertionError", "NotImplementedError", "LookupError", "SystemExit",
                  "OSError", "PermissionError", "BackupError", "AuditBroken", "MailError",
                  "StartupError", "IntegrityError", "ClickException", "UsageError",
                  "NestedUnitOfWork", "NotificationError"}

# Python that is for programs or operators (API, CLI, logs), not for people reading pages.
PYTHON_EXEMPT = ("consult/api/", "consult/cli.py", "consult/verify.py", "consult/tasks/cli.py",
                 "consult/startup.py", "consult/config.py", "consult/demo/",
                 "consult/services/demo", "consult/infrastructure/backup.py",
                 "consult/health.py", "consult/opendata/csv_export.py",
                 "consult/opendata/atom.py", "consult/opendata/feeds.py")


def _relative(path: Path) -> str:
    """The path from the checkout's root (this one, or a worktree the script is run in)."""
    resolved = path.resolve()
    for root in (Path.cwd(), ROOT):
        if resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    return resolved.as_posix()


def findings(paths: list[Path]) -> dict[str, list[str]]:
    result = {}
    for base in paths:
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            relative = _relative(path)
            if path.suffix in (".html", ".txt") and "templates/" in relative:
                found = template_findings(path)
            elif path.suffix == ".py" and relative.startswith("consult/") \
                    and not relative.startswith(PYTHON_EXEMPT):
                found = python_findings(path)
            else:
                continue
            if found:
                result[relative] = found
    return result


if __name__ == "__main__":
    targets = [Path(arg) for arg in sys.argv[1:]] or [ROOT / "templates", ROOT / "consult"]
    total = 0
    for name, items in findings(targets).items():
        for item in items:
            print(f"{name}: {item!r}"[:200])
            total += 1
    print(f"{total} unmarked", file=sys.stderr)
    sys.exit(1 if total else 0)
