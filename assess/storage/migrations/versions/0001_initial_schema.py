"""The schema of release 0.1, the last one made with create_all: candidates, scorecards, ratings
and the rating audit trail, with the constraint and index names that release gave them.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the four tables exactly as release 0.1's create_all did (same order, same names)."""
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("current_title", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.Column("external_id", sa.String(length=128), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_candidates_source_external_id")),
    )
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecards")),
        sa.UniqueConstraint(
            "candidate_id",
            "interviewer",
            "interview_date",
            "interview_type",
            name=op.f("uq_scorecards_candidate_id_interviewer_interview_date_interview_type"),
        ),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_scorecards_source_external_id")),
        # The vocabularies as they were in release 0.1; a later change is a later revision.
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
    )
    op.create_index(op.f("ix_scorecards_candidate_id"), "scorecards", ["candidate_id"])
    op.create_table(
        "rating_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("old_rating", sa.SmallInteger(), nullable=True),
        sa.Column("new_rating", sa.SmallInteger(), nullable=True),
        sa.Column("old_evidence", sa.Text(), nullable=True),
        sa.Column("new_evidence", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_audit")),
        sa.CheckConstraint(
            "action IN ('created', 'changed', 'deleted')", name=op.f("ck_rating_audit_action")
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_rating_audit_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_rating_audit_scorecard_id"), "rating_audit", ["scorecard_id"])
    op.create_index(op.f("ix_rating_audit_candidate_id"), "rating_audit", ["candidate_id"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.String(length=64), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint(
            "scorecard_id", "competency", name=op.f("uq_ratings_scorecard_id_competency")
        ),
        sa.CheckConstraint(
            "rating IS NULL OR (rating >= 1 AND rating <= 5)", name=op.f("ck_ratings_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["scorecard_id"],
            ["scorecards.id"],
            name=op.f("fk_ratings_scorecard_id_scorecards"),
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop the four tables (and every row in them)."""
    for table in ("ratings", "rating_audit", "scorecards", "candidates"):
        op.drop_table(table)
