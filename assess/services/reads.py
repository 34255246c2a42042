"""The reads behind every page and report: ratings and scorecards as frames."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from assess.services.actor import Actor
from assess.storage import store
from assess.storage.db import transaction


def ratings(*, actor: Actor, engine: Engine) -> pd.DataFrame:
    """Every submitted rating, one row each (the store's ratings frame)."""
    with transaction(engine, readonly=True) as session:
        return store.ratings_frame(session=session)


def scorecards(*, actor: Actor, engine: Engine) -> pd.DataFrame:
    """Every scorecard, drafts included, one row each (the store's scorecards frame)."""
    with transaction(engine, readonly=True) as session:
        return store.scorecards_frame(session=session)
