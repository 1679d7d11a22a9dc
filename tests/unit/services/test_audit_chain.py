"""The audit trail is a hash chain: hand edits and deletions are detected."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ltsa_desk.db.engine import Database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.audit import verify_chain
from tests.conftest import TODAY
from tests.unit.services.helpers import siti


def _verify(db: Database) -> list[str]:
    with db.read() as session:
        return [f"{b.seq}:{b.reason}" for b in verify_chain(session)]


def _sqlite(db_path: Path, sql: str) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_intact_chain_verifies(db: Database, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    assert _verify(db) == []


def test_edited_event_is_detected(db: Database, db_path: Path, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    _sqlite(
        db_path, "UPDATE audit_event SET action = 'nothing' WHERE action = 'applicant.register'"
    )
    assert [b.split(":")[1] for b in _verify(db)] == ["hash"]


def test_deleted_event_is_detected(db: Database, db_path: Path, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    register_applicant(
        db,
        operator,
        siti(
            nik="3305011708950003",
            full_name="Budi",
            sex="L",
            birth_date="1995-08-17",
            spouse_name="",
        ),
        today=TODAY,
    )
    _sqlite(
        db_path,
        "DELETE FROM audit_event WHERE action = 'applicant.register' AND "
        "seq = (SELECT MIN(seq) FROM audit_event WHERE action = 'applicant.register')",
    )
    assert [b.split(":")[1] for b in _verify(db)] == ["gap"]
