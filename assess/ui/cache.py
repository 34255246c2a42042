"""The app's only cache wrappers: the engine, the rubric, and data keyed by a database version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from assess.domain import prepared
from assess.domain.ratings import RatingColumns
from assess.domain.rubric import Profile, Rubric, load_rubric
from assess.domain.searches import SearchProfile
from assess.services import reads, searches, visibility
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


def scope_key(search: int | None = None) -> str:
    """The cache key of what this session may see: `data_key` over every candidate, or with
    `search` that search as this actor may see it (`visibility.search_scope`: an interviewer's
    view of a search is their own, whatever they may see elsewhere)."""
    if search is None:
        return data_key()
    return f"{url()}|{visibility.search_scope(app_actor(), search)}"


def profile_key(profile: Profile) -> str:
    """A profile as a short cache key: every number it holds, so that a search's overrides
    (a changed level or weight under the same archetype x stage) make a new entry."""
    numbers = ";".join(
        f"{x.competency}:{x.level}:{x.weight}:{x.base_level}:{x.base_weight}"
        for x in profile.targets
    )
    return f"{profile.archetype}|{profile.stage}|{numbers}"


# What no profile changes is computed once per data version and scope (every candidate, or
# one search): the columnar read, and from it `prepared.Prepared` (levels, intervals,
# disagreements, tallies); a profile's entries hold only its ranking and what is drawn from
# it. A profile is passed as the Profile itself (a search's overrides count) under a leading
# underscore, which the cache does not hash, and keyed by `profile_key` instead.


@st.cache_resource(show_spinner=False, max_entries=8)
def _columns(*, database: str, version: str, search: int | None) -> RatingColumns:
    return read(reads.rating_columns, search_id=search)


@st.cache_resource(show_spinner=False, max_entries=4)
def _ratings(*, database: str, version: str, search: int | None) -> pd.DataFrame:
    return read(reads.ratings, search_id=search)


def ratings(version: str, *, search: int | None = None) -> pd.DataFrame:
    """Every submitted rating (the store's ratings frame, evidence included) at `version` (see
    data_version), as far as the app's actor may see them, or only those of `search`; read
    only by the pages that list ratings, not by the dashboard."""
    return _ratings(database=scope_key(search), version=version, search=search)


@st.cache_resource(show_spinner=False, max_entries=8)
def _prepared(
    *, database: str, version: str, search: int | None, adjust: bool
) -> prepared.Prepared:
    return prepared.prepare(
        _columns(database=database, version=version, search=search), rubric(), adjust=adjust
    )


def prepared_data(
    version: str, *, adjust: bool = False, search: int | None = None
) -> prepared.Prepared:
    """The profile-independent data at `version` (`prepared.prepare`), computed once for every
    profile; from leniency-adjusted ratings if `adjust`; of `search`'s scorecards only if given."""
    return _prepared(database=scope_key(search), version=version, search=search, adjust=adjust)


@st.cache_resource(show_spinner=False, max_entries=16)
def _searches(*, who: str, version: str) -> list[searches.SearchInfo]:
    return read(searches.list_searches)


def search_list(version: str) -> list[searches.SearchInfo]:
    """The searches the app's actor may see at `version` (`searches.list_searches`), read once
    per version and person (the analysis pages list them on every rerun)."""
    actor = app_actor()
    return _searches(who=f"{url()}|{actor.role}|{actor.user_id}|{actor.name}", version=version)


@st.cache_resource(show_spinner=False, max_entries=16)
def _search_target(
    *, database: str, version: str, search: int
) -> tuple[searches.SearchInfo, SearchProfile]:
    return read(searches.search_target, search, rubric=rubric())


def search_target(version: str, search: int) -> tuple[searches.SearchInfo, SearchProfile]:
    """A search and its resolved profile at `version` (`searches.search_target`)."""
    return _search_target(database=scope_key(search), version=version, search=search)


@st.cache_resource(show_spinner=False, max_entries=64)
def _ranking(
    *,
    database: str,
    version: str,
    search: int | None,
    target: str,
    _profile: Profile,
    adjust: bool,
    lang: str,
) -> pd.DataFrame:
    return prepared.ranking(
        _prepared(database=database, version=version, search=search, adjust=adjust),
        rubric(),
        _profile,
        lang=lang,
    )


def ranking(
    version: str,
    profile: Profile,
    *,
    search: int | None = None,
    adjust: bool = False,
    lang: str = "en",
) -> pd.DataFrame:
    """One profile's ranking, best first: rank, candidate, fit with its interval (fit_low,
    fit_high), overlaps (the interval touches a neighbour's), coverage, critical gaps (a count),
    insufficient_evidence and disagreements (competency names in `lang`), name, scorecards and
    a `rec.<value>` count per recommendation; scored from leniency-adjusted ratings if `adjust`
    (`prepared.ranking`); over `search`'s scorecards only if given."""
    return _ranking(
        database=scope_key(search),
        version=version,
        search=search,
        target=profile_key(profile),
        _profile=profile,
        adjust=adjust,
        lang=lang,
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _gaps(
    *,
    database: str,
    version: str,
    search: int | None,
    candidate: int,
    target: str,
    _profile: Profile,
    adjust: bool,
) -> pd.DataFrame:
    return prepared.gaps(
        _prepared(database=database, version=version, search=search, adjust=adjust),
        candidate,
        rubric(),
        _profile,
    )


def gaps(
    version: str,
    candidate: int,
    profile: Profile,
    *,
    search: int | None = None,
    adjust: bool = False,
) -> pd.DataFrame:
    """The gap table of one candidate against one profile (`scoring.gap_table`), with the
    level's interval (low, high), evidence ok/insufficient/not_assessed and gap_status
    meets/possible/clear/not_assessed (`reliability.gap_status`), as the detail report has them."""
    return _gaps(
        database=scope_key(search),
        version=version,
        search=search,
        candidate=candidate,
        target=profile_key(profile),
        _profile=profile,
        adjust=adjust,
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _best_fit(
    *, database: str, version: str, search: int | None, candidate: int, adjust: bool
) -> pd.DataFrame:
    return prepared.best_fit(
        _prepared(database=database, version=version, search=search, adjust=adjust),
        candidate,
        rubric(),
    )


# What the dashboard draws, cached as data by everything it depends on, so that a rerun that
# changes nothing (a click elsewhere, a language round trip) rebuilds no table and no figure,
# in two cached calls: each call costs a key hash, a fair part of a rerun.


@st.cache_resource(show_spinner=False, max_entries=64)
def _ranking_panel(
    *,
    database: str,
    version: str,
    search: int | None,
    target: str,
    _profile: Profile,
    adjust: bool,
    lang: str,
) -> views.RankingPanel:
    return views.ranking_panel(
        _ranking(
            database=database,
            version=version,
            search=search,
            target=target,
            _profile=_profile,
            adjust=adjust,
            lang=lang,
        ),
        lang,
    )


def ranking_panel(
    version: str,
    profile: Profile,
    *,
    search: int | None = None,
    adjust: bool = False,
    lang: str = "en",
) -> views.RankingPanel:
    """The dashboard's ranking for one profile (`views.ranking_panel` of `ranking`)."""
    return _ranking_panel(
        database=scope_key(search),
        version=version,
        search=search,
        target=profile_key(profile),
        _profile=profile,
        adjust=adjust,
        lang=lang,
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _candidate_panel(
    *,
    database: str,
    version: str,
    search: int | None,
    candidate: int,
    target: str,
    _profile: Profile,
    target_name: str | None,
    adjust: bool,
    lang: str,
) -> views.CandidatePanel | None:
    top = _ranking_panel(
        database=database,
        version=version,
        search=search,
        target=target,
        _profile=_profile,
        adjust=adjust,
        lang=lang,
    )
    if candidate not in top.labels:
        return None  # gone since the page listed them (the ranking was recomputed meanwhile)
    row = top.ranked.loc[top.ranked["candidate"] == candidate].iloc[0]
    gap_table = _gaps(
        database=database,
        version=version,
        search=search,
        candidate=candidate,
        target=target,
        _profile=_profile,
        adjust=adjust,
    )
    best = _best_fit(
        database=database, version=version, search=search, candidate=candidate, adjust=adjust
    )
    return views.candidate_panel(
        row,
        gap_table,
        best,
        _profile,
        rubric(),
        lang,
        top.labels[candidate],
        target_name=target_name,
    )


def candidate_panel(
    version: str,
    candidate: int,
    profile: Profile,
    *,
    search: int | None = None,
    target_name: str | None = None,
    adjust: bool = False,
    lang: str,
) -> views.CandidatePanel | None:
    """One ranked candidate's part of the dashboard (`views.candidate_panel`), the radar's
    target named `target_name` if given; None when the candidate is not in the ranking (any
    more)."""
    return _candidate_panel(
        database=scope_key(search),
        version=version,
        search=search,
        candidate=candidate,
        target=profile_key(profile),
        _profile=profile,
        target_name=target_name,
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
