"""Every rating read with SQL Core straight into columnar arrays: no ORM rows, no row frames."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, Final

import numpy as np
import pandas as pd
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from assess.domain.ratings import CARD_COLUMNS, PEOPLE_COLUMNS, RatingColumns, is_scored
from assess.storage.db import CANDIDATES, RATINGS, SCORECARDS

# Rows fetched at a time from a large read: the Python objects of one batch at a time, not of
# 700,000 rows (whose memory the allocator keeps after they are freed: +160 MB, measured).
_BATCH: Final = 50_000
# SQLite's default page cache, in KiB as `PRAGMA cache_size` takes a negative number.
_READ_CACHE: Final = -2000


def _batches(session: Session, statement: Select[Any]) -> Iterator[Sequence[Any]]:
    """The rows of a Core statement in batches of plain tuples, from the driver's cursor: a
    Result's Row objects cost several times the fetch itself on large reads (measured).
    Literals are rendered inline: every statement here holds only ids and names it has just
    read, which the dialect quotes."""
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    result = connection.exec_driver_sql(sql)
    cursor = result.cursor  # the driver's, past the Result's per-row processing
    try:
        while rows := cursor.fetchmany(_BATCH):  # type: ignore[union-attr]
            yield rows
    finally:
        result.close()


def _fetch(session: Session, statement: Select[Any]) -> list[Any]:
    """All rows of a small read (`_batches`)."""
    return [row for rows in _batches(session, statement) for row in rows]


def _rating_keys(
    session: Session, evidence: bool, competencies: list[str]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Every rating as one int64 computed by the database, (scorecard id * (C + 1) +
    competency code) * 8 + (rating or 0), C = len(competencies) (code C: not among them),
    with its evidence text if `evidence`.

    One integer per row: three Python objects per rating cost about three times one.
    """
    rc = RATINGS.c
    code = case(
        {c: i for i, c in enumerate(competencies)}, value=rc.competency, else_=len(competencies)
    )
    key = (rc.scorecard_id * (len(competencies) + 1) + code) * 8 + func.coalesce(rc.rating, 0)
    keys: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    texts: list[np.ndarray] = [np.zeros(0, dtype=object)]
    for rows in _batches(session, select(key, rc.evidence) if evidence else select(key)):
        if evidence:
            keys.append(np.fromiter(map(itemgetter(0), rows), dtype=np.int64, count=len(rows)))
            texts.append(np.fromiter(map(itemgetter(1), rows), dtype=object, count=len(rows)))
        else:
            keys.append(np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows)))
    return np.concatenate(keys), (np.concatenate(texts) if evidence else None)


@contextlib.contextmanager
def _small_page_cache(session: Session) -> Iterator[None]:
    """On SQLite, the connection's page cache at SQLite's default 2 MiB for the duration: a
    read of every rating passes each page once, and the 64 MiB that imports are given
    (`db._configure_sqlite`) would stay allocated in the server process afterwards."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = {_READ_CACHE}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def read_ratings(
    *, session: Session, submitted_only: bool = True, evidence: bool = True
) -> RatingColumns:
    """Every rating of every scorecard (only submitted ones unless `submitted_only` is False)
    as `RatingColumns` (`_read`), with a small SQLite page cache (`_small_page_cache`)."""
    with _small_page_cache(session):
        return _read(session, submitted_only=submitted_only, evidence=evidence)


def _read(session: Session, *, submitted_only: bool, evidence: bool) -> RatingColumns:
    """Every rating of every scorecard (only submitted ones unless `submitted_only` is False)
    as `RatingColumns`, in four queries: scorecards, competency ids, the ratings as
    `_rating_keys` (with the evidence only if `evidence`), and the candidates.

    Drafts are dropped by `ratings.is_scored` on the scorecards' states, the one rule for it.
    """
    sc = SCORECARDS.c
    card_rows = _fetch(
        session,
        select(
            sc.id,
            sc.candidate_id,
            sc.interviewer,
            sc.interview_type,
            sc.interview_date,
            sc.recommendation,
            sc.state,
        ).order_by(sc.candidate_id, sc.id),
    )
    cards = pd.DataFrame.from_records(card_rows, columns=list(CARD_COLUMNS)).astype(
        {"interview": np.int64, "candidate": np.int64}
    )
    # the driver's own date values (SQLite: text) become what the column type reads them as
    dialect = session.connection().dialect
    dates = sc.interview_date.type.dialect_impl(dialect).result_processor(dialect, None)
    if dates is not None and len(cards):
        cards["interview_date"] = pd.Series(
            [dates(d) for d in cards["interview_date"]], index=cards.index, dtype=object
        )
    if submitted_only:
        cards = cards[is_scored(cards["state"])].reset_index(drop=True)
    comp_names = sorted(session.execute(select(RATINGS.c.competency).distinct()).scalars())
    n_comp = len(comp_names)
    if comp_names:
        key, text = _rating_keys(session, evidence, comp_names)
    else:
        key, text = np.zeros(0, dtype=np.int64), None
    # key = (scorecard id * (n_comp + 1) + competency code) * 8 + rating, unpacked here
    rating = (key % 8).astype(np.int8)
    comp = (key // 8) % (n_comp + 1)
    card_id = key // (8 * (n_comp + 1))
    # scorecards are ordered by (candidate, id); a rating's card is found by its id, and a
    # rating whose card is not among them (a draft's) is dropped with it
    ids = cards["interview"].to_numpy()
    by_id = np.argsort(ids, kind="stable")
    ids_sorted = ids[by_id]
    if len(ids):
        pos = np.minimum(np.searchsorted(ids_sorted, card_id), len(ids) - 1)
        known = (ids_sorted[pos] == card_id) & (comp < n_comp)
        card = by_id[pos[known]]
    else:
        known = np.zeros(len(key), dtype=bool)
        card = np.zeros(0, dtype=np.intp)
    comp = comp[known]
    rating = rating[known]
    text = text[known] if text is not None else None
    # order by candidate, scorecard (the cards' row order is both), then competency code: a
    # card holds a competency at most once, so the pair is a slot in a dense table of
    # cards x competencies, and reading the filled slots in order sorts in linear time
    slot = card.astype(np.int64) * (n_comp + 1) + comp
    table = np.full(len(cards) * (n_comp + 1), -1, dtype=np.int64)
    table[slot] = np.arange(len(slot))
    order = table[table >= 0]
    if len(order) != len(slot):
        raise RuntimeError("ratings: a scorecard holds one competency twice")
    card, comp, rating = card[order], comp[order], rating[order]
    text = text[order] if text is not None else None
    # only candidates and scorecards that hold a rating, as the long frame lists them
    used = np.bincount(card, minlength=len(cards)) > 0
    card = (np.cumsum(used) - 1)[card]
    cards = cards[used].reset_index(drop=True)
    candidate_ids, card_candidate = np.unique(cards["candidate"].to_numpy(), return_inverse=True)
    people = _people(session, candidate_ids)
    who_codes, who_names = pd.factorize(cards["interviewer"], sort=True)
    return RatingColumns(
        candidate_ids=candidate_ids.astype(np.int64),
        people=people,
        cards=cards,
        interviewers=tuple(str(w) for w in who_names),
        interviewer=who_codes.astype(np.intp),
        competencies=tuple(str(c) for c in comp_names),
        candidate=card_candidate.astype(np.intp)[card],
        card=card.astype(np.intp),
        competency=comp.astype(np.intp),
        rating=rating,
        evidence=text,
    )


def _people(session: Session, candidate_ids: np.ndarray) -> pd.DataFrame:
    """Id, name and email of the given candidates, in their order (ids sorted ascending)."""
    cc = CANDIDATES.c
    rows = _fetch(session, select(cc.id, cc.name, cc.email).order_by(cc.id))
    table = pd.DataFrame.from_records(rows, columns=list(PEOPLE_COLUMNS))
    table = table.astype({"candidate": np.int64}).set_index("candidate", drop=False)
    return table.loc[candidate_ids].reset_index(drop=True)
