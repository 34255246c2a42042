"""Import boundaries: only the UI imports streamlit, only assess/charts.py imports plotly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([ROOT / "app.py", *(ROOT / "assess").rglob("*.py")])


def imported_roots(path: Path) -> set[str]:
    """Top-level package names a module imports anywhere (also inside functions)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _allowed_streamlit(rel: str) -> bool:
    return rel == "app.py" or rel.startswith("assess/ui/")


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_streamlit_only_in_the_ui(path: Path) -> None:
    rel = _rel(path)
    if not _allowed_streamlit(rel):
        assert "streamlit" not in imported_roots(path), f"{rel} imports streamlit"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_plotly_only_in_charts(path: Path) -> None:
    rel = _rel(path)
    if rel != "assess/charts.py":
        assert "plotly" not in imported_roots(path), f"{rel} imports plotly"


def imported_modules(path: Path) -> set[str]:
    """Full dotted names of the `assess` modules a module imports (`from assess.x import y`
    counts as both `assess.x` and `assess.x.y`, since y may be a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name == "assess" or name.startswith("assess.")}


# Dependencies point inward: ui and cli -> services -> storage, imports -> domain.
# For each package: the outside libraries and the project's modules it must not import.
RULES: dict[str, tuple[set[str], set[str]]] = {
    "assess/domain/": (
        {"streamlit", "plotly", "sqlalchemy", "click", "alembic", "psycopg"},
        {"imports", "storage", "services", "cli", "bench", "ui", "charts"},
    ),
    "assess/imports/": (
        {"streamlit", "plotly", "sqlalchemy", "click"},
        {"storage", "services", "cli", "bench", "ui", "charts"},
    ),
    "assess/storage/": (
        {"streamlit", "plotly", "click"},
        {"imports", "services", "cli", "bench", "ui", "charts"},
    ),
    "assess/services/": (
        {"streamlit", "plotly", "click"},
        {"cli", "bench", "ui", "charts"},
    ),
    # the command line and the pages reach the data only through the services
    "assess/cli/": ({"streamlit", "plotly"}, {"ui", "storage.store"}),
    "assess/ui/": (set(), {"cli", "bench", "storage.store"}),
    "assess/bench/": ({"streamlit", "plotly"}, {"cli", "storage.store"}),
    "assess/charts.py": (
        {"streamlit", "sqlalchemy"},
        {"imports", "storage", "services", "cli", "bench", "ui"},
    ),
}


def _rule_for(rel: str) -> tuple[set[str], set[str]] | None:
    return next((rule for prefix, rule in RULES.items() if rel.startswith(prefix)), None)


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_each_package_imports_only_inward(path: Path) -> None:
    rel = _rel(path)
    rule = _rule_for(rel)
    if rel in ("app.py", "assess/__init__.py", "assess/__main__.py"):
        return
    assert rule is not None, f"{rel}: no import rule for this package (add one to RULES)"
    libraries, internal = rule
    assert imported_roots(path).isdisjoint(libraries), f"{rel} imports {libraries}"
    bad = {
        name
        for name in imported_modules(path)
        for part in internal
        if name == f"assess.{part}" or name.startswith(f"assess.{part}.")
    }
    assert not bad, f"{rel} imports {sorted(bad)}"


@pytest.mark.parametrize(
    "path",
    [p for p in SOURCES if _rel(p).startswith(("assess/ui/", "assess/cli/"))],
    ids=_rel,
)
def test_pages_and_commands_never_open_a_transaction(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert "transaction" not in names, f"{_rel(path)} opens a transaction: call a service"


def test_rules_see_full_module_names(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text("from assess.storage import store\nimport assess.ui.cache\n", encoding="utf-8")
    assert imported_modules(src) == {
        "assess.storage",
        "assess.storage.store",
        "assess.ui.cache",
    }


def test_checker_sees_nested_and_from_imports(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "import os.path\nfrom plotly import graph_objects\n"
        "def f():\n    import streamlit as st\n    from . import sibling\n",
        encoding="utf-8",
    )
    assert imported_roots(src) == {"os", "plotly", "streamlit"}


PAGE_SCRIPTS = sorted((ROOT / "assess" / "ui" / "pages").glob("[!_]*.py"))


@pytest.mark.parametrize("script", PAGE_SCRIPTS, ids=_rel)
def test_page_script_only_runs_its_page(script: Path) -> None:
    # Streamlit compiles and runs a page script on every rerun; the page lives in a module
    body = ast.parse(script.read_text(encoding="utf-8")).body
    name = script.stem.removesuffix("_page")
    assert [ast.unparse(node) for node in body[1:]] == [
        f"from assess.ui import {', '.join(sorted(['common', name]))}",
        f"common.run_page({name}.main)",
    ]


def test_navigation_lists_every_page_script() -> None:
    from assess.domain.permissions import PAGES

    assert len(PAGE_SCRIPTS) == len(PAGES) == 10
    assert {p.name for p in PAGE_SCRIPTS} == {f"{page}_page.py" for page in PAGES}
