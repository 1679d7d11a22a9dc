""" "What Budi did on Tuesday" after his office's records travelled to another office.

The operator recap counts an operator's own actions on an office day from the audit trail;
the records carry their own times. A sync import re-stamps neither, so the receiving office
(here on SQLite and on PostgreSQL) tells the same day as the office where the work was done.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import col, select

from ltsa_desk import clock
from ltsa_desk.db.models import Applicant, AuditEvent, RequirementItem
from ltsa_desk.reports import Period, compute_recap
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.documents import record_document
from ltsa_desk.sync import import_bundle
from tests.conftest import TODAY, at, travel
from tests.unit.services.helpers import siti
from tests.unit.sync.conftest import Desk
from tests.unit.sync.helpers import acknowledging, export, open_plan, register_cilacap

TUESDAY = TODAY - timedelta(days=1)


def _tuesday_at_cilacap(other: Desk) -> None:
    """Cilacap's operator registers two people, opens one file and handles three documents;
    the supervisor registers a third person and verifies one of those documents."""
    with travel(at(TUESDAY, 9)):
        ani = register_cilacap(other)
        register_cilacap(other, nik="3301014203960002", full_name="Dewi Lestari")
        plan = open_plan(other, ani)
        items = {i.document_code: i for i in load_items(other.db, plan.id)}
        record_document(other.db, other.operator, items["paspor"].id, "received")
        record_document(other.db, other.operator, items["ktp_el"].id, "verified")
        record_document(other.db, other.operator, items["pas_foto"].id, "rejected", reason="buram")
    with travel(at(TUESDAY, 15)):
        acknowledging(
            lambda overrides: register_applicant(
                other.db,
                other.supervisor,
                siti(nik="3301014203960003", full_name="Rina Wati"),
                overrides=overrides,
            )
        )
        record_document(other.db, other.supervisor, items["paspor"].id, "verified")


def test_an_operators_tuesday_is_the_same_after_a_sync_import(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    _tuesday_at_cilacap(other)
    with travel(at(TUESDAY, 17)):
        bundle = export(other, tmp_path / "out").path

    def budi(desk: Desk, username: str, day: date) -> tuple[int, ...]:
        recap = compute_recap(
            desk.db,
            desk.supervisor,
            Period.day(day),
            office_code="CILACAP",
            operator_username=username,
        )
        return (recap.registered, recap.opened, recap.received, recap.verified, recap.rejected)

    at_cilacap = budi(other, "operator", TUESDAY)
    # Ani and Dewi registered, Ani's file opened; passport and KTP taken in, the KTP verified
    # (the passport was verified by the supervisor), the photo rejected.
    assert at_cilacap == (2, 1, 2, 1, 1)
    assert budi(other, "supervisor", TUESDAY) == (1, 0, 0, 1, 0)

    import_bundle(home.db, home.supervisor, bundle)  # on Wednesday, the test's own day
    # Another office's operators arrive as inactive stubs named after their office.
    assert budi(home, "operator@CILACAP", TUESDAY) == at_cilacap
    assert budi(home, "supervisor@CILACAP", TUESDAY) == (1, 0, 0, 1, 0)
    assert budi(home, "operator@CILACAP", TODAY) == (0, 0, 0, 0, 0)  # importing is not doing

    # The records' own times and their audit events tell the same office day.
    with home.db.read() as session:
        imported = session.exec(
            select(Applicant).where(col(Applicant.nik).startswith("33010142039600"))
        ).all()
        assert {clock.local_date(a.created_at) for a in imported} == {TUESDAY}
        verified = session.exec(
            select(RequirementItem).where(col(RequirementItem.verified_at).is_not(None))
        ).all()
        assert {clock.local_date(i.verified_at) for i in verified if i.verified_at} == {TUESDAY}
        ids = {str(a.id) for a in imported}
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "applicant.register")
        ).all()
        assert {clock.local_date(e.at) for e in events if e.entity_id in ids} == {TUESDAY}
