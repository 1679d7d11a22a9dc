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
from tests.conftest import PASSWORDS, TODAY, at, travel
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


@pytest.fixture(scope="session")
def office_template(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> tuple[Path, Office]:
    path = tmp_path_factory.mktemp("office") / "desk.sqlite"
    shutil.copyfile(template_db, path)
    database = open_database(str(path))
    admin, operator, supervisor = (
        authenticate(database, name, PASSWORDS[name])
        for name in ("admin", "operator", "supervisor")
    )
    built = build_office(database, admin, operator, supervisor)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path, built


@pytest.fixture
def office(office_template: tuple[Path, Office]) -> Office:
    return office_template[1]


@pytest.fixture
def office_db_path(office_template: tuple[Path, Office], tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    shutil.copyfile(office_template[0], path)
    path.chmod(0o600)
    return path


@pytest.fixture
def office_db(office_db_path: Path) -> Iterator[Database]:
    """The built office, a fresh copy for each test (the actors' ids are the same)."""
    database = open_database(str(office_db_path))
    yield database
    database.dispose()
