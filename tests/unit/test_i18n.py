"""Interface strings: every key in both languages, placeholders alike, lookups exact."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from assess.domain import vocab
from assess.domain.i18n import LANGUAGES, STRINGS, t

ROOT = Path(__file__).resolve().parents[2]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_key_has_both_languages_with_the_same_fields(key: str) -> None:
    entry = STRINGS[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert _fields(entry["en"]) == _fields(entry["sv"]), key


@pytest.mark.parametrize(
    ("key", "lang", "fields", "expected"),
    [
        ("nav.dashboard", "en", {}, "Dashboard"),
        ("nav.dashboard", "sv", {}, "Översikt"),
        ("sc.not_assessed", "sv", {}, "ej bedömd"),
        ("cand.added", "en", {"name": "Åsa Öberg"}, "Added Åsa Öberg."),
        ("cand.added", "sv", {"name": "Åsa Öberg"}, "Åsa Öberg har lagts till."),
        ("sc.rated_count", "sv", {"rated": 3, "total": 14}, "3 av 14 kompetenser bedömda."),
        ("nav.compare", "de", {}, "Compare"),  # unknown language falls back to English
    ],
)
def test_t_looks_up_and_fills(
    key: str, lang: str, fields: dict[str, object], expected: str
) -> None:
    assert t(key, lang, **fields) == expected


def test_unknown_key_names_the_key() -> None:
    with pytest.raises(KeyError, match="no interface text for key 'nope'"):
        t("nope", "en")


def test_vocabularies_have_labels() -> None:
    for rec in vocab.RECOMMENDATIONS:
        assert f"rec.{rec}" in STRINGS
    for state in vocab.SCORECARD_STATES:
        assert f"state.{state}" in STRINGS
    for itype in vocab.INTERVIEW_TYPES:
        assert f"itype.{itype}" in STRINGS
    for weight in range(4):
        assert f"weight.{weight}" in STRINGS
    for kind in ("summary", "detail", "ratings"):
        assert f"rep.{kind}" in STRINGS


def test_every_reliability_verdict_has_a_label() -> None:
    from assess.domain import reliability
    from assess.ui.calibration import VERDICTS

    verdicts = {
        reliability.VERDICT_RELIABLE,
        reliability.VERDICT_TENTATIVE,
        reliability.VERDICT_UNRELIABLE,
        reliability.VERDICT_INSUFFICIENT,
    }
    assert set(VERDICTS) == verdicts
    assert all(key in STRINGS for key in VERDICTS.values())


def _literal_keys() -> set[str]:
    """Every string literal passed as the first argument of t(...) in the app's sources."""
    found: set[str] = set()
    files = [ROOT / "app.py", *sorted((ROOT / "assess" / "ui").glob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_key_used_by_the_app_exists() -> None:
    used = _literal_keys()
    assert used, "no t() calls found"
    assert sorted(used - set(STRINGS)) == []


def test_keys_are_dotted_lowercase() -> None:
    bad = [k for k in STRINGS if not re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", k)]
    assert bad == []


def test_every_evidence_and_gap_status_of_the_domain_has_a_label() -> None:
    import numpy as np

    from assess.domain import reliability

    statuses = set(
        reliability.gap_status(
            np.array([np.nan, 4.0, 2.0, 2.0]),
            np.array([np.nan, 3.0, 1.0, 1.0]),
            np.array([np.nan, 5.0, 2.5, 4.0]),
            np.array([3.0, 3.0, 3.0, 3.0]),
        ).tolist()
    )
    assert statuses == {"not_assessed", "meets", "clear", "possible"}
    for status in statuses:
        assert f"status.{status}" in STRINGS
    # the detail report's evidence values (reports.detail_report)
    for evidence in ("ok", "insufficient", "not_assessed"):
        assert f"evidence.{evidence}" in STRINGS


@pytest.mark.parametrize(
    ("key", "lang", "expected"),
    [
        ("evidence.insufficient", "en", "insufficient evidence"),
        ("evidence.insufficient", "sv", "otillräckligt underlag"),
        ("common.not_assessed", "sv", "ej bedömd"),
        ("status.possible", "sv", "möjlig lucka"),
        ("common.leniency", "sv", "Justera för intervjuarnas mildhet"),
    ],
)
def test_confidence_labels(key: str, lang: str, expected: str) -> None:
    assert t(key, lang) == expected
