"""The partnership's data, through SQLAlchemy: the evidence (session records and their actions)
and the hub's own (people, sessions, sign-in tries, the audit log, review state, arrivals).

By default each is an SQLite file in the project (evidence/evidence.sqlite, hub/hub.sqlite).
A partnership that outgrows one machine names a PostgreSQL database instead (`database_url` in
partnership.yaml, or SEVENMINUTE_DATABASE_URL, which wins so that a password need not be kept
in a file): both then live in it, side by side.

Tables change by Alembic migrations, one chain each (migrations/evidence, migrations/hub), each
with its own version table; a database is brought up to date when it is first opened. One
made by a newer kit is refused rather than misread. Files made before Alembic, which counted
their version in SQLite's `PRAGMA user_version`, are taken over at the version they had.

SQLite is opened in write-ahead mode with `synchronous=NORMAL` (a crash of the kit loses
nothing committed; a power cut at worst undoes the last few writes, never damages the file),
and every write takes the database's write lock as it begins (BEGIN IMMEDIATE), so that a
read followed by a write in one transaction never meets another writer half-way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from ..problems import BriefingError, display_path

ENVIRONMENT = "SEVENMINUTE_DATABASE_URL"  # wins over partnership.yaml's database_url
MIGRATIONS = Path(__file__).parent / "migrations"
# Each chain's tables, in an order that copies safely (a table after those it refers to).
TABLES = {
    "evidence": ("records", "actions"),
    "hub": ("people", "sessions", "attempts", "audit", "briefings", "arrivals"),
}
COUNTERS = {"audit": "id", "arrivals": "id"}  # numbered by the database: carried on by a copy


def address(default: Path, setting: Callable[[], str | None]) -> str:
    """Where the data is: SEVENMINUTE_DATABASE_URL, else what `setting` reads (partnership.yaml's
    database_url; read only when the environment does not say), else the SQLite file `default`."""
    return os.environ.get(ENVIRONMENT) or setting() or str(default)


def is_url(where: str | Path) -> bool:
    return "://" in str(where)


def describe(where: str | Path) -> str:
    """The database as a person reads it: the file, or the address without its password."""
    if is_url(where):
        return sa.make_url(str(where)).render_as_string(hide_password=True)
    return display_path(Path(where))


def source_line(where: str | Path, project: Path | None = None) -> str:
    """The database as a report read by the board names it: the file, or a server's database
    without its address (which says where the server is, and who signs in to it)."""
    if is_url(where):
        return "the partnership's PostgreSQL database"
    path = Path(where)
    return display_path(path.relative_to(project) if project and path.is_relative_to(project) else path)


def exists(where: str | Path, chain: str) -> bool:
    """Whether `chain`'s data has been kept there yet: the file, or its tables in a server's
    database (which the kit never makes itself)."""
    if not is_url(where):
        return Path(where).is_file()
    try:
        return sa.inspect(engine(where)).has_table(f"{chain}_version")
    except sa.exc.OperationalError as error:
        raise _unreachable(where, error) from None


_ENGINES: dict[str, sa.Engine] = {}
_FILES: dict[str, tuple[int, int] | None] = {}  # the file each SQLite engine was made for
_MAKING = threading.Lock()


def engine(where: str | Path) -> sa.Engine:
    """The engine for a file path or a database URL (one a process for each). A file replaced
    since (a backup restored in its place, say) gets a new engine, so that no connection kept
    open reads the file it replaced, or one deleted."""
    key = _key(where)
    if not is_url(key):
        Path(key).parent.mkdir(parents=True, exist_ok=True)
    with _MAKING:
        made = _ENGINES.get(key)
        if made is not None and _FILES.get(key) is not None and _identity(key) != _FILES[key]:
            _forget(key)
            made = None
        if made is None:
            made = _ENGINES[key] = _engine(key)
        if key not in _FILES:
            _FILES[key] = _identity(key)
        return made


def _identity(key: str) -> tuple[int, int] | None:
    """Which file is at `key` now (None for a server's database, or no file yet)."""
    if is_url(key):
        return None
    try:
        found = os.stat(key)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def let_go(where: str | Path) -> None:
    """Close the connections kept open to a database (one about to go away, or a file about to
    be moved: closing the last connection writes its log into it)."""
    with _MAKING:
        _forget(_key(where))


def _forget(key: str) -> None:
    made = _ENGINES.pop(key, None)
    _FILES.pop(key, None)
    _READY.difference_update({ready for ready in _READY if ready[0] == key})
    if made is not None:
        made.dispose()


def _engine(where: str) -> sa.Engine:
    if not is_url(where):
        path = Path(where)
        # Connections are kept open between uses (opening one and closing the last one cost a
        # millisecond, the second with a checkpoint of the write-ahead log).
        made = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})
        sa.event.listen(made, "connect", _sqlite_connected)
        sa.event.listen(made, "begin", _sqlite_begin)
        return made
    url = sa.make_url(where)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # the driver the kit installs
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as error:
        raise BriefingError(
            f"the database address {describe(where)} is not one the kit can use ({error}); give a "
            "PostgreSQL address such as postgresql://hub@db.example.org/sevenminute"
        ) from None


def _sqlite_connected(connection, _record) -> None:  # noqa: ANN001 (SQLAlchemy's event)
    connection.isolation_level = None  # SQLAlchemy begins transactions itself, below
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    # A reader takes no lock (and sees one snapshot); anything else may write, so locks first.
    reads = connection.get_execution_options().get("reads_only", False)
    connection.exec_driver_sql("BEGIN" if reads else "BEGIN IMMEDIATE")


def _config(chain: str, connection: sa.Connection | None = None) -> Config:
    """Alembic's settings for `chain`'s migrations, run on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS / chain))
    config.attributes["connection"] = connection
    config.attributes["version_table"] = f"{chain}_version"
    return config


@cache
def _script(chain: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(_config(chain))


_READY: set[tuple[str, str]] = set()
_MIGRATING = threading.Lock()
_MIGRATION_LOCK = 7_000_417  # PostgreSQL's advisory lock the kit's migrations take


def ready(where: str | Path, chain: str) -> sa.Engine:
    """The engine for `where`, its `chain` of tables made or brought up to date (checked once a
    process for each database, and again for a file replaced since)."""
    made = engine(where)
    where = _key(where)
    if (where, chain) in _READY:
        return made
    try:
        if not _up_to_date(made, chain, where):
            # Alembic runs its migrations through one context a process: one at a time here, and
            # one at a time across processes by the database's lock (SQLite's write lock, taken
            # as the transaction begins; on PostgreSQL, a lock of the kit's own).
            with _MIGRATING, made.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
                _migrate(connection, chain, where)
    except sa.exc.OperationalError as error:
        raise _unreachable(where, error) from None
    except sa.exc.DatabaseError as error:
        raise BriefingError(
            f"{describe(where)} is not a database the kit can read ({first_line(error)}). Restore a "
            "backup (python build.py evidence backup makes them)"
        ) from None
    with _MAKING:
        if _ENGINES.get(where) is made:
            _FILES[where] = _FILES.get(where) or _identity(where)
            _READY.add((where, chain))
    return made


def _key(where: str | Path) -> str:
    return str(where) if is_url(where) else str(Path(where).absolute())


def _unreachable(where: str, error: Exception) -> BriefingError:
    return BriefingError(
        f"the kit could not open the database {describe(where)}: {first_line(error)}. "
        + (
            "Check that the database server is running and the address in database_url is right"
            if is_url(where)
            else "Check that the folder can be written to and the disk is not full"
        )
    )


def _up_to_date(made: sa.Engine, chain: str, where: str) -> bool:
    """Whether `chain`'s tables are at this kit's latest version (refusing a newer one)."""
    with made.connect() as connection:
        connection = connection.execution_options(reads_only=True)
        with connection.begin():
            current = _current(connection, chain)
    if current is not None:
        _check_known(_script(chain), current, where)
    return current == _script(chain).get_current_head()


def _current(connection: sa.Connection, chain: str) -> str | None:
    found = MigrationContext.configure(connection, opts={"version_table": f"{chain}_version"})
    return found.get_current_revision()


def _migrate(connection: sa.Connection, chain: str, where: str) -> None:
    script = _script(chain)
    current = _current(connection, chain)
    stamped = current is None and connection.dialect.name == "sqlite"
    if stamped:
        # A file from before Alembic: its version is SQLite's user_version, and the revisions
        # are numbered the same.
        counted = connection.exec_driver_sql("PRAGMA user_version").scalar() or 0
        current = f"{counted:04d}" if counted else None
    if current is not None:
        _check_known(script, current, where)
        if stamped:
            command.stamp(_config(chain, connection), current)
    if current != script.get_current_head():
        command.upgrade(_config(chain, connection), "head")


def _check_known(script: ScriptDirectory, revision: str, where: str) -> None:
    try:
        known = script.get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise BriefingError(
            f"{describe(where)} was made by a newer version of the kit (database version "
            f"{_number(revision)}; this kit knows up to version {_number(script.get_current_head())}). "
            "Update the kit to use it; nothing was changed"
        )


def _number(revision: str | None) -> str:
    return str(int(revision)) if revision and revision.isdigit() else str(revision)


def first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


@contextmanager
def writing(where: str | Path, chain: str, *locked: str) -> Iterator[sa.Connection]:
    """A connection in a transaction that may write: committed when the block ends, rolled back
    on any error (a Ctrl+C included). On PostgreSQL, `locked` tables are locked against other
    writers for the transaction, as SQLite's write lock does for the whole file."""
    with ready(where, chain).begin() as connection:
        if connection.dialect.name == "postgresql":
            for table in locked:
                connection.exec_driver_sql(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        yield connection


@contextmanager
def reading(where: str | Path, chain: str) -> Iterator[sa.Connection]:
    """A connection that reads one consistent view."""
    with ready(where, chain).connect() as connection:
        connection = connection.execution_options(reads_only=True)
        with connection.begin():
            yield connection


def count(where: str | Path, chain: str, table: str) -> int:
    if table not in TABLES[chain]:
        raise ValueError(table)
    with reading(where, chain) as connection:
        return connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()


def copy(source: str | Path, target: str | Path, chain: str) -> int:
    """Copy every row of `chain`'s tables from `source` to `target`, made up to date first, in
    one transaction on each side; refuses a target that already holds rows. The rows copied."""
    copied = 0
    with ready(source, chain).connect() as reader:
        reader = reader.execution_options(reads_only=True)  # SQLite: one snapshot already
        if reader.dialect.name == "postgresql":
            reader = reader.execution_options(isolation_level="REPEATABLE READ")
        with reader.begin(), writing(target, chain) as writer:
            for table in TABLES[chain]:
                if writer.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one():
                    raise BriefingError(
                        f"{describe(target)} already holds {chain} data (in its {table} table); copy into "
                        "an empty database, so that nothing there is mixed with or overwritten"
                    )
            meta = sa.MetaData()
            for name in TABLES[chain]:
                table = sa.Table(name, meta, autoload_with=writer)
                rows = [dict(row._mapping) for row in reader.execute(sa.select(table))]
                if rows:
                    writer.execute(table.insert(), rows)
                copied += len(rows)
            if writer.dialect.name == "postgresql":
                for name, column in COUNTERS.items():
                    if name in TABLES[chain]:
                        writer.exec_driver_sql(
                            f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'), "
                            f"coalesce(max({column}), 0) + 1, false) FROM {name}"
                        )
    return copied
