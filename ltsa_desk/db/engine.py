"""Opening the database: where it lives, how SQLite is tuned, and the upgrade-or-refuse gate.

SQLite is tuned for a desk that must not lose a record on a power cut: WAL, ``synchronous=FULL``,
foreign keys on, and a busy timeout so two processes wait for each other instead of failing.
Write transactions start with ``BEGIN IMMEDIATE`` so that two writers queue up front rather than
deadlock when a read lock is upgraded.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from ltsa_desk.config import default_data_dir

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
#: The advisory lock every PostgreSQL write transaction holds (its value spells "LTSA").
PG_WRITE_LOCK = 0x4C545341
#: Rows ANALYZE and PRAGMA optimize sample per index (migrate.py corrects what it truncates).
ANALYSIS_LIMIT = 1000


class DatabaseError(Exception):
    """A database that cannot be opened; ``message_key`` names the catalog message."""

    def __init__(self, message_key: str, **params: Any) -> None:
        super().__init__(f"{message_key}: {params}")
        self.message_key = message_key
        self.params = params


def default_db_path() -> Path:
    return default_data_dir() / "ltsa-desk.sqlite"


def resolve_db_url(db: str | None) -> str:
    """A path or URL from ``--db``/``LTSA_DESK_DB``; nothing means the user data folder."""
    if db is None or not db.strip():
        db = str(default_db_path())
    if "://" in db:
        return _with_pg_driver(db.strip())
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _with_pg_driver(url: str) -> str:
    """``postgresql://`` (what people copy from a server's docs) runs on psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse anything that is not an SQLite file, before SQLite or Alembic can write to it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise DatabaseError("db.not_sqlite", path=str(path))
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseError("db.not_sqlite", path=str(path))


def create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only (mode 0600): it holds personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is lax).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.close()

    @event.listens_for(engine, "close")
    def _on_close(dbapi_connection: Any, _record: Any) -> None:
        # SQLite's advice for every connection: refresh the statistics of the tables it used
        # that changed much since their last analysis (usually nothing to do).
        with suppress(sqlite3.Error):
            dbapi_connection.execute("PRAGMA optimize")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _tune_sqlite(engine)
        return engine
    if make_url(url).get_backend_name() != "postgresql":
        return create_engine(url, pool_pre_ping=True)
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": 10,
            "application_name": "ltsa-desk",
            # A desk waits for another desk's write as long as SQLite's busy timeout, no longer.
            "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}",
        },
    )


@dataclass
class Database:
    """An open database: the engine plus the two ways the services use it."""

    url: str
    engine: Engine
    _reader: Any = field(default=None, init=False, repr=False)
    _reader_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        bind = (
            self.engine.execution_options(sqlite_immediate=True) if self.is_sqlite else self.engine
        )
        with Session(bind, expire_on_commit=False) as session, session.begin():
            if self.engine.dialect.name == "postgresql":
                # Writers queue up front, as BEGIN IMMEDIATE does on SQLite: audit chains and
                # counters stay gap-free and duplicate checks see the other desk's commit.
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; nothing it does is committed."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def rows(self) -> Iterator[RowReader]:
        """Plain rows from read statements, for the few reads on a typing path (the search box).

        On SQLite the statements go straight to the DBAPI cursor of one connection kept for
        these reads (taken from the engine, so it has the same settings, then detached from the
        pool): for a one-row lookup the ORM session, entity loading and result machinery cost
        ten times the query itself, and a pool checkout and reset as much as the query again
        (bench/analysis.md §4). Each statement reads committed data on its own, as SQLite's
        autocommit does; nothing is written; the lock lets worker threads share it in turn.
        Other engines run the same SQL (named ``:param`` style) through SQLAlchemy's ``text()``.
        """
        if not self.is_sqlite:
            with self.engine.connect() as conn:
                yield _TextRows(conn)
            return
        with self._reader_lock:
            if self._reader is None:
                pooled = self.engine.raw_connection()
                self._reader = pooled.driver_connection
                pooled.detach()
            yield _CursorRows(self._reader)

    def dispose(self) -> None:
        with self._reader_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        self.engine.dispose()


class RowReader(Protocol):
    """Runs one read statement and returns its rows as tuples."""

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]: ...


class _CursorRows:
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self._connection.execute(sql, params).fetchall()
        return rows


class _TextRows:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._connection.execute(text(sql), dict(params))]
