"""The app's only cache wrappers: the engine, the rubric, and data keyed by a database version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from assess.domain import prepared
from assess.domain.ratings import RatingColumns
from assess.domain.rubric import Rubric, load_rubric
from assess.services import reads, visibility
from assess.services.actor import Actor
from assess.storage import db
from assess.storage.watch import ChangeWatch
from assess.ui import views


@st.cache_resource(show_spinner=False)
def _engine(*, url: str) -> Engine:
    return db.open_database(url)


def url() -> str:
    """The database URL: $ASSESS_DATABASE_URL, else the default SQLite file."""
    return db.database_url()


def engine() -> Engine:
    """One engine per database URL for the whole server process; a StoreError once its SQLite
    file was removed or replaced under the running app (`ChangeWatch.ensure_same_file`), so
    that no page reads or writes through connections to the old file."""
    address = url()
    _watch(url=address).ensure_same_file()
    return _engine(url=address)


# What a page reads on every rerun is cached with cache_resource: one shared object, no
# pickled copy per read (cache_data's copy cost more than the rest of a dashboard rerun).
# Those objects are read-only by contract: pages derive new frames, never assign into them.


@st.cache_resource(show_spinner=False)
def rubric() -> Rubric:
    """The shipped rubric; a RubricError is not cached, so a fixed file loads on the next run."""
    return load_rubric()


@st.cache_resource(show_spinner=False)
def _watch(*, url: str) -> ChangeWatch:
    return ChangeWatch(_engine(url=url))


def data_key() -> str:
    """The cache key of what this session may see: the database and the signed-in user's
    visibility scope (every results reader shares one; an interviewer has their own), so a
    cached view computed for one person is only ever handed to those who may see the same."""
    return f"{url()}|{visibility.scope(app_actor())}"


def data_version() -> str:
    """A value that changes whenever the database content changes; pages read it once per run
    and pass it to the cached readers below, which are keyed by it (`watch.ChangeWatch`, one
    per database for the whole server process: on SQLite a look costs microseconds and sees
    every commit, from this app or another process)."""
    return _watch(url=url()).version()


def changed() -> None:
    """Note a write made through the app, so that every session's cached views are recomputed
    (a SQLite file would tell by itself; PostgreSQL's row counts miss e.g. a rename)."""
    _watch(url=url()).note_write()


# What no profile changes is computed once per data version: the columnar read, and from it
# `prepared.Prepared` (levels, intervals, disagreements, tallies); a profile's entries hold
# only its ranking and what is drawn from it.


@st.cache_resource(show_spinner=False, max_entries=8)
def _columns(*, database: str, version: str) -> RatingColumns:
    return read(reads.rating_columns)


@st.cache_resource(show_spinner=False, max_entries=4)
def _ratings(*, database: str, version: str) -> pd.DataFrame:
    return read(reads.ratings)


def ratings(version: str) -> pd.DataFrame:
    """Every submitted rating (the store's ratings frame, evidence included) at `version` (see
    data_version), as far as the app's actor may see them; read only by the pages that list
    ratings, not by the dashboard."""
    return _ratings(database=data_key(), version=version)


@st.cache_resource(show_spinner=False, max_entries=8)
def _prepared(*, database: str, version: str, adjust: bool) -> prepared.Prepared:
    return prepared.prepare(_columns(database=database, version=version), rubric(), adjust=adjust)


def prepared_data(version: str, *, adjust: bool = False) -> prepared.Prepared:
    """The profile-independent data at `version` (`prepared.prepare`), computed once for every
    profile; from leniency-adjusted ratings if `adjust`."""
    return _prepared(database=data_key(), version=version, adjust=adjust)


@st.cache_resource(show_spinner=False, max_entries=64)
def _ranking(
    *, database: str, version: str, archetype: str, stage: str, adjust: bool, lang: str
) -> pd.DataFrame:
    rub = rubric()
    return prepared.ranking(
        _prepared(database=database, version=version, adjust=adjust),
        rub,
        rub.profile(archetype, stage),
        lang=lang,
    )


def ranking(
    version: str, archetype: str, stage: str, *, adjust: bool = False, lang: str = "en"
) -> pd.DataFrame:
    """One profile's ranking, best first: rank, candidate, fit with its interval (fit_low,
    fit_high), overlaps (the interval touches a neighbour's), coverage, critical gaps (a count),
    insufficient_evidence and disagreements (competency names in `lang`), name, scorecards and
    a `rec.<value>` count per recommendation; scored from leniency-adjusted ratings if `adjust`
    (`prepared.ranking`)."""
    return _ranking(
        database=data_key(),
        version=version,
        archetype=archetype,
        stage=stage,
        adjust=adjust,
        lang=lang,
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _gaps(
    *, database: str, version: str, candidate: int, archetype: str, stage: str, adjust: bool
) -> pd.DataFrame:
    rub = rubric()
    return prepared.gaps(
        _prepared(database=database, version=version, adjust=adjust),
        candidate,
        rub,
        rub.profile(archetype, stage),
    )


def gaps(
    version: str, candidate: int, archetype: str, stage: str, *, adjust: bool = False
) -> pd.DataFrame:
    """The gap table of one candidate against one profile (`scoring.gap_table`), with the
    level's interval (low, high), evidence ok/insufficient/not_assessed and gap_status
    meets/possible/clear/not_assessed (`reliability.gap_status`), as the detail report has them."""
    return _gaps(
        database=data_key(),
        version=version,
        candidate=candidate,
        archetype=archetype,
        stage=stage,
        adjust=adjust,
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _best_fit(*, database: str, version: str, candidate: int, adjust: bool) -> pd.DataFrame:
    return prepared.best_fit(
        _prepared(database=database, version=version, adjust=adjust), candidate, rubric()
    )


# What the dashboard draws, cached as data by everything it depends on, so that a rerun that
# changes nothing (a click elsewhere, a language round trip) rebuilds no table and no figure,
# in two cached calls: each call costs a key hash, a fair part of a rerun.


@st.cache_resource(show_spinner=False, max_entries=64)
def _ranking_panel(
    *, database: str, version: str, archetype: str, stage: str, adjust: bool, lang: str
) -> views.RankingPanel:
    return views.ranking_panel(
        _ranking(
            database=database,
            version=version,
            archetype=archetype,
            stage=stage,
            adjust=adjust,
            lang=lang,
        ),
        lang,
    )


def ranking_panel(
    version: str, archetype: str, stage: str, *, adjust: bool = False, lang: str = "en"
) -> views.RankingPanel:
    """The dashboard's ranking for one profile (`views.ranking_panel` of `ranking`)."""
    return _ranking_panel(
        database=data_key(),
        version=version,
        archetype=archetype,
        stage=stage,
        adjust=adjust,
        lang=lang,
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _candidate_panel(
    *,
    database: str,
    version: str,
    candidate: int,
    archetype: str,
    stage: str,
    adjust: bool,
    lang: str,
) -> views.CandidatePanel | None:
    top = _ranking_panel(
        database=database,
        version=version,
        archetype=archetype,
        stage=stage,
        adjust=adjust,
        lang=lang,
    )
    if candidate not in top.labels:
        return None  # gone since the page listed them (the ranking was recomputed meanwhile)
    row = top.ranked.loc[top.ranked["candidate"] == candidate].iloc[0]
    rub = rubric()
    return views.candidate_panel(
        row,
        _gaps(
            database=database,
            version=version,
            candidate=candidate,
            archetype=archetype,
            stage=stage,
            adjust=adjust,
        ),
        _best_fit(database=database, version=version, candidate=candidate, adjust=adjust),
        rub.profile(archetype, stage),
        rub,
        lang,
        top.labels[candidate],
    )


def candidate_panel(
    version: str, candidate: int, archetype: str, stage: str, *, adjust: bool = False, lang: str
) -> views.CandidatePanel | None:
    """One ranked candidate's part of the dashboard (`views.candidate_panel`); None when the
    candidate is not in the ranking (any more)."""
    return _candidate_panel(
        database=data_key(),
        version=version,
        candidate=candidate,
        archetype=archetype,
        stage=stage,
        adjust=adjust,
        lang=lang,
    )


R = TypeVar("R")


ACTOR_KEY = "auth.actor"


def set_actor(actor: Actor) -> None:
    """Make `actor` the one this session's reads and writes act for (the sign-in does)."""
    st.session_state[ACTOR_KEY] = actor


def app_actor() -> Actor:
    """The signed-in user this session acts for; app.py's sign-in gate sets it on every run."""
    actor = st.session_state.get(ACTOR_KEY)
    if not isinstance(actor, Actor):
        raise NotSignedIn("sign in first: this session has no signed-in user")
    return actor


class NotSignedIn(Exception):
    """A page ran without the sign-in gate having set the session's user."""


def read(service: Callable[..., R], /, *args: Any, actor: Actor | None = None, **kwargs: Any) -> R:
    """Call a read-only use case on the app's database."""
    return service(*args, actor=actor or app_actor(), engine=engine(), **kwargs)


def write(service: Callable[..., R], /, *args: Any, actor: Actor | None = None, **kwargs: Any) -> R:
    """Call a use case that writes, then tell every session's cached views that data changed."""
    result = service(*args, actor=actor or app_actor(), engine=engine(), **kwargs)
    changed()
    return result
