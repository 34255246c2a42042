"""The test PostgreSQL server, when one is named: fresh schemas on it, each dropped after use."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "ASSESS_TEST_POSTGRES_URL"
# `. .ci/postgres.sh` starts a server and names it here; empty means SQLite only.
POSTGRES_URL = os.environ.get(POSTGRES_ENV, "").strip()


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The URL (password included) of a fresh, empty schema on the test server, dropped after.

    The schema travels in the URL (`options=-csearch_path=...`), so the URL opens the same
    database from a subprocess, e.g. the CLI's `--db`.
    """
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = admin.execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
