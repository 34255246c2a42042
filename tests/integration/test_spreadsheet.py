"""The Excel-Swedish export opened in a real spreadsheet (LibreOffice Calc, headless): no cell
becomes a formula, numeric columns stay numbers."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import FORMULAS, HANDS_ON, PEOPLE, VISION, write_tiny_rubric

from assess.domain.reports import build_report
from assess.domain.rubric import Rubric, load_rubric
from assess.imports.csv_file import guard, to_csv

SOFFICE = shutil.which("soffice")
# Calc's CSV filter: separator ";" (59), quote '"' (34), UTF-8 (76), from line 1, default
# column types, Swedish number format (1053, decimal comma): what Excel set to Swedish reads.
CSV_FILTER = "CSV:59,34,76,1,,1053"

pytestmark = [
    pytest.mark.spreadsheet,
    pytest.mark.skipif(
        SOFFICE is None and os.environ.get("CI") != "true",
        reason="LibreOffice Calc (soffice) is not installed; CI installs it",
    ),
]


def open_in_calc(data: bytes, tmp_path: Path) -> list[list[tuple[object, str]]]:
    """(value, openpyxl data type) of every cell, after Calc read `data` as CSV and saved xlsx."""
    assert SOFFICE is not None, "CI=true but soffice is missing: install libreoffice-calc-nogui"
    source = tmp_path / "export.csv"
    source.write_bytes(data)
    # A profile of its own, so a parallel or stale LibreOffice instance never blocks this one.
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            f"--infilter={CSV_FILTER}",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(tmp_path / "export.xlsx").active
    assert sheet is not None
    return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]


@pytest.fixture(scope="module")
def rubric(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    return load_rubric(write_tiny_rubric(tmp_path_factory.mktemp("tiny") / "rubrics"))


def hostile_ratings() -> pd.DataFrame:
    """A ratings frame whose candidates, interviewers and evidence are all formulas."""
    rows = []
    for i, text in enumerate(FORMULAS):
        for j, comp in enumerate((HANDS_ON, VISION, PEOPLE)):
            rows.append(
                {
                    "candidate": i + 1,
                    "candidate_name": text,
                    "interviewer": FORMULAS[(i + j) % len(FORMULAS)],
                    "interview": i + 1,
                    "interview_type": "technical",
                    "interview_date": dt.date(2026, 3, 4),
                    "competency": comp,
                    "rating": (i + j) % 5 + 1,
                    "evidence": FORMULAS[(i + 2 * j) % len(FORMULAS)],
                    "recommendation": "yes",
                    "state": "submitted",
                }
            )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("kind", ["summary", "detail", "ratings"])
def test_excel_sv_export_opens_without_formulas_and_with_numbers(
    rubric: Rubric, kind: str, tmp_path: Path
) -> None:
    table = build_report(
        kind, hostile_ratings(), rubric, archetype="technical_leader", stage="startup"
    )
    cells = open_in_calc(to_csv(table, excel="sv"), tmp_path)
    assert [v for v, _ in cells[0]] == [guard(str(c)) for c in table.columns]
    assert len(cells) == len(table) + 1
    formulas = [
        (r, c, v) for r, row in enumerate(cells) for c, (v, k) in enumerate(row) if k == "f"
    ]
    assert formulas == []
    guarded = sum(1 for row in cells[1:] for v, _ in row if isinstance(v, str) and v[:1] == "'")
    assert guarded >= len(FORMULAS)  # the hostile names really reached the file
    for col, name in enumerate(table.columns):
        series = table[name]
        for r, value in enumerate(series.tolist(), start=1):
            shown, kind_of = cells[r][col]
            if pd.isna(value):
                assert shown is None
            elif series.dtype.kind in "iuf":
                assert kind_of == "n" and shown == pytest.approx(round(float(value), 2))
            elif isinstance(value, str) and value:
                # text stays text; Calc keeps the guard's apostrophe, so a formula shows as
                # written, never its result
                assert (shown, kind_of) == (guard(value), "s")


def test_negative_numbers_stay_numbers_and_text_stays_text(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "label": ["-2", "+5", "ok"],
            "delta": [-1.25, -0.5, 2.0],
            "count": pd.array([-3, 0, 4], dtype="Int64"),
        }
    )
    cells = open_in_calc(to_csv(frame, excel="sv"), tmp_path)
    assert cells == [
        [("label", "s"), ("delta", "s"), ("count", "s")],
        [("'-2", "s"), (-1.25, "n"), (-3, "n")],
        [("'+5", "s"), (-0.5, "n"), (0, "n")],
        [("ok", "s"), (2, "n"), (4, "n")],
    ]
