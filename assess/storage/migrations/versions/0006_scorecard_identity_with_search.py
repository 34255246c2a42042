"""A scorecard's identity includes its search: one candidate interviewed in two searches by the
same person on the same day in the same kind of interview has two scorecards.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

# Written out, not imported from the models, so the upgrade does the same whenever it runs.
OLD_UNIQUE = "uq_scorecards_candidate_id_interviewer_interview_date_interview_type"
IDENTITY = "uq_scorecards_interview"
KEY = ("candidate_id", "interviewer", "interview_date", "interview_type")
# NULL (no search) as one search of its own: NULLs never collide in a unique index.
SEARCH = "COALESCE(search_id, 0)"
# the scorecard columns since revision 0004, in order
SCORECARD_COLUMNS = ("id", "candidate_id", "interviewer", "interview_type", "interview_date",
                     "recommendation", "state", "submitted_at", "source", "external_id", "notes",
                     "created_at", "updated_at", "search_id")  # fmt: skip


def _identity_index() -> None:
    op.create_index(IDENTITY, "scorecards", [*KEY, sa.text(SEARCH)], unique=True)


def _scorecards_table(*unique: sa.UniqueConstraint) -> None:
    """scorecards as revisions 0004 and 0005 left it, with the unique constraints given besides
    (source, external_id)."""
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
        *unique,
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
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_scorecards_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["search_id"],
            ["searches.id"],
            name=op.f("fk_scorecards_search_id_searches"),
            ondelete="SET NULL",
        ),
    )


def _rebuild_sqlite(*unique: sa.UniqueConstraint) -> None:
    """SQLite keeps a table's unique constraints inside its CREATE TABLE: the table is made anew
    under its own name, exactly as the model creates it, and the rows copied over (as revision
    0004 does, for the same reasons: no quoted name, the constraints in the model's order, and
    `legacy_alter_table` keeps the ratings' reference pointing at "scorecards")."""
    op.execute("PRAGMA legacy_alter_table = ON")
    op.execute("ALTER TABLE scorecards RENAME TO _scorecards_before_identity")
    _scorecards_table(*unique)
    columns = ", ".join(SCORECARD_COLUMNS)
    op.execute(
        f"INSERT INTO scorecards ({columns}) SELECT {columns} FROM _scorecards_before_identity"
    )
    op.execute("DROP TABLE _scorecards_before_identity")
    op.execute("PRAGMA legacy_alter_table = OFF")
    op.create_index(op.f("ix_scorecards_candidate_id"), "scorecards", ["candidate_id"])
    op.create_index(op.f("ix_scorecards_search_id"), "scorecards", ["search_id"])


def upgrade() -> None:
    """The unique (candidate, interviewer, date, type) becomes a unique index over those and the
    search. Every existing scorecard keeps its place: a key unique without the search stays
    unique with it."""
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite()
    else:
        op.drop_constraint(op.f(OLD_UNIQUE), "scorecards", type_="unique")
    _identity_index()


def downgrade() -> None:
    """Back to the identity without the search; refused by the database while one interview has
    scorecards in two searches (merge or erase one first)."""
    op.drop_index(IDENTITY, table_name="scorecards")
    old = sa.UniqueConstraint(*KEY, name=op.f(OLD_UNIQUE))
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(old)
    else:
        op.create_unique_constraint(op.f(OLD_UNIQUE), "scorecards", list(KEY))
