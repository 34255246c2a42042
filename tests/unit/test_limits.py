"""The limits and character rules, the bounded JSON/YAML readers, the formula guard and the
Markdown escape: exact tables and invariants."""

from __future__ import annotations

import json
import re
import string
import sys
import time
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.domain import bounded, limits
from assess.imports.csv_file import FORMULA_CHARACTERS, FORMULA_PREFIXES, guard, to_csv, unguard
from assess.ui.text import WORD_JOINER, md


@pytest.mark.parametrize(
    ("text", "multiline", "problem"),
    [
        ("Åsa Öberg", False, None),
        ("عائشة", False, None),
        ("a\tb", False, "must not contain the control character U+0009 (character 2)"),
        ("a\tb\nc", True, None),
        ("a\rb", True, "must not contain the control character U+000D (character 2)"),
        ("\x00", True, "must not contain the control character U+0000 (character 1)"),
        ("x\x7f", False, "must not contain the control character U+007F (character 2)"),
        ("x\x85", False, "must not contain the control character U+0085 (character 2)"),
        ("ab\u202a", False, "must not contain the bidirectional control U+202A (character 3)"),
        ("\u202e", True, "must not contain the bidirectional control U+202E (character 1)"),
        ("\u2069", False, "must not contain the bidirectional control U+2069 (character 1)"),
        ("a\u200fb", False, "must not contain the bidirectional control U+200F (character 2)"),
        ("\u061c", False, "must not contain the bidirectional control U+061C (character 1)"),
        ("\ud83d", False, "must not contain the unpaired surrogate U+D83D (character 1)"),
        ("👩‍💻", False, None),  # a zero-width joiner inside an emoji sequence is fine
    ],
)
def test_character_rules(text: str, multiline: bool, problem: str | None) -> None:
    assert limits.character_problem(text, multiline=multiline) == problem


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        ("a", True),
        ("\u200b", False),
        ("\u200b\u200c\u200d\u2060\ufeff", False),
        (" \u3000\u00a0", False),
        ("\u3164\u115f", False),  # Hangul fillers: letters that draw nothing
        ("\u2800", False),  # braille blank
        ("\u0301", False),  # a combining accent with nothing to sit on
        ("e\u0301", True),
        ("\u200bx", True),
    ],
)
def test_visible(text: str, visible: bool) -> None:
    assert limits.has_visible(text) is visible


def test_line_and_text_limits() -> None:
    assert limits.line_problem("x" * 201, limit=200) == "must be at most 200 characters, got 201"
    assert limits.line_problem("x" * 200, limit=200) is None
    assert limits.line_problem("\u200b", limit=200) == "has no visible character"
    assert limits.line_problem("", limit=200) is None  # emptiness is each field's own rule
    assert limits.text_problem("\n\t", limit=5) is None
    assert limits.text_problem("abcdef", limit=5) == "must be at most 5 characters, got 6"


def test_limits_fit_the_database_columns() -> None:
    from assess.storage.db import CANDIDATES, RATINGS, SCORECARDS

    def length(column: object) -> int:
        size = getattr(getattr(column, "type", None), "length", None)
        assert isinstance(size, int)
        return size

    assert length(CANDIDATES.c.name) >= limits.NAME_MAX
    assert length(CANDIDATES.c.current_title) >= limits.NAME_MAX
    assert length(SCORECARDS.c.interviewer) >= limits.NAME_MAX
    assert length(SCORECARDS.c.interview_type) >= limits.NAME_MAX
    assert length(CANDIDATES.c.email) >= limits.EMAIL_MAX
    assert length(CANDIDATES.c.source) >= limits.SOURCE_MAX
    assert length(SCORECARDS.c.source) >= limits.SOURCE_MAX
    assert length(CANDIDATES.c.external_id) >= limits.EXTERNAL_ID_MAX
    assert length(SCORECARDS.c.external_id) >= limits.EXTERNAL_ID_MAX
    assert length(RATINGS.c.competency) >= limits.COMPETENCY_MAX


def _reference_character_problem(text: str, *, multiline: bool) -> str | None:
    """The character rule as first written: one Unicode category look-up per character."""
    for pos, ch in enumerate(text, start=1):
        if ch in limits.BIDI_CONTROLS:
            return f"must not contain the bidirectional control U+{ord(ch):04X} (character {pos})"
        if multiline and ch in limits.TEXT_CONTROLS:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"must not contain the control character U+{ord(ch):04X} (character {pos})"
        if category == "Cs":
            return f"must not contain the unpaired surrogate U+{ord(ch):04X} (character {pos})"
    return None


@pytest.mark.parametrize("multiline", [False, True])
def test_every_code_point_is_refused_as_the_categories_say(multiline: bool) -> None:
    every = [chr(c) for c in range(sys.maxunicode + 1)]
    expected = [ch for ch in every if _reference_character_problem(ch, multiline=multiline)]
    refused = [ch for ch in every if limits.character_problem(ch, multiline=multiline)]
    assert refused == expected
    assert len(expected) == 65 + 2048 + len(limits.BIDI_CONTROLS) - (2 if multiline else 0)


@given(st.text(), st.booleans())
def test_character_rule_matches_the_reference(text: str, multiline: bool) -> None:
    assert limits.character_problem(text, multiline=multiline) == _reference_character_problem(
        text, multiline=multiline
    )


@given(st.text())
def test_visible_matches_the_categories(text: str) -> None:
    invisible = {"Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc"}
    blank = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}
    expected = any(ch not in blank and unicodedata.category(ch) not in invisible for ch in text)
    assert limits.has_visible(text) is expected


@given(st.text())
def test_a_line_that_passes_holds_nothing_misleading(text: str) -> None:
    if limits.line_problem(text, limit=10_000) is None:
        assert not any(ch in limits.BIDI_CONTROLS for ch in text)
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text)
        assert text == "" or limits.has_visible(text)


# --- bounded JSON and YAML -------------------------------------------------------------------


def _reference_depth(text: str) -> int:
    """The deepest nesting of a JSON text, read character by character."""
    depth = deepest = 0
    inside = escaped = False
    for ch in text:
        if inside:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                inside = False
        elif ch == '"':
            inside = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab'),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(json_values, st.integers(min_value=1, max_value=6))
def test_depth_check_agrees_with_a_character_scan(value: object, limit: int) -> None:
    text = json.dumps(value)
    deep = _reference_depth(text) > limit
    try:
        bounded.json_depth_check(text, limit)
    except bounded.TooDeep:
        assert deep
    else:
        assert not deep


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("[" * 33, 1, 33),
        ('{"a": "[[[[", "b":\n  ' + "[" * 40, 2, 34),
        ('["\\"' + "[" * 40 + '"]', None, None),  # brackets inside a string with an escape
        ('["\\\\", ' + "[" * 40, 1, 39),  # an escaped backslash ends before the quote
    ],
)
def test_depth_check_positions(text: str, line: int | None, column: int | None) -> None:
    if line is None:
        bounded.json_depth_check(text)
        return
    with pytest.raises(bounded.TooDeep) as caught:
        bounded.json_depth_check(text)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_depth_check_stays_linear_on_escaped_quotes_that_never_close() -> None:
    # quote, then a million escaped quotes: a string pattern that restarts at every quote would
    # take quadratic time here
    text = '["' + '\\"' * 1_000_000 + "[" * 40
    started = time.perf_counter()
    with pytest.raises(bounded.TooDeep):
        bounded.json_depth_check(text)
    assert time.perf_counter() - started < 5.0


def test_long_integers_are_kept_unconverted() -> None:
    assert bounded.load_json("[" + "9" * 20 + ", -" + "1" * 21 + "]") == [
        int("9" * 20),
        bounded.LongNumber(21),
    ]


def test_yaml_depth() -> None:
    bounded.yaml_depth_check("a: [[[1]]]", limit=4)
    with pytest.raises(bounded.TooDeep) as caught:
        bounded.yaml_depth_check("a:\n  b: [[1]]", limit=3)
    assert (caught.value.line, caught.value.column) == (2, 7)


# --- the formula guard -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        (" =1+1", "' =1+1"),
        ("\u3000=1", "'\u3000=1"),
        ("\n=3+3", "'\n=3+3"),
        ("\r=3+3", "'\r=3+3"),
        ("\t=1", "'\t=1"),
        ("\tplain", "'\tplain"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(1)", "'\uff20SUM(1)"),
        ("+46 70 123", "'+46 70 123"),
        ("-2", "'-2"),
        ("@SUM(1)", "'@SUM(1)"),
        ("'=1", "''=1"),
        ("' =1", "'' =1"),
        ("a=1", "a=1"),
        ("Åsa", "Åsa"),
        (" ", " "),
        ("", ""),
        ("'plain", "'plain"),
    ],
)
def test_guard_table(text: str, written: str) -> None:
    assert guard(text) == written
    assert unguard(written) == text


@given(st.text())
def test_a_guarded_cell_never_starts_a_formula(text: str) -> None:
    written = guard(text)
    assert unguard(written) == text
    assert not written.startswith(FORMULA_PREFIXES)
    assert not written.lstrip().startswith(FORMULA_CHARACTERS)


def test_numbers_stay_numbers_and_text_is_guarded() -> None:
    frame = pd.DataFrame(
        {
            "text": pd.Series([" =1", "-2", "\uff1d3"], dtype="str"),
            "delta": [-1.5, -0.004, 2.0],
            "count": pd.array([-3, None, 4], dtype="Int64"),
            "objects": [" @x", "\n=1", 5],
        }
    )
    assert to_csv(frame, excel="sv").decode("utf-8-sig") == (
        "text;delta;count;objects\r\n"
        "' =1;-1,50;-3;' @x\r\n"
        "'-2;0,00;;\"'\n=1\"\r\n"
        "'\uff1d3;2,00;4;5\r\n"
    )


# --- the Markdown escape ---------------------------------------------------------------------

WJ = WORD_JOINER


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        # plain sentences stay as they are
        ("candidate 3: no such candidate", "candidate 3: no such candidate"),
        ("scorecard[0].candidate_id: is required", "scorecard[0].candidate_id: is required"),
        (
            "sqlite:////tmp/a_b/app.db: R&D, 12.5 % (x-y)",
            "sqlite:////tmp/a_b/app.db: R&D, 12.5 % (x-y)",
        ),
        ("run `python -m assess db upgrade --db x`", "run `python -m assess db upgrade --db x`"),
        # what would render is escaped
        (
            r"**bold** [web](http://127.0.0.1:9/p) :red[red] $\LaTeX$",
            rf"\*\*bold\*\* [web\](http{WJ}://127.0.0.1:9/p) \:{WJ}red[red] \$\\LaTeX\$",
        ),
        (
            '<a href="http://x.se">CV</a><span style="font-size:60px">',
            rf'\<a href="http{WJ}://x.se">CV\</a>\<span style="font-size:60px">',
        ),
        (":smile: :material/home:", f"\\:{WJ}smile: \\:{WJ}material/home:"),
        ("__u__ _i_ a_b ~s~ | t |", r"\_\_u\_\_ \_i\_ a_b \~s\~ \| t \|"),
        (
            "# h\n> q\n- i\n+ i\n1. o\n2) t\n---",
            "\\# h  \n\\> q  \n\\- i  \n\\+ i  \n1\\. o  \n2\\) t  \n\\---",
        ),
        ("&amp; &#60; ![i](x) [r]: y", r"\&amp; \&#60; ![i\](x) [r\]: y"),
        ("a@b.se www.x.se", f"a{WJ}@b.se www{WJ}.x.se"),
    ],
)
def test_md_table(text: str, markdown: str) -> None:
    assert md(text) == markdown


def _shown(markdown: str) -> str:
    """What CommonMark shows for text made by `md` (without code spans): escapes, hard breaks
    and word joiners undone."""
    text = re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", markdown)
    return text.replace("  \n", "\n").replace(WORD_JOINER, "")


@given(st.text(alphabet=st.characters(blacklist_characters=WORD_JOINER + "`")))
def test_md_shows_the_text_and_leaves_no_marker_unescaped(text: str) -> None:
    escaped = md(text)
    assert _shown(escaped) == text
    bare = re.sub(r"\\.", "", escaped, flags=re.DOTALL)  # what is left after the escapes
    assert not re.search(r"[*~|$]|<[A-Za-z/!?]|\][(\[:]|&#?[A-Za-z0-9]+;", bare)
    assert not re.search(r"(?<![^\W_])_|_(?![^\W_])", bare)
    assert not re.search(r":[\w+/-]+[:\[]", bare)
    assert not re.search(r"(?i)(https?|ftp|mailto|xmpp):|\bwww\.|[^\u2060]@|^@", bare)
