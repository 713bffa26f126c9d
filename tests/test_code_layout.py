"""The shape of the code (README: How the code is laid out): layers import only downwards,
no import cycles, no Qt below jobs/, no two modules with one name, no file over 600 lines."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "ideogram_studio"
MAX_LINES = 600
UPPER_LAYERS = ("ideogram_studio.jobs", "ideogram_studio.model", "ideogram_studio.ui")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module named in an import, TYPE_CHECKING and function-level ones included."""
    found: set[str] = set()
    package = module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    """Module -> the modules it imports. Packages (their __init__ files, entered on the way to
    their modules) are no edges of a cycle, but top-level modules like `errors` are."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    packages = {module_name(path) for path in PACKAGE.rglob("__init__.py")}
    return {
        name: {
            target
            for target in imports_of(path)
            if target in modules and target != name and target not in packages
        }
        for name, path in modules.items()
    }


def test_no_module_imports_itself_back_through_others() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_core_and_backends_import_no_qt_and_model_no_widgets() -> None:
    for layer, forbidden in (
        ("core", ("PySide6",)),
        ("backends", ("PySide6",)),
        ("model", ("PySide6.QtWidgets", "PySide6.QtGui", "ideogram_studio.ui")),
        ("jobs", ("PySide6.QtWidgets", "ideogram_studio.ui", "ideogram_studio.model")),
    ):
        for path in (PACKAGE / layer).rglob("*.py"):
            bad = {m for m in imports_of(path) if m.startswith(forbidden)}
            assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}"
    for path in [*(PACKAGE / "core").rglob("*.py"), *(PACKAGE / "backends").rglob("*.py")]:
        upward = {m for m in imports_of(path) if m.startswith(UPPER_LAYERS)}
        assert not upward, f"{path.relative_to(REPO)} imports {sorted(upward)}"


def test_no_two_modules_share_a_name_and_none_is_too_long() -> None:
    files = [p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    shared = [name for name, count in Counter(p.name for p in files).items() if count > 1]
    assert shared == []
    long = {
        str(p.relative_to(REPO)): n
        for p in files
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
