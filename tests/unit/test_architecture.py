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


@pytest.mark.parametrize("module", ["rubric.py", "scoring.py"])
def test_core_imports_no_ui_no_database(module: str) -> None:
    roots = imported_roots(ROOT / "assess" / "domain" / module)
    assert roots.isdisjoint({"streamlit", "plotly", "sqlalchemy"}), sorted(roots)


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
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    named = {node.value for node in ast.walk(ast.parse(app)) if isinstance(node, ast.Constant)}
    assert len(PAGE_SCRIPTS) == 7
    assert {p.name for p in PAGE_SCRIPTS} <= named
