"""Demo data use case: add the clearly marked demo candidates and their scorecards once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Final

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from assess.domain import demo
from assess.domain.rubric import Rubric
from assess.domain.schemas import ScorecardIn
from assess.services import audit, passwords
from assess.services.actor import Actor
from assess.storage import searches as search_rows
from assess.storage import store
from assess.storage import users as user_store
from assess.storage.db import transaction
from assess.storage.store import ImportSummary
from assess.storage.users import UserInfo


def load_demo(
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    seed: int = demo.DEFAULT_SEED,
    today: dt.date | None = None,
) -> ImportSummary:
    """Add the demo candidates (marked is_demo) and their scorecards in one transaction, and
    the demo search: six of them rated by the same panel of three on every competency.

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
        summary, card_ids = store.import_scorecards_with_ids(
            cards, session=session, actor=demo.ACTOR
        )
        _demo_search(session, actor, rubric, cards, card_ids)
    return dataclasses.replace(summary, candidates_added=summary.candidates_added + added)


def _demo_search(
    session: Session, actor: Actor, rubric: Rubric, cards: list[ScorecardIn], card_ids: list[int]
) -> None:
    """The demo search with its panel's scorecards and candidates, made once (by its title)."""
    if any(s.title == demo.SEARCH_TITLE for s in search_rows.list_searches(session=session)):
        return
    archetype, stage = rubric.archetypes[0].id, rubric.stage_ids[0]
    search_id = search_rows.add_search(
        session=session,
        title=demo.SEARCH_TITLE,
        archetype=archetype,
        stage=stage,
        client=demo.SEARCH_CLIENT,
        notes=demo.SEARCH_NOTES,
        status="open",
        feedback_visibility="after_submit",
    )
    panel = [cid for card, cid in zip(cards, card_ids, strict=True) if demo.is_panel_card(card)]
    search_rows.file_scorecards(search_id, panel, session=session, actor=demo.ACTOR)
    audit.record(
        session,
        actor,
        "searches.added",
        entity="search",
        entity_id=search_id,
        details={"title": demo.SEARCH_TITLE, "archetype": archetype, "stage": stage, "demo": True},
    )


# One demo account per role. The interviewer is one of the demo data's interviewers, so what an
# interviewer sees (the candidates they have submitted a scorecard for) shows at once.
DEMO_ACCOUNTS: Final[tuple[tuple[str, str, str], ...]] = (
    ("admin", "demo.admin@example.com", "Demo Admin"),
    ("recruiter", "demo.recruiter@example.com", "Demo Recruiter"),
    ("hiring_manager", "demo.manager@example.com", "Demo Hiring Manager"),
    ("interviewer", "karin.ek@example.com", demo.INTERVIEWERS[0].name),
)


def create_demo_accounts(*, actor: Actor, engine: Engine) -> list[tuple[UserInfo, str]]:
    """Make the demo accounts that do not exist yet, each with a new random password; returns
    them with their passwords, which are shown once and kept nowhere but as argon2id hashes.
    Runs under the writer lock, so demo runs at the same time make each account once."""
    actor.may("users.manage")
    wanted = [(role, email, name, secrets.token_urlsafe(12)) for role, email, name in DEMO_ACCOUNTS]
    # hashing takes a quarter second each: done before the lock is taken
    hashed = {email: passwords.hash_password(password) for _, email, _, password in wanted}
    made: list[tuple[UserInfo, str]] = []
    with transaction(engine) as session:
        store.lock_writers(session)
        for role, email, name, password in wanted:
            if user_store.user_row(session, email=email) is not None:
                continue
            new_id = user_store.add_user(
                session,
                email=email,
                name=name,
                role=role,
                sign_in="password",
                password_hash=hashed[email],
            )
            audit.record(
                session,
                actor,
                "user.added",
                entity="user",
                entity_id=new_id,
                details={"role": role, "sign_in": "password", "demo": True},
            )
            row = user_store.user_row(session, user_id=new_id)
            assert row is not None
            made.append((user_store.info(row), password))
    return made
