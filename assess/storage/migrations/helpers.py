"""Small tools for writing revisions in versions/ that work the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from alembic import op
from alembic.operations import BatchOperations


@contextmanager
def alter_table(name: str) -> Iterator[BatchOperations]:
    """Change a table's columns or constraints: `with alter_table("ratings") as t: ...`.

    SQLite cannot alter most of a table in place, so there the table is copied into a new one
    with the change and renamed back (Alembic's batch mode; PostgreSQL runs plain ALTER TABLE).
    The copy keeps every row and, because `upgrade` turns SQLite's foreign key enforcement off
    while revisions run, dropping the old table cascades to nothing.
    """
    with op.batch_alter_table(name, recreate="auto") as batch:
        yield batch


def in_list(column: str, values: Sequence[str]) -> str:
    """The SQL of a CHECK that `column` holds one of `values`, as the models write it:
    `in_list("state", ("draft", "submitted"))` is `state IN ('draft', 'submitted')`.

    A revision spells its vocabulary out instead of importing today's, so that it creates the
    same constraint however the vocabulary changes later.
    """
    if not values:
        raise ValueError(f"{column}: a CHECK needs at least one allowed value")
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({quoted})"
