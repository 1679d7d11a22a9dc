"""The audit trail is a hash chain: hand edits and deletions are detected."""

from __future__ import annotations

from ltsa_desk.db.engine import Database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.audit import verify_chain
from tests.conftest import TODAY
from tests.unit.services.helpers import budi, siti


def _verify(db: Database) -> list[str]:
    with db.read() as session:
        return [f"{b.seq}:{b.reason}" for b in verify_chain(session)]


def _by_hand(db: Database, sql: str) -> None:
    """An edit behind the application's back, as with a database tool."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql(sql)


def test_intact_chain_verifies(db: Database, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    assert _verify(db) == []


def test_edited_event_is_detected(db: Database, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    _by_hand(db, "UPDATE audit_event SET action = 'nothing' WHERE action = 'applicant.register'")
    assert [b.split(":")[1] for b in _verify(db)] == ["hash"]


def test_deleted_event_is_detected(db: Database, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    register_applicant(
        db,
        operator,
        budi(),
        today=TODAY,
    )
    _by_hand(
        db,
        "DELETE FROM audit_event WHERE action = 'applicant.register' AND "
        "seq = (SELECT MIN(seq) FROM audit_event WHERE action = 'applicant.register')",
    )
    assert [b.split(":")[1] for b in _verify(db)] == ["gap"]
