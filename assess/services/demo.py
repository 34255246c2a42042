"""Demo data use case: add the clearly marked demo candidates and their scorecards once."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.engine import Engine

from assess.domain import demo
from assess.domain.rubric import Rubric
from assess.services.actor import Actor
from assess.storage import store
from assess.storage.db import transaction
from assess.storage.store import ImportSummary


def load_demo(
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    seed: int = demo.DEFAULT_SEED,
    today: dt.date | None = None,
) -> ImportSummary:
    """Add the demo candidates (marked is_demo) and their scorecards in one transaction.

    Running it again, also at the same time from another process, adds nothing: it holds the
    writer lock from the first read on, and candidates and scorecards are matched by demo ids.
    The scorecards' audit rows name the demo data, not the person who loaded it.
    """
    actor.may("demo.load")
    cards = demo.demo_scorecards(rubric, seed=seed, today=today)
    with transaction(engine) as session:
        # Two demo runs at once: the second waits here, then finds the first one's candidates.
        store.lock_writers(session)
        existing = {
            c.external_id for c in store.list_candidates(session=session) if c.source == demo.SOURCE
        }
        added = 0
        for p, person in enumerate(demo.PEOPLE):
            ext = f"demo-{p + 1:02d}"
            if ext in existing:
                continue
            store.add_candidate(
                person.name,
                session=session,
                current_title=person.title,
                source=demo.SOURCE,
                external_id=ext,
                notes=f"{demo.NOTES}. {person.background}",
                is_demo=True,
            )
            added += 1
        summary = store.import_scorecards(cards, session=session, actor=demo.ACTOR)
    return dataclasses.replace(summary, candidates_added=summary.candidates_added + added)
