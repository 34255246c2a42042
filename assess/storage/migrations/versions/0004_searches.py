"""Searches: positions with their target overrides, pipeline and its history, hiring team,
interview plan and assignments; scorecards belong to a search. Every candidate and scorecard
stored before this revision goes into one search named "Imported".

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from assess.storage.migrations import helpers

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

# The vocabularies as they were when searches came; a later change is a later revision.
STATUSES = ("open", "on_hold", "closed")
VISIBILITY = ("never", "after_submit", "always")
PIPELINE = ("sourced", "screening", "interviewing", "final", "offer", "hired", "rejected",
            "withdrawn")  # fmt: skip
TEAM_ROLES = ("recruiter", "hiring_manager", "interviewer")

# The "Imported" search's target: the shipped rubric's first archetype and first stage when
# searches came (rubrics/archetypes.yaml, rubrics/stages.yaml). Written out, not read from
# today's rubric, so that the upgrade does the same whenever it runs.
IMPORTED_TITLE = "Imported"
IMPORTED_ARCHETYPE = "infrastructure_commander"
IMPORTED_STAGE = "pre_seed"
IMPORTED_NOTES = "Every candidate and scorecard stored before searches existed."
MIGRATION_ACTOR = "schema upgrade"
MIGRATION_REASON = "put into the Imported search by the upgrade to searches"


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    """Create the seven search tables, give scorecards a search, and file every existing
    candidate and scorecard under "Imported"."""
    op.create_table(
        "searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=False),
        sa.Column("archetype", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("feedback_visibility", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_searches")),
        sa.CheckConstraint(helpers.in_list("status", STATUSES), name=op.f("ck_searches_status")),
        sa.CheckConstraint(
            helpers.in_list("feedback_visibility", VISIBILITY),
            name=op.f("ck_searches_feedback_visibility"),
        ),
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=200), nullable=False),
        sa.Column("focus", sa.JSON(), nullable=False),
        sa.Column("interview_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
        _fk("interviews", "search_id", "searches", "CASCADE"),
    )
    op.create_index(op.f("ix_interviews_search_id"), "interviews", ["search_id"])
    op.create_table(
        "pipeline_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=16), nullable=True),
        sa.Column("to_stage", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_moves")),
        sa.CheckConstraint(
            "from_stage IS NULL OR " + helpers.in_list("from_stage", PIPELINE),
            name=op.f("ck_pipeline_moves_from_stage"),
        ),
        sa.CheckConstraint(
            helpers.in_list("to_stage", PIPELINE), name=op.f("ck_pipeline_moves_to_stage")
        ),
        _fk("pipeline_moves", "search_id", "searches", "CASCADE"),
        _fk("pipeline_moves", "candidate_id", "candidates", "CASCADE"),
    )
    op.create_index(op.f("ix_pipeline_moves_candidate_id"), "pipeline_moves", ["candidate_id"])
    op.create_index(
        op.f("ix_pipeline_moves_search_id_candidate_id"),
        "pipeline_moves",
        ["search_id", "candidate_id"],
    )
    op.create_table(
        "search_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_candidates")),
        sa.UniqueConstraint(
            "search_id",
            "candidate_id",
            name=op.f("uq_search_candidates_search_id_candidate_id"),
        ),
        sa.CheckConstraint(
            helpers.in_list("stage", PIPELINE), name=op.f("ck_search_candidates_stage")
        ),
        _fk("search_candidates", "search_id", "searches", "CASCADE"),
        _fk("search_candidates", "candidate_id", "candidates", "CASCADE"),
    )
    op.create_index(
        op.f("ix_search_candidates_candidate_id"), "search_candidates", ["candidate_id"]
    )
    op.create_table(
        "search_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.String(length=64), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=True),
        sa.Column("weight", sa.SmallInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_overrides")),
        sa.UniqueConstraint(
            "search_id", "competency", name=op.f("uq_search_overrides_search_id_competency")
        ),
        sa.CheckConstraint(
            "level IS NULL OR (level >= 1 AND level <= 5)",
            name=op.f("ck_search_overrides_level_range"),
        ),
        sa.CheckConstraint(
            "weight IS NULL OR (weight >= 0 AND weight <= 3)",
            name=op.f("ck_search_overrides_weight_range"),
        ),
        sa.CheckConstraint(
            "level IS NOT NULL OR weight IS NOT NULL",
            name=op.f("ck_search_overrides_sets_something"),
        ),
        _fk("search_overrides", "search_id", "searches", "CASCADE"),
    )
    op.create_table(
        "search_team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_team")),
        sa.UniqueConstraint("search_id", "user_id", name=op.f("uq_search_team_search_id_user_id")),
        sa.CheckConstraint(helpers.in_list("role", TEAM_ROLES), name=op.f("ck_search_team_role")),
        _fk("search_team", "search_id", "searches", "CASCADE"),
        _fk("search_team", "user_id", "users", "CASCADE"),
    )
    op.create_index(op.f("ix_search_team_user_id"), "search_team", ["user_id"])
    op.create_table(
        "interview_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_assignments")),
        sa.UniqueConstraint(
            "interview_id",
            "candidate_id",
            "user_id",
            name=op.f("uq_interview_assignments_interview_id_candidate_id_user_id"),
        ),
        _fk("interview_assignments", "interview_id", "interviews", "CASCADE"),
        _fk("interview_assignments", "candidate_id", "candidates", "CASCADE"),
        _fk("interview_assignments", "user_id", "users", "CASCADE"),
    )
    op.create_index(
        op.f("ix_interview_assignments_candidate_id"), "interview_assignments", ["candidate_id"]
    )
    _scorecards_get_a_search()
    _file_under_imported()


# release 0.1's scorecard columns, in order; the search comes after them
SCORECARD_COLUMNS = ("id", "candidate_id", "interviewer", "interview_type", "interview_date",
                     "recommendation", "state", "submitted_at", "source", "external_id", "notes",
                     "created_at", "updated_at")  # fmt: skip


def _scorecards_get_a_search() -> None:
    """scorecards.search_id, a nullable foreign key to searches (SET NULL), with its index.

    PostgreSQL adds the column in place. SQLite cannot add a foreign key to a table, so the
    table is made anew under its own name, exactly as the model creates it, and the rows copied
    over: renaming a rebuilt copy into place (Alembic's batch mode) would store the table's SQL
    with a quoted name and another constraint order than a new database has. Foreign keys are
    off while revisions run and `legacy_alter_table` keeps the ratings' reference pointing at
    "scorecards" through the rename.
    """
    if op.get_bind().dialect.name != "sqlite":
        with helpers.alter_table("scorecards") as batch:
            batch.add_column(sa.Column("search_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                batch.f("fk_scorecards_search_id_searches"),
                "searches",
                ["search_id"],
                ["id"],
                ondelete="SET NULL",
            )
        op.create_index(op.f("ix_scorecards_search_id"), "scorecards", ["search_id"])
        return
    op.execute("PRAGMA legacy_alter_table = ON")
    op.execute("ALTER TABLE scorecards RENAME TO _scorecards_before_searches")
    op.create_table(
        "scorecards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("interviewer", sa.String(length=200), nullable=False),
        sa.Column("interview_type", sa.String(length=200), nullable=False),
        sa.Column("interview_date", sa.Date(), nullable=False),
        sa.Column("recommendation", sa.String(length=16), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecards")),
        sa.UniqueConstraint(
            "candidate_id",
            "interviewer",
            "interview_date",
            "interview_type",
            name=op.f("uq_scorecards_candidate_id_interviewer_interview_date_interview_type"),
        ),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_scorecards_source_external_id")),
        sa.CheckConstraint(
            "recommendation IS NULL OR recommendation IN "
            "('strong_no', 'no', 'yes', 'strong_yes', 'no_decision')",
            name=op.f("ck_scorecards_recommendation"),
        ),
        sa.CheckConstraint("state IN ('draft', 'submitted')", name=op.f("ck_scorecards_state")),
        sa.CheckConstraint(
            "state = 'draft' OR submitted_at IS NOT NULL", name=op.f("ck_scorecards_submitted_at")
        ),
        _fk("scorecards", "candidate_id", "candidates", "CASCADE"),
        _fk("scorecards", "search_id", "searches", "SET NULL"),
    )
    columns = ", ".join(SCORECARD_COLUMNS)
    op.execute(
        f"INSERT INTO scorecards ({columns}) SELECT {columns} FROM _scorecards_before_searches"
    )
    op.execute("DROP TABLE _scorecards_before_searches")
    op.execute("PRAGMA legacy_alter_table = OFF")
    op.create_index(op.f("ix_scorecards_candidate_id"), "scorecards", ["candidate_id"])
    op.create_index(op.f("ix_scorecards_search_id"), "scorecards", ["search_id"])


def _file_under_imported() -> None:
    """One "Imported" search holding every candidate (at "interviewing" when they have a
    scorecard, else "sourced", each with that first move in the history) and every scorecard.
    An empty database gets no search."""
    conn = op.get_bind()
    if not conn.execute(sa.text("SELECT COUNT(*) FROM candidates")).scalar():
        return
    # naive UTC, as the models' UTCDateTime stores it
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    searches = sa.table(
        "searches",
        *(sa.column(c, sa.String()) for c in ("title", "client", "archetype", "stage", "status")),
        sa.column("notes", sa.Text()),
        sa.column("feedback_visibility", sa.String()),
        sa.column("created_at", sa.DateTime()),
        sa.column("updated_at", sa.DateTime()),
    )
    conn.execute(
        searches.insert().values(
            title=IMPORTED_TITLE,
            client="",
            archetype=IMPORTED_ARCHETYPE,
            stage=IMPORTED_STAGE,
            status="open",
            notes=IMPORTED_NOTES,
            feedback_visibility="after_submit",
            created_at=now,
            updated_at=now,
        )
    )
    search_id = conn.execute(sa.text("SELECT MAX(id) FROM searches")).scalar_one()
    params = {"sid": search_id, "now": now}
    conn.execute(sa.text("UPDATE scorecards SET search_id = :sid"), {"sid": search_id})
    conn.execute(
        sa.text(
            "INSERT INTO search_candidates (search_id, candidate_id, stage, added_at) "
            "SELECT :sid, c.id, CASE WHEN EXISTS (SELECT 1 FROM scorecards s "
            "WHERE s.candidate_id = c.id) THEN 'interviewing' ELSE 'sourced' END, :now "
            "FROM candidates c ORDER BY c.id"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime())),
        params,
    )
    conn.execute(
        sa.text(
            "INSERT INTO pipeline_moves "
            "(search_id, candidate_id, from_stage, to_stage, actor, at, reason) "
            "SELECT search_id, candidate_id, NULL, stage, :actor, :now, :reason "
            "FROM search_candidates WHERE search_id = :sid ORDER BY candidate_id"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime())),
        {**params, "actor": MIGRATION_ACTOR, "reason": MIGRATION_REASON},
    )


def downgrade() -> None:
    """Drop the search tables and the scorecards' search (the Imported search goes with them)."""
    op.drop_index(op.f("ix_scorecards_search_id"), table_name="scorecards")
    with helpers.alter_table("scorecards") as batch:
        batch.drop_constraint(batch.f("fk_scorecards_search_id_searches"), type_="foreignkey")
        batch.drop_column("search_id")
    for table in (
        "interview_assignments",
        "search_team",
        "search_overrides",
        "search_candidates",
        "pipeline_moves",
        "interviews",
        "searches",
    ):
        op.drop_table(table)
