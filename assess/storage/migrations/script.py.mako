"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from assess.storage.migrations import helpers
% if imports:
${imports}
% endif

revision: str = "${up_revision}"
down_revision: str | None = "${down_revision}"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """What this revision changes, in one sentence."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """How to undo it."""
    ${downgrades if downgrades else "pass"}
