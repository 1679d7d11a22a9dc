"""The audit chain is keyed and anchored: a rewrite with recomputed SHA-256 hashes fails on the
office MAC, and a deleted tail shows against the chain heads recorded outside the database.

An outside tester rewrote an event and re-hashed the chain ("intact"), and deleted 669 of 750
events ("intact: 81 events"); both are found now. An older chain, made before keying, still
verifies up to where its key starts.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import Session, col, select

from ltsa_desk.cli import main
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent, OfficeKey
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.audit import event_hash, verify_chain
from ltsa_desk.services.audit_anchor import RESTORE, check_anchors, read_anchors, record_heads
from ltsa_desk.services.office_keys import chain_mac, create_office_key
from tests.conftest import PASSWORDS, TODAY
from tests.unit.services.helpers import budi, siti


def _breaks(db: Database) -> list[str]:
    with db.read() as session:
        found = verify_chain(session) + check_anchors(session, read_anchors(db))
    return [f"{b.seq}:{b.reason}" for b in found]


def _rewrite(db: Database, seq: int, *, mac: Callable[[AuditEvent], str] | None = None) -> None:
    """Reword event ``seq`` and recompute the SHA-256 chain from there on, as a careful forger
    with a database tool would; ``mac`` also redoes the MACs (a forger holding the key)."""
    with Session(db.engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.office_id).is_not(None))
            .order_by(col(AuditEvent.seq))
        ).all()
        previous = ""
        for event in events:
            if event.seq == seq:
                event.action = "nothing.happened"
            if event.seq >= seq:
                event.prev_hash = previous
                event.chain_hash = event_hash(event)
                event.mac = mac(event) if mac else event.mac
                session.add(event)
            previous = event.chain_hash
        session.commit()


def _register_two(db: Database, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    register_applicant(db, operator, budi(), today=TODAY)


def _top(db: Database) -> int:
    with db.read() as session:
        return max(e.seq for e in session.exec(select(AuditEvent)).all())


def test_a_rewrite_with_recomputed_hashes_is_found(db: Database, operator: Actor) -> None:
    _register_two(db, operator)
    assert _breaks(db) == []
    _rewrite(db, 3)
    assert _breaks(db) == ["3:mac"]


def test_a_rewrite_that_also_strips_the_macs_is_found(db: Database, operator: Actor) -> None:
    _register_two(db, operator)
    _rewrite(db, 3, mac=lambda _event: "")
    assert _breaks(db) == ["3:mac"]


def test_a_deleted_tail_is_found_against_the_recorded_head(db: Database, operator: Actor) -> None:
    _register_two(db, operator)
    record_heads(db, "verify")
    top = _top(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM audit_event WHERE seq > {top - 3}")
    assert _breaks(db) == [f"{top}:tail"]


def test_a_forger_holding_the_key_is_found_against_the_recorded_head(
    db: Database, operator: Actor
) -> None:
    _register_two(db, operator)
    record_heads(db, "verify")
    with db.read() as session:
        key = session.exec(select(OfficeKey)).one()
    _rewrite(db, 3, mac=lambda event: chain_mac(key, event.chain_hash))
    with db.read() as session:
        assert verify_chain(session) == []  # the chain itself now holds
    assert _breaks(db) == [f"{_top(db)}:anchor"]


def test_an_older_unkeyed_chain_verifies_up_to_where_keying_starts(
    db: Database, admin: Actor, operator: Actor
) -> None:
    """A database from before office keys: no key, no MACs."""
    _register_two(db, operator)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM office_key")
        conn.exec_driver_sql("UPDATE audit_event SET mac = ''")
    assert _breaks(db) == []
    key = create_office_key(db, admin)
    register_applicant(db, operator, siti(nik="3305014203960002", full_name="Sri"), today=TODAY)
    assert _breaks(db) == []
    assert key.keyed_from is not None and key.keyed_from > 1
    _rewrite(db, 2)  # before keying: the re-hashed chain breaks at the first keyed event
    assert _breaks(db) == [f"{key.keyed_from}:mac"]


@pytest.fixture
def as_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LTSA_DESK_USER", "admin")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["admin"])


def test_audit_verify_prints_the_head_then_finds_the_deleted_tail(
    db: Database, operator: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    _register_two(db, operator)
    assert main(["audit", "verify", "--db", db.url, "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "Chain head of KEBUMEN" in printed
    given = printed.split("--anchor ")[1].split()[0]
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM audit_event WHERE seq > {_top(db) - 2}")
    for lang, words in (("en", "were deleted"), ("id", "telah dihapus")):
        assert main(["audit", "verify", "--db", db.url, "--lang", lang]) == 1
        assert words in capsys.readouterr().err
    # Without the anchor file (deleted too), the head written on the day-close sheet tells.
    read_anchors(db)
    from ltsa_desk.services.audit_anchor import anchor_file

    anchor_file(db).unlink()
    assert main(["audit", "verify", "--db", db.url]) == 0
    capsys.readouterr()
    assert main(["audit", "verify", "--db", db.url, "--anchor", given, "--lang", "en"]) == 1
    assert "were deleted" in capsys.readouterr().err
    assert main(["audit", "verify", "--db", db.url, "--anchor", "nonsense"]) == 2


def test_a_restore_records_the_head_it_rolls_back_to(db: Database, operator: Actor) -> None:
    """A restore rolls the chain back on purpose (and says so in the restored database): its
    recorded head replaces the earlier ones of that chain."""
    register_applicant(db, operator, siti(), today=TODAY)
    record_heads(db, "verify")
    top = _top(db)
    register_applicant(db, operator, budi(), today=TODAY)
    record_heads(db, "verify")
    later = _top(db)
    with db.engine.begin() as conn:  # what restoring the earlier backup amounts to
        conn.exec_driver_sql(f"DELETE FROM audit_event WHERE seq > {top}")
    assert _breaks(db) == [f"{later}:tail"]
    record_heads(db, RESTORE)
    assert _breaks(db) == []
