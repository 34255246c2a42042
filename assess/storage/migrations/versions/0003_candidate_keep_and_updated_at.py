"""Candidates get a keep mark, which retention respects, and the time their record was last edited,
which counts as activity.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa

from assess.storage.migrations import helpers

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """candidates.keep (false for everyone already there) and candidates.updated_at (NULL: not
    edited since this revision)."""
    with helpers.alter_table("candidates") as batch:
        batch.add_column(sa.Column("keep", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Drop both columns again."""
    with helpers.alter_table("candidates") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("keep")
