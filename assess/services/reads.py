"""The reads behind every page and report: ratings and scorecards, as the actor may see them."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from assess.domain.ratings import RatingColumns
from assess.services import searches
from assess.services.actor import Actor
from assess.services.visibility import visible_columns, visible_ratings
from assess.storage import store
from assess.storage.columnar import read_ratings
from assess.storage.db import transaction


def ratings(*, actor: Actor, engine: Engine, search_id: int | None = None) -> pd.DataFrame:
    """Every submitted rating the actor may see, one row each (the store's ratings frame);
    with `search_id`, only that search's, as its hiring team may see them
    (`searches.search_ratings`)."""
    actor.may("results.read")
    if search_id is not None:
        return searches.search_ratings(search_id, actor=actor, engine=engine)
    with transaction(engine, readonly=True) as session:
        frame = store.ratings_frame(session=session)
    return visible_ratings(actor, frame)


def rating_columns(*, actor: Actor, engine: Engine, search_id: int | None = None) -> RatingColumns:
    """Every submitted rating the actor may see (`visibility.visible_columns`) as columnar
    integer codes, without the evidence: what the dashboard scores from; with `search_id`,
    only that search's, as its hiring team may see them (`searches.search_columns`)."""
    actor.may("results.read")
    if search_id is not None:
        return searches.search_columns(search_id, actor=actor, engine=engine)
    with transaction(engine, readonly=True) as session:
        columns = read_ratings(session=session, evidence=False)
    return visible_columns(actor, columns)


def scorecards(*, actor: Actor, engine: Engine) -> pd.DataFrame:
    """Every scorecard, drafts included, one row each (the store's scorecards frame)."""
    actor.may("scorecards.read_all")
    with transaction(engine, readonly=True) as session:
        return store.scorecards_frame(session=session)
