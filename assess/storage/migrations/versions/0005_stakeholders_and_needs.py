"""Defining the role: a search's stakeholders with their own target profiles, and the search's
answers to the needs questionnaire with the archetype x stage chosen from them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create search_stakeholders and search_needs (empty: no search had either before)."""
    op.create_table(
        "search_stakeholders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_stakeholders")),
        sa.UniqueConstraint(
            "search_id", "name", name=op.f("uq_search_stakeholders_search_id_name")
        ),
        sa.ForeignKeyConstraint(
            ["search_id"],
            ["searches.id"],
            name=op.f("fk_search_stakeholders_search_id_searches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_search_stakeholders_user_id_users"),
            ondelete="SET NULL",
        ),
    )
    op.create_table(
        "search_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("archetype", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_needs")),
        sa.UniqueConstraint("search_id", name=op.f("uq_search_needs_search_id")),
        sa.ForeignKeyConstraint(
            ["search_id"],
            ["searches.id"],
            name=op.f("fk_search_needs_search_id_searches"),
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("search_needs")
    op.drop_table("search_stakeholders")
