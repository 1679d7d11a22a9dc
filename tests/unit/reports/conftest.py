"""One office's two days, built once per session through the services and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.auth import authenticate
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.offices import add_p3mi
from ltsa_desk.services.queue import call_next, issue_ticket
from tests.conftest import (
    PASSWORDS,
    SESSION_START,
    TODAY,
    PgServer,
    PgWorkerDatabase,
    at,
    build_pg_database,
    drop_pg_database,
    travel,
)
from tests.unit.reports.builders import Office, person, plan, record, verify_all

YESTERDAY = TODAY - timedelta(days=1)


def build_office(db: Database, admin: Actor, operator: Actor, supervisor: Actor) -> Office:
    """On YESTERDAY afternoon: Joko's file opened, nothing handed in. On TODAY (built before the
    tests' moment): Siti's file complete (counter 2), Budi's waiting (passport received, KTP
    rejected), Rina registered by the supervisor with no file yet."""
    p3mi = add_p3mi(db, admin, name="PT Bina Karya", licence_number="SIP3MI-9/2024").id
    with travel(at(YESTERDAY, 14)):
        joko = person(db, operator, 4, sex="L", region="3305", name="Joko")
        yesterday = plan(db, operator, joko, p3mi, destination="MY", sector="formal")
    siti = person(db, operator, 1, sex="P", region="3305", name="Siti Rahayu")
    complete = plan(db, operator, siti, p3mi)
    verify_all(db, operator, complete)
    budi = person(db, operator, 2, sex="L", region="3302", name="Budi Santoso")
    waiting = plan(db, operator, budi, p3mi, destination="TW", sector="formal")
    record(db, operator, waiting, "paspor", "received")
    record(db, operator, waiting, "ktp_el", "rejected")
    rina = person(db, supervisor, 3, sex="P", region="3305", name="Rina")
    issue_ticket(db, operator, "disnaker", applicant_id=siti.id)
    call_next(db, operator, "disnaker", counter="2")
    return Office(
        complete=complete,
        waiting=waiting,
        yesterday=yesterday,
        complete_items=len(load_items(db, complete.id)),
        applicants={"siti": siti, "budi": budi, "rina": rina, "joko": joko},
    )


def _build_with_actors(database: Database) -> Office:
    admin, operator, supervisor = (
        authenticate(database, name, PASSWORDS[name])
        for name in ("admin", "operator", "supervisor")
    )
    return build_office(database, admin, operator, supervisor)


@pytest.fixture(scope="session")
def office_template(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> tuple[Path, Office]:
    path = tmp_path_factory.mktemp("office") / "desk.sqlite"
    shutil.copyfile(template_db, path)
    database = open_database(str(path))
    # Built before the tests' moment, whichever test first asks for it (SESSION_START).
    with travel(SESSION_START):
        built = _build_with_actors(database)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path, built


@pytest.fixture(scope="session")
def office_pg(
    pg_server: PgServer, pg_database: PgWorkerDatabase
) -> Iterator[tuple[PgWorkerDatabase, Office]]:
    """The same office on PostgreSQL, built on the worker's seeded rows (the same actors)."""
    built: list[Office] = []
    worker = build_pg_database(
        pg_server,
        "office",
        lambda database: built.append(_build_with_actors(database)),
        pg_database,
    )
    yield worker, built[0]
    drop_pg_database(pg_server, worker)


@pytest.fixture
def office(request: pytest.FixtureRequest, db_engine: str) -> Office:
    source = "office_pg" if db_engine == "postgresql" else "office_template"
    built: Office = request.getfixturevalue(source)[1]
    return built


@pytest.fixture
def office_db_url(request: pytest.FixtureRequest, db_engine: str, tmp_path: Path) -> str:
    """The built office, fresh for each test: a copy of the SQLite file (its path), or the
    PostgreSQL database put back to its built rows (its URL). The actors' ids are the same."""
    if db_engine == "postgresql":
        worker: PgWorkerDatabase = request.getfixturevalue("office_pg")[0]
        worker.reset()
        return worker.url
    path = tmp_path / "office.sqlite"
    shutil.copyfile(request.getfixturevalue("office_template")[0], path)
    path.chmod(0o600)
    return str(path)


@pytest.fixture
def office_db(office_db_url: str) -> Iterator[Database]:
    database = open_database(office_db_url)
    yield database
    database.dispose()
