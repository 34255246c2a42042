"""Users who sign in (with their role) and the audit trail of people's writes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assess.storage.migrations import helpers

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

# The vocabularies as this revision creates them; a later change is a later revision.
ROLES = ("admin", "recruiter", "hiring_manager", "interviewer")
SIGN_IN_METHODS = ("password", "sso")


def upgrade() -> None:
    """Create the users and audit_events tables; existing rows are untouched."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sign_in", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("failed_sign_ins", sa.SmallInteger(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(helpers.in_list("role", ROLES), name=op.f("ck_users_role")),
        sa.CheckConstraint(
            helpers.in_list("sign_in", SIGN_IN_METHODS), name=op.f("ck_users_sign_in")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("name_key", name=op.f("uq_users_name_key")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(
        op.f("ix_audit_events_entity_entity_id"), "audit_events", ["entity", "entity_id"]
    )
    op.create_index(op.f("ix_audit_events_candidate_id"), "audit_events", ["candidate_id"])


def downgrade() -> None:
    """Drop both tables (users and the audit trail are lost)."""
    op.drop_index(op.f("ix_audit_events_candidate_id"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_entity_entity_id"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("users")
