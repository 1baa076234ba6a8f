"""View modules stay thin: they never import each other, and no view module registers another
(each blueprint's __init__ imports its own view modules)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "consult"


def _view_modules() -> list[Path]:
    return sorted(path for path in PACKAGE.glob("*/*.py")
                  if path.stem == "views" or path.stem.endswith("_views"))


def _imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _is_view(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last == "views" or last.endswith("_views")


def test_view_modules_never_import_each_other():
    modules = _view_modules()
    assert len(modules) >= 15
    for path in modules:
        views = sorted(name for name in _imported_names(path) if _is_view(name))
        assert not views, f"{path.relative_to(PACKAGE)} imports {views}"
