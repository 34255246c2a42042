"""The upgrade from searches (0004) to stakeholders and needs (0005): every search and score
stays, the new tables start empty and take a search's stakeholders and answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa

from assess.domain.rubric import load_rubric
from assess.services import alignment, searches
from assess.services.actor import Actor
from assess.storage import db, migrations

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "release-0.1.sqlite"
ADMIN = Actor("Ada Admin", "cli")


def test_a_database_at_0004_upgrades_with_its_searches_and_takes_stakeholders(
    tmp_path: Path,
) -> None:
    target = tmp_path / "at-0004.sqlite"
    shutil.copyfile(FIXTURE, target)
    engine = db.make_engine(f"sqlite:///{target}")
    rubric = load_rubric()
    try:
        migrations.upgrade(engine, "0004")
        with engine.begin() as conn:
            # a search added while the database was at 0004, with an override
            conn.execute(sa.text(
                "INSERT INTO searches (title, client, archetype, stage, status, notes, "
                "feedback_visibility, created_at, updated_at) VALUES ('CTO, Acme', 'Acme', "
                "'big_thinker', 'growth', 'open', '', 'after_submit', '2026-12-01 10:00:00', "
                "'2026-12-01 10:00:00')"))  # fmt: skip
            conn.execute(sa.text(
                "INSERT INTO search_overrides (search_id, competency, level, weight, reason, "
                "set_by, set_at) VALUES (2, 'tech_vision', 5, 3, 'board asks', 'Lena', "
                "'2026-12-01 10:00:00')"))  # fmt: skip
        _, before = searches.search_scores(1, actor=ADMIN, engine=engine, rubric=rubric)
        before_state, after_state = migrations.upgrade(engine)
        assert (before_state.revision, after_state.revision) == ("0004", migrations.head())
        found = searches.list_searches(actor=ADMIN, engine=engine)
        assert [(s.id, s.title, s.archetype, s.stage) for s in found] == [
            (1, "Imported", "infrastructure_commander", "pre_seed"),
            (2, "CTO, Acme", "big_thinker", "growth"),
        ]
        shown = searches.show_search(2, actor=ADMIN, engine=engine, rubric=rubric)
        assert shown.profile.target("tech_vision").reason == "board asks"
        _, after = searches.search_scores(1, actor=ADMIN, engine=engine, rubric=rubric)
        assert after.equals(before)
        with engine.connect() as conn:
            counts = [
                conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
                for t in ("search_stakeholders", "search_needs")
            ]
        assert counts == [0, 0]
        view = {c: {"level": 3, "weight": 2} for c in rubric.competency_ids}
        alignment.set_stakeholder(2, actor=ADMIN, engine=engine, rubric=rubric, name="CEO",
                                  profile=view)  # fmt: skip
        alignment.save_needs(2, actor=ADMIN, engine=engine, rubric=rubric,
                             answers={"cto_codes": "yes"}, archetype="technical_leader",
                             stage="pre_seed")  # fmt: skip
        assert [s.name for s in alignment.list_stakeholders(2, actor=ADMIN, engine=engine)] == [
            "CEO"
        ]
        needs = alignment.search_needs(2, actor=ADMIN, engine=engine)
        assert needs is not None and needs.answers == {"cto_codes": "yes"}
    finally:
        engine.dispose()
