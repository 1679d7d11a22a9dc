"""Hermetic fixtures: a real database per test, its own config, no machine state.

Data-layer tests (``DATA_LAYER``) run twice: on an SQLite file and on a real PostgreSQL server
(``LTSA_DESK_TEST_PG``, default ``postgresql://postgres@127.0.0.1:5432/test``). Each PostgreSQL
worker has one database, migrated and seeded once, and put back to its seeded rows before each
test. Where no server answers, those runs are skipped with the reason shown in the summary.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
import time_machine
from argon2 import PasswordHasher
from sqlalchemy import Engine, Table
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from ltsa_desk import clock, logs
from ltsa_desk.db.engine import Database, make_engine, resolve_db_url
from ltsa_desk.db.migrate import open_database
from ltsa_desk.db.models import Role
from ltsa_desk.services.access import Actor
from ltsa_desk.services.auth import authenticate, create_operator, use_hasher
from ltsa_desk.services.offices import initialise

#: The office's zone in these tests: Kebumen (33.05) is in Central Java, WIB.
OFFICE_ZONE = ZoneInfo("Asia/Jakarta")


def _suite_moment() -> datetime:
    """When the suite runs, on the office's wall clock: 25 Nov 2026, 10:00 WIB by default.

    ``LTSA_DESK_TEST_NOW`` (an ISO date and time, WIB) moves the whole suite, e.g. to a leap
    day years ahead (``.ci/run`` does), so that a date assumption fails the day it is written.
    """
    raw = os.environ.get("LTSA_DESK_TEST_NOW", "").strip()
    moment = datetime.fromisoformat(raw) if raw else datetime(2026, 11, 25, 10, 0)
    return moment if moment.tzinfo else moment.replace(tzinfo=OFFICE_ZONE)


#: Every test starts at this moment, and time runs on from there (time-machine).
NOW = _suite_moment()
TODAY = NOW.date()


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of an office day, WIB."""
    return datetime.combine(day, dt_time(hour, minute), tzinfo=OFFICE_ZONE)


@contextmanager
def travel(moment: datetime | date) -> Iterator[None]:
    """Run a block as if it happened at ``moment`` (a day means 10:00 that day), time running."""
    target = moment if isinstance(moment, datetime) else at(moment)
    with time_machine.travel(target, tick=True):
        yield


#: Databases built once for the session are built earlier the same morning, so that every
#: test, which starts at NOW, comes after them, as a day at a counter would.
SESSION_START = max(at(TODAY, 0), NOW - timedelta(minutes=30))


@pytest.fixture(scope="session", autouse=True)
def suite_clock() -> Iterator[None]:
    with travel(SESSION_START):
        yield


@pytest.fixture(autouse=True)
def test_clock(suite_clock: None) -> Iterator[None]:
    """Each test starts at the suite's moment on a clock of the office's zone.

    The clock is replaced for the test and put back after it, so that a test that logs in
    to an office elsewhere (WITA, WIT) changes nothing for the next one.
    """
    with clock.using(clock.Clock(OFFICE_ZONE)), travel(NOW):
        yield


PASSWORDS = {"admin": "admin-pass-1", "supervisor": "super-pass-1", "operator": "oper-pass-1"}


@pytest.fixture(autouse=True)
def hermetic_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LTSA_DESK_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("LTSA_DESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("LTSA_DESK_STATE_DIR", str(tmp_path / "state"))
    # What a desk keeps in its data folder (audit anchors of a PostgreSQL database, drafts)
    # stays in the test's own folder.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for name in ("LTSA_DESK_DB", "LTSA_DESK_USER", "LTSA_DESK_PASSWORD", "LTSA_DESK_LANG"):
        monkeypatch.delenv(name, raising=False)
    from ltsa_desk.config import load_settings

    load_settings.cache_clear()
    yield
    logs.reset()


#: Argon2 at production cost would dominate the suite's time on two cores.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> None:
    use_hasher(CHEAP_HASHER)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite"


def seed(database: Database) -> None:
    """The office, its admin, a supervisor and an operator that every test starts with."""
    initialise(
        database,
        office_code="KEBUMEN",
        office_name="LTSA Kabupaten Kebumen",
        office_address="MPP Kebumen",
        regency_code="33.05",
        admin_username="admin",
        admin_full_name="Admin Kantor",
        admin_password=PASSWORDS["admin"],
    )
    admin = authenticate(database, "admin", PASSWORDS["admin"])
    create_operator(
        database,
        admin,
        username="supervisor",
        full_name="Sri Supervisor",
        role=Role.SUPERVISOR,
        password=PASSWORDS["supervisor"],
    )
    create_operator(
        database,
        admin,
        username="operator",
        full_name="Budi Operator",
        role=Role.OPERATOR,
        password=PASSWORDS["operator"],
    )


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, cheap_password_hashing: None) -> Path:
    """One initialised database, built once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "desk.sqlite"
    database = open_database(str(path))
    seed(database)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


# --- PostgreSQL ---------------------------------------------------------------------------

PG_URL = os.environ.get("LTSA_DESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[1]
#: Tests under these folders that use ``db`` run on both engines.
DATA_LAYER = (
    "tests/unit/services/",
    "tests/unit/db/",
    "tests/unit/sync/",
    "tests/unit/reports/",
    "tests/unit/printing/",
    "tests/pg/",
)
ENGINES = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))
#: Databases this run creates are named after its process, so parallel runs never meet.
PG_PREFIX = f"ltsa_t{os.getpid()}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_engine" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    relative = Path(metafunc.definition.path).resolve().relative_to(ROOT).as_posix()
    if relative.startswith(DATA_LAYER):
        metafunc.parametrize("db_engine", ENGINES)


@pytest.fixture
def db_engine() -> str:
    """The engine of ``db``: SQLite, unless the test is a data-layer test run on both."""
    return "sqlite"


@dataclass
class PgServer:
    """The test server: one maintenance connection that creates and drops test databases."""

    url: str
    conn: psycopg.Connection[tuple[object, ...]]
    names: itertools.count[int]

    def url_for(self, name: str) -> str:
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str | None = None) -> str:
        """A new empty database; tests of migrations build their own in one.

        Commits in test databases do not wait for the disk (``synchronous_commit = off``, a
        setting of these databases only): what a test writes need not survive a power cut.
        """
        name = name or f"{PG_PREFIX}_{next(self.names)}"
        self.conn.execute(f"CREATE DATABASE {name}")
        self.conn.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
        return name

    def drop(self, name: str) -> None:
        self.conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def drop_abandoned(self) -> None:
        """Databases left by test runs that were killed (their process no longer exists)."""
        rows = self.conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'ltsa\\_t%'"
        ).fetchall()
        for (name,) in rows:
            pid = str(name).removeprefix("ltsa_t").split("_")[0]
            if pid.isdigit() and not _alive(int(pid)):
                self.drop(str(name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = resolve_db_url(PG_URL)
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = psycopg.connect(plain, connect_timeout=3, autocommit=True)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        pytest.skip(f"no PostgreSQL server answers at {PG_URL} (LTSA_DESK_TEST_PG): {reason}")
    server = PgServer(url, conn, itertools.count(1))
    server.drop_abandoned()
    yield server
    conn.close()


@dataclass
class PgWorkerDatabase:
    """This worker's PostgreSQL database, put back to its seeded rows before each test.

    Deleting and re-inserting a dozen rows takes milliseconds, where ``CREATE DATABASE``
    (even from a template) costs most of a second on a small machine.
    """

    url: str
    engine: Engine
    baseline: list[tuple[Table, list[dict[str, Any]]]]

    def reset(self) -> None:
        with self.engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL lock_timeout = '10s'")
            for table, _rows in reversed(self.baseline):
                conn.execute(table.delete())
            for table, rows in self.baseline:
                if rows:
                    conn.execute(table.insert(), rows)


def _rows_of(engine: Engine) -> list[tuple[Table, list[dict[str, Any]]]]:
    with engine.connect() as conn:
        return [
            (table, [dict(row._mapping) for row in conn.execute(table.select())])
            for table in SQLModel.metadata.sorted_tables
        ]


def build_pg_database(
    pg_server: PgServer,
    suffix: str,
    build: Callable[[Database], None],
    start_from: PgWorkerDatabase | None = None,
) -> PgWorkerDatabase:
    """A migrated database of this worker, holding ``start_from``'s rows (the same ids, so
    actors logged in on one are valid in the other) plus whatever ``build`` adds; its rows
    then become the baseline each test starts from."""
    url = pg_server.url_for(pg_server.create(f"{PG_PREFIX}_{suffix}"))
    database = open_database(url)
    try:
        # Built before the tests' moment, whichever test first asks for it (SESSION_START).
        with travel(SESSION_START):
            if start_from is not None:
                PgWorkerDatabase(url, database.engine, start_from.baseline).reset()
            build(database)
        baseline = _rows_of(database.engine)
    finally:
        database.dispose()
    return PgWorkerDatabase(url, make_engine(resolve_db_url(url)), baseline)


def drop_pg_database(pg_server: PgServer, worker: PgWorkerDatabase) -> None:
    worker.engine.dispose()
    name = make_url(worker.url).database
    assert name is not None
    pg_server.drop(name)


@pytest.fixture(scope="session")
def pg_database(pg_server: PgServer, cheap_password_hashing: None) -> Iterator[PgWorkerDatabase]:
    worker = build_pg_database(pg_server, "w", seed)
    yield worker
    drop_pg_database(pg_server, worker)


def open_pg_copy(worker: PgWorkerDatabase) -> Database:
    """The worker's database put back to its baseline, opened for one test."""
    worker.reset()
    return open_database(worker.url)


@pytest.fixture
def db(request: pytest.FixtureRequest, db_engine: str, db_path: Path) -> Iterator[Database]:
    if db_engine == "postgresql":
        database = open_pg_copy(request.getfixturevalue("pg_database"))
        yield database
        database.dispose()
        return
    template_path: Path = request.getfixturevalue("template_db")
    shutil.copyfile(template_path, db_path)
    db_path.chmod(0o600)
    database = open_database(str(db_path))
    yield database
    database.dispose()


def _login(db: Database, username: str) -> Actor:
    return authenticate(db, username, PASSWORDS[username])


@pytest.fixture
def admin(db: Database) -> Actor:
    return _login(db, "admin")


@pytest.fixture
def supervisor(db: Database) -> Actor:
    return _login(db, "supervisor")


@pytest.fixture
def operator(db: Database) -> Actor:
    return _login(db, "operator")
