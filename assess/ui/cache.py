"""The app's only cache wrappers: the engine, the rubric, and data keyed by a database version."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine, func, select

from assess import db, scoring, vocab
from assess.rubric import Rubric, load_rubric

WRITES_KEY = "_writes"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return db.open_database(url)


def url() -> str:
    """The database URL: $ASSESS_DATABASE_URL, else the default SQLite file."""
    return db.database_url()


def engine() -> Engine:
    """One engine per database URL for the whole server process."""
    return _engine(url())


@st.cache_data(show_spinner=False)
def rubric() -> Rubric:
    """The shipped rubric; a RubricError is not cached, so a fixed file loads on the next run."""
    return load_rubric()


def data_version() -> str:
    """A value that changes whenever the database content changes; pages read it once per run
    and pass it to the cached readers below, which are keyed by it.

    One cheap query over row counts, the newest ids, the newest scorecard update and the length
    of the rating audit trail (every rating write appends to it), plus this session's own write
    counter, which also covers edits that leave those figures unchanged (e.g. a renamed candidate).
    """
    c, s, r, a = db.Candidate, db.Scorecard, db.Rating, db.RatingAudit
    query = select(
        select(func.count(c.id)).scalar_subquery(),
        select(func.max(c.id)).scalar_subquery(),
        select(func.count(s.id)).scalar_subquery(),
        select(func.max(s.updated_at)).scalar_subquery(),
        select(func.count(r.id)).scalar_subquery(),
        select(func.max(a.id)).scalar_subquery(),
    )
    with db.transaction(engine(), readonly=True) as session:
        row = session.execute(query).one()
    return f"{'/'.join(str(x) for x in row)}#{st.session_state.get(WRITES_KEY, 0)}"


def changed() -> None:
    """Note a write made through this session, so every cached view is recomputed."""
    st.session_state[WRITES_KEY] = st.session_state.get(WRITES_KEY, 0) + 1


@st.cache_data(show_spinner=False, max_entries=4)
def _ratings(database: str, version: str) -> pd.DataFrame:
    from assess import store

    with db.transaction(engine(), readonly=True) as session:
        return store.ratings_frame(session=session)


def ratings(version: str) -> pd.DataFrame:
    """Every submitted rating (the store's ratings frame) at `version` (see data_version)."""
    return _ratings(url(), version)


@st.cache_data(show_spinner=False, max_entries=4)
def _levels(database: str, version: str) -> pd.DataFrame:
    return scoring.aggregate(_ratings(database, version))


@st.cache_data(show_spinner=False, max_entries=4)
def _scores(database: str, version: str) -> pd.DataFrame:
    rub = rubric()
    return scoring.score(
        None, rub.profiles(), settings=rub.settings, levels=_levels(database, version)
    )


@st.cache_data(show_spinner=False, max_entries=4)
def _candidates(database: str, version: str) -> pd.DataFrame:
    """Per candidate with submitted scorecards: name, scorecards, and one `rec.<value>` column
    per recommendation counting the scorecards that gave it."""
    frame = _ratings(database, version)
    cards = frame.drop_duplicates("interview")
    out = cards.groupby("candidate").agg(
        name=("candidate_name", "first"), scorecards=("interview", "size")
    )
    counts = pd.crosstab(cards["candidate"], cards["recommendation"])
    for rec in vocab.RECOMMENDATIONS:
        column = counts[rec] if rec in counts.columns else pd.Series(dtype="int64")
        out[f"rec.{rec}"] = column.reindex(out.index).fillna(0).astype("int64")
    return out


@st.cache_data(show_spinner=False, max_entries=64)
def _ranking(database: str, version: str, archetype: str, stage: str) -> pd.DataFrame:
    scores = _scores(database, version)
    mine = scores[(scores["archetype"] == archetype) & (scores["stage"] == stage)]
    ranked = scoring.rank(mine)
    info = _candidates(database, version)
    return ranked.join(info, on="candidate")


def ranking(version: str, archetype: str, stage: str) -> pd.DataFrame:
    """One profile's ranking: rank, candidate, fit, coverage, critical gaps, name, scorecards
    and a `rec.<value>` count per recommendation; best first."""
    return _ranking(url(), version, archetype, stage)


@st.cache_data(show_spinner=False, max_entries=256)
def _gaps(database: str, version: str, candidate: int, archetype: str, stage: str) -> pd.DataFrame:
    rub = rubric()
    return scoring.gap_table(
        None,
        candidate,
        rub.profile(archetype, stage),
        settings=rub.settings,
        levels=_levels(database, version),
    )


def gaps(version: str, candidate: int, archetype: str, stage: str) -> pd.DataFrame:
    """The gap table of one candidate against one profile."""
    return _gaps(url(), version, candidate, archetype, stage)


@st.cache_data(show_spinner=False, max_entries=256)
def _best_fit(database: str, version: str, candidate: int) -> pd.DataFrame:
    scores = _scores(database, version)
    return scores[scores["candidate"] == candidate].drop(columns="candidate")


def best_fit(version: str, candidate: int) -> pd.DataFrame:
    """One candidate's fit against every archetype x stage (archetype, stage, fit, coverage...)."""
    return _best_fit(url(), version, candidate)
