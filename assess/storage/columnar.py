"""Every rating read with SQL Core straight into columnar arrays: no ORM rows, no row frames."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.domain.ratings import CARD_COLUMNS, PEOPLE_COLUMNS, RatingColumns, is_scored
from assess.storage.db import CANDIDATES, RATINGS, SCORECARDS


def _column(values: tuple[Any, ...] | list[Any], dtype: Any) -> np.ndarray:
    return np.fromiter(values, dtype=dtype, count=len(values))


def read_ratings(
    *, session: Session, submitted_only: bool = True, evidence: bool = True
) -> RatingColumns:
    """Every rating of every scorecard (only submitted ones unless `submitted_only` is False)
    as `RatingColumns`, in three queries: scorecards, their candidates, and the ratings as
    (scorecard id, competency, rating or 0) tuples, with the evidence only if `evidence`.

    Drafts are dropped by `ratings.is_scored` on the scorecards' states, the one rule for it.
    """
    sc = SCORECARDS.c
    card_rows = session.execute(
        select(
            sc.id,
            sc.candidate_id,
            sc.interviewer,
            sc.interview_type,
            sc.interview_date,
            sc.recommendation,
            sc.state,
        ).order_by(sc.candidate_id, sc.id)
    ).all()
    cards = pd.DataFrame.from_records(
        [tuple(r) for r in card_rows], columns=list(CARD_COLUMNS)
    ).astype({"interview": np.int64, "candidate": np.int64})
    if submitted_only:
        cards = cards[is_scored(cards["state"])].reset_index(drop=True)
    rc = RATINGS.c
    wanted = [rc.scorecard_id, rc.competency, func.coalesce(rc.rating, 0)]
    if evidence:
        wanted.append(rc.evidence)
    rows = session.execute(select(*wanted)).all()
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if n else [(), (), (), ()]
    card_id = _column(columns[0], np.int64)
    comp_codes, comp_names = pd.factorize(np.asarray(columns[1], dtype=object), sort=True)
    rating = _column(columns[2], np.int8)
    # scorecards are ordered by (candidate, id); a rating's card is found by its id, and a
    # rating whose card is not among them (a draft's) is dropped with it
    ids = cards["interview"].to_numpy()
    by_id = np.argsort(ids, kind="stable")
    ids_sorted = ids[by_id]
    if len(ids):
        pos = np.minimum(np.searchsorted(ids_sorted, card_id), len(ids) - 1)
        known = ids_sorted[pos] == card_id
        card = by_id[pos[known]]
    else:
        known = np.zeros(n, dtype=bool)
        card = np.zeros(0, dtype=np.intp)
    comp = comp_codes[known]
    rating = rating[known]
    text = np.asarray(columns[3], dtype=object)[known] if evidence else None
    # order by candidate, scorecard (cards' row order is both), then competency id
    order = np.lexsort((comp, card))
    card, comp, rating = card[order], comp[order], rating[order]
    text = text[order] if text is not None else None
    # only candidates and scorecards that hold a rating, as the long frame lists them
    used_cards, card = np.unique(card, return_inverse=True)
    cards = cards.iloc[used_cards].reset_index(drop=True)
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
    rows = session.execute(select(cc.id, cc.name, cc.email).order_by(cc.id)).all()
    table = pd.DataFrame.from_records([tuple(r) for r in rows], columns=list(PEOPLE_COLUMNS))
    table = table.astype({"candidate": np.int64}).set_index("candidate", drop=False)
    return table.loc[candidate_ids].reset_index(drop=True)
