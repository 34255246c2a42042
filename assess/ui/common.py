"""Shared page furniture: the sidebar language switch, the profile picker, domain-error display."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec

import pandas as pd
import pyarrow as pa
import streamlit as st
from pydantic import ValidationError

from assess.domain.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, t
from assess.domain.permissions import PermissionDenied
from assess.domain.reliability import ReliabilityInputError
from assess.domain.reports import ReportError
from assess.domain.rubric import Profile, Rubric, RubricError
from assess.domain.scoring import ScoringInputError
from assess.imports.csv_file import ImportFailed
from assess.storage.db import DatabaseFailure, StoreError, database_error
from assess.ui import text

LANG_KEY = "lang"
LANG_WIDGET_KEY = "lang_choice"
ARCHETYPE_KEY = "profile.archetype"
STAGE_KEY = "profile.stage"
FLASH_KEY = "_flash"
LENIENCY_KEY = "dash.leniency"
LENIENCY_STATE = "leniency"

P = ParamSpec("P")


def lang() -> str:
    """The interface language of this session ("en" or "sv")."""
    value = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


LANG_QUERY = "lang"


def url_language() -> str:
    """The session's language, kept in the URL too (`?lang=sv`): a session that starts from a
    link or a reload takes the URL's language, and the URL then always shows the current one,
    so a bookmark or a link sent to a colleague opens in the same language."""
    if LANG_KEY not in st.session_state and st.query_params.get(LANG_QUERY) in LANGUAGES:
        st.session_state[LANG_KEY] = st.query_params[LANG_QUERY]
    current = lang()
    if st.query_params.get(LANG_QUERY) != current:
        st.query_params[LANG_QUERY] = current
    return current


def _language_chosen() -> None:
    st.session_state[LANG_KEY] = st.session_state[LANG_WIDGET_KEY]


def language_switch() -> str:
    """The English/Swedish switch in the sidebar; the choice lasts for the session.

    The language lives under a plain session key (read by app.py for the page titles before
    any widget exists); the radio only writes it, so a page switch never resets it.
    """
    current = lang()
    st.sidebar.radio(
        t("common.language", current),
        LANGUAGES,
        index=LANGUAGES.index(current),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANG_WIDGET_KEY,
        horizontal=True,
        on_change=_language_chosen,
    )
    return lang()


def flash(level: str, message: str) -> None:
    """Keep a message to show on the next run (callbacks run before the page re-renders)."""
    st.session_state.setdefault(FLASH_KEY, []).append((level, message))


def show_flashes() -> None:
    """Show the kept messages at the top of the page; successes also as a toast, because the
    button that caused them may sit far down a long page."""
    for level, message in st.session_state.pop(FLASH_KEY, []):
        getattr(st, level)(message)
        if level == "success":
            st.toast(message)


# Errors a page shows as a message, never a traceback: a bad rubric, database trouble, a
# rejected import (CSV or Greenhouse), a report or statistic asked of unsuitable data.
DOMAIN_ERRORS: tuple[type[Exception], ...] = (
    PermissionDenied,
    RubricError,
    StoreError,
    ImportFailed,
    ReportError,
    ScoringInputError,
    ReliabilityInputError,
    # a database error past every check (a lock timeout, a refused value): one sentence
    DatabaseFailure,
    # a form value the schemas refuse (assess/domain/schemas.py), named by its field
    ValidationError,
)


def domain_errors() -> tuple[type[Exception], ...]:
    """The exception types `run_page` and `safe_callback` turn into messages."""
    return DOMAIN_ERRORS


def error_text(exc: Exception) -> str:
    """The message of a domain error as Markdown that shows it as written (a problem quotes
    the file's text, which may hold markup); a database error becomes one sentence."""
    if isinstance(exc, DatabaseFailure):
        exc = database_error(exc)
    if isinstance(exc, ValidationError):
        fields = [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        return "\n\n".join(text.md(f"{where}: {msg[:1].lower()}{msg[1:]}") for where, msg in fields)
    problems = getattr(exc, "problems", None)
    if problems:
        return "\n\n".join(text.md(str(p)) for p in problems)
    return text.md(str(exc))


def run_page(body: Callable[[str], None]) -> None:
    """Render the sidebar switch, then the page; domain errors become `st.error`, not tracebacks."""
    current = language_switch()
    show_flashes()
    try:
        body(current)
    except domain_errors() as exc:
        st.error(error_text(exc))


def safe_callback(fn: Callable[P, None]) -> Callable[P, None]:
    """Wrap a widget callback so a domain error shows as a message on the next run."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except domain_errors() as exc:
            flash("error", error_text(exc))

    return wrapper


def localized_key(state_key: str, lang: str, default: object) -> str:
    """The widget key for the value kept under `state_key`, one per interface language.

    A select box keeps showing the option text it was first drawn with even when its
    format_func changes language, so each language gets its own widget; the value lives under
    the plain `state_key` (copied back by `keep`), primed into the widget before it is drawn.
    """
    widget_key = f"{state_key}.{lang}"
    value = st.session_state.get(state_key, default)
    # only when it differs: writing a widget's state on every run would make it rerun again
    if widget_key not in st.session_state or st.session_state[widget_key] != value:
        st.session_state[widget_key] = value
    return widget_key


def keep(widget_key: str, state_key: str) -> None:
    """on_change callback: store the widget's new value under its plain key."""
    st.session_state[state_key] = st.session_state[widget_key]


def profile_picker(rubric: Rubric, lang: str) -> Profile:
    """Archetype and stage selects in the sidebar (shared by every page), with the target table."""
    archetypes = rubric.archetype_ids
    stages = rubric.stage_ids
    if st.session_state.get(ARCHETYPE_KEY) not in archetypes:
        st.session_state[ARCHETYPE_KEY] = archetypes[0]
    if st.session_state.get(STAGE_KEY) not in stages:
        st.session_state[STAGE_KEY] = stages[0]
    key = localized_key(ARCHETYPE_KEY, lang, archetypes[0])
    archetype = st.sidebar.selectbox(
        t("common.archetype", lang),
        archetypes,
        format_func=lambda a: rubric.archetype(a).name.get(lang),
        key=key,
        on_change=keep,
        args=(key, ARCHETYPE_KEY),
    )
    key = localized_key(STAGE_KEY, lang, stages[0])
    stage = st.sidebar.selectbox(
        t("common.stage", lang),
        stages,
        format_func=lambda s: rubric.stage(s).name.get(lang),
        key=key,
        on_change=keep,
        args=(key, STAGE_KEY),
    )
    profile = rubric.profile(str(archetype), str(stage))
    # a markdown table wraps the long competency names in the narrow sidebar (a data grid
    # would cut them off) and costs a fraction of a grid on every rerun
    # heading, table and weight legend (small print) in one element: each costs a rerun
    legend = f"{t('common.weight', lang)}: {weight_legend(lang)}"
    st.sidebar.markdown(
        f"**{t('common.target_profile', lang)}**\n\n"
        f"{profile_markdown(profile, rubric, lang)}\n\n:small[{legend}]"
    )
    return profile


def leniency_toggle(lang: str) -> bool:
    """The sidebar switch "Adjust for interviewer leniency" (off unless turned on; the choice
    lasts for the session and is shared by the pages that score).

    The value lives under a plain session key and reaches the widget as its default: a page
    switch gives the switch a new widget identity whose state would start at the default.
    """
    return bool(
        st.sidebar.toggle(
            t("common.leniency", lang),
            value=bool(st.session_state.get(LENIENCY_STATE, False)),
            key=LENIENCY_KEY,
            help=t("common.leniency_help", lang),
            on_change=keep,
            args=(LENIENCY_KEY, LENIENCY_STATE),
        )
    )


def leniency_note(adjusted: bool, lang: str) -> None:
    """Say under the title that the figures are leniency-adjusted, when they are."""
    if adjusted:
        st.info(t("common.leniency_on", lang))


@dataclass(frozen=True)
class Grid:
    """A table ready for `st.dataframe`: its Arrow data and column configuration.

    Made once per data version by a cache (`grid`), so that a rerun only hands it over: the
    pandas-to-Arrow conversion and the column setup cost more than the rest of the element.
    """

    data: pa.Table
    config: dict[str, Any]


def grid(
    frame: pd.DataFrame,
    lang: str,
    *,
    not_assessed: Sequence[str] = (),
    precision: int = 2,
    widths: Mapping[str, Literal["small", "medium", "large"]] | None = None,
) -> Grid:
    """`frame` as `show_table` shows it: numbers with `precision` decimals and a missing one
    as "–" (or "not assessed" in the `not_assessed` columns), never as "None".

    The browser grid draws "None" for every missing number whatever a pandas Styler's na_rep
    says, so a number column with a gap is shown as text (`gaps_as_text`, right-aligned);
    the others stay numeric, with a number format. `widths` sets chosen columns' widths.
    """
    shown, texts = gaps_as_text(frame, lang, not_assessed, precision)
    fmt = f"%.{precision}f"
    config: dict[str, Any] = {
        str(c): st.column_config.NumberColumn(format=fmt)
        for c, dtype in shown.dtypes.items()
        if pd.api.types.is_float_dtype(dtype)
    }
    config.update({c: st.column_config.TextColumn(alignment="right") for c in texts})
    # long lists of names would push the later columns out of view
    config.update({c: st.column_config.Column(width=w) for c, w in (widths or {}).items()})
    # Streamlit deep-copies every config entry on every rerun: leave out the unset (None) keys
    compact = {c: _without_none(entry) for c, entry in config.items()}
    return Grid(pa.Table.from_pandas(shown, preserve_index=False), compact)


def _without_none(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: _without_none(v) if isinstance(v, Mapping) else v
        for k, v in entry.items()
        if v is not None
    }


def show_table(
    table: pd.DataFrame | Grid,
    lang: str,
    *,
    key: str,
    not_assessed: Sequence[str] = (),
    precision: int = 2,
) -> None:
    """st.dataframe of `table`, a Grid as it is, or a frame made one by `grid` (see there)."""
    shown = (
        table
        if isinstance(table, Grid)
        else grid(table, lang, not_assessed=not_assessed, precision=precision)
    )
    st.dataframe(shown.data, hide_index=True, key=key, column_config=shown.config)


def gaps_as_text(
    frame: pd.DataFrame, lang: str, not_assessed: Sequence[str] = (), precision: int = 2
) -> tuple[pd.DataFrame, list[str]]:
    """`frame` with every float column that has a missing value turned into text: numbers with
    `precision` decimals, a missing one as "–", or as "not assessed" in the `not_assessed`
    columns; and the names of the columns so turned."""
    gappy = [
        c
        for c in frame.columns
        if pd.api.types.is_float_dtype(frame[c]) and bool(frame[c].isna().any())
    ]
    if not gappy:
        return frame, []
    out = frame.copy()
    words = t("common.not_assessed", lang)
    for c in gappy:
        missing = words if c in not_assessed else "–"
        out[c] = [missing if math.isnan(v) else f"{v:.{precision}f}" for v in frame[c].to_numpy()]
    return out, gappy


def competency_labels(rubric: Rubric, lang: str) -> dict[str, str]:
    """Competency id -> name in `lang`, in rubric order (the radar axes)."""
    return {c.id: c.name.get(lang) for c in rubric.competencies}


def weight_legend(lang: str) -> str:
    """E.g. "0 not relevant, 1 useful, 2 important, 3 critical"."""
    return ", ".join(f"{w} {t(f'weight.{w}', lang)}" for w in range(4))


def profile_markdown(profile: Profile, rubric: Rubric, lang: str) -> str:
    """The resolved target profile as a markdown table: competency, target level, weight."""
    names = competency_labels(rubric, lang)
    head = (
        f"| {t('common.competency', lang)} | {t('common.target', lang)} "
        f"| {t('common.weight', lang)} |\n|---|---:|---:|"
    )
    rows = [f"| {names[x.competency]} | {x.level} | {x.weight} |" for x in profile.targets]
    return "\n".join([head, *rows])


def profile_table(profile: Profile, rubric: Rubric, lang: str) -> pd.DataFrame:
    """The resolved target profile: competency, target level (1-5), weight (0-3)."""
    names = competency_labels(rubric, lang)
    return pd.DataFrame(
        {
            t("common.competency", lang): [names[x.competency] for x in profile.targets],
            t("common.target", lang): [x.level for x in profile.targets],
            t("common.weight", lang): [x.weight for x in profile.targets],
        }
    )


def profile_name(profile: Profile, rubric: Rubric, lang: str) -> str:
    return (
        f"{rubric.archetype(profile.archetype).name.get(lang)} × "
        f"{rubric.stage(profile.stage).name.get(lang)}"
    )
