"""Imports run one way (STYLE.md): blueprints → services → queries → models → domain, and the
plumbing (infrastructure/) is used by the use cases and never imports them. Each rule below
lists the packages a layer must never import; a new arrow running back up fails here."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "consult"
BLUEPRINTS = {"admin", "api", "audit", "auth", "officer", "opendata", "public"}
NEVER = {
    "domain": BLUEPRINTS | {"services", "queries", "infrastructure", "models", "extensions"},
    "models": BLUEPRINTS | {"services", "queries", "infrastructure"},
    "infrastructure": BLUEPRINTS | {"services", "queries"},
    "queries": BLUEPRINTS | {"services"},
    "services": BLUEPRINTS,
}


def _imported_packages(path: Path) -> set[str]:
    """The consult sub-packages a module imports from, relative imports resolved."""
    package = list(path.relative_to(PACKAGE.parent).parts)[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            if target[:1] != ["consult"]:
                continue
            if len(target) > 1:
                found.add(target[1])
            else:  # from consult import x / from .. import x: each name is a package
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "consult" and len(parts) > 1:
                    found.add(parts[1])
    return found


@pytest.mark.parametrize("layer", sorted(NEVER))
def test_no_import_runs_back_up(layer):
    modules = sorted((PACKAGE / layer).rglob("*.py"))
    assert modules, f"consult/{layer}/ is empty"
    wrong = {f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"
             for path in modules if (bad := _imported_packages(path) & NEVER[layer])}
    assert not wrong, "\n".join(sorted(wrong))


def test_the_check_sees_relative_imports():
    """The rule reads `from ..services import x` as an import of services (a check that saw
    nothing would pass everything)."""
    sample = PACKAGE / "queries" / "results.py"
    assert "models" in _imported_packages(sample)
