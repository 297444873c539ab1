"""Where the tests keep the partnership's data: an SQLite file in the project, or a PostgreSQL
schema of the test's own, in the server `make test` installs and starts (the database named by
SEVENMINUTE_TEST_POSTGRESQL). The store's and the intake's tests run on both."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from sevenminute import database
from sevenminute.evidence.store import DATABASE as EVIDENCE
from sevenminute.hub.people import DATABASE as HUB

SERVER = os.environ.get("SEVENMINUTE_TEST_POSTGRESQL", "postgresql:///sevenminute_test")
BACKENDS = ("sqlite", "postgresql")


@contextmanager
def postgresql_schema() -> Iterator[str]:
    """A database URL whose tables go into a new, empty schema, dropped afterwards."""
    admin = sa.create_engine(sa.make_url(SERVER).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    name = f"test_{secrets.token_hex(6)}"
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {name}")
    except sa.exc.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {SERVER} ({database.first_line(error)}): `make test` installs "
            "and starts it"
        )
    url = f"{SERVER}?options=-csearch_path%3D{name}"
    try:
        yield url
    finally:
        database.let_go(url)
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


class Stored:
    """The data of one project, on one backend, read as the tests check it."""

    def __init__(self, backend: str, project: Path, url: str | None):
        self.backend, self.project, self.url = backend, project, url

    def where(self, chain: str) -> str:
        if self.url:
            return self.url
        return str(self.project / (EVIDENCE if chain == "evidence" else HUB))

    def rows(self, chain: str, sql: str, **values: object) -> list[tuple]:
        """What `sql` finds ([] when nothing has been kept yet)."""
        if not database.exists(self.where(chain), chain):
            return []
        with database.reading(self.where(chain), chain) as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql), values)]

    def settings(self) -> str:
        """partnership.yaml's line naming the database, if any."""
        return f"database_url: '{self.url}'\n" if self.url else ""


@contextmanager
def stored(backend: str, project: Path) -> Iterator[Stored]:
    if backend == "sqlite":
        yield Stored(backend, project, None)
        return
    with postgresql_schema() as url:
        yield Stored(backend, project, url)
