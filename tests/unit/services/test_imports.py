"""CSV import of applicants: checked row by row, written at once (COPY on PostgreSQL)."""

from __future__ import annotations

from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, AuditEvent
from ltsa_desk.services.access import Actor
from ltsa_desk.services.audit import verify_chain
from ltsa_desk.services.imports import import_applicants
from ltsa_desk.services.search import search_applicants
from tests.conftest import TODAY
from tests.unit.services.helpers import NIK_SITI

HEADER = "nik,full_name,birth_date,sex,marital_status,notes\n"
ROWS = (
    f'{NIK_SITI},Siti Rahayu,1996-03-02,P,married,"catatan, dengan\tkoma"\n'
    "3305011708950003,Budi Santoso,1995-08-17,L,single,\n"
    "3305015508990002,Dewi Nurhaliza,1999-08-15,P,single,\\N bukan kosong\n"
)


def test_imported_rows_are_whole_chained_and_found(db: Database, operator: Actor) -> None:
    report = import_applicants(
        db, operator, HEADER + ROWS, accept_warnings_reason="Dicek", today=TODAY
    )
    assert (report.ok, report.imported) == (True, 3)
    with db.read() as session:
        stored = {a.nik: a for a in session.exec(select(Applicant))}
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action) == "applicant.import")
            .order_by(col(AuditEvent.seq))
        ).all()
        assert verify_chain(session) == []
    assert stored[NIK_SITI].notes == "catatan, dengan\tkoma"
    assert stored["3305015508990002"].notes == "\\N bukan kosong"  # COPY's NULL stays text
    assert stored[NIK_SITI].name_key == "siti rahayu" and stored[NIK_SITI].version == 1
    assert [e.entity_id for e in events] == [
        str(stored[nik].id) for nik in (NIK_SITI, "3305011708950003", "3305015508990002")
    ]
    assert events[0].changes["nik"][1] == "3305••••••••0001"
    assert [h.full_name for h in search_applicants(db, "dewi nur")] == ["Dewi Nurhaliza"]


def test_one_bad_row_writes_nothing(db: Database, operator: Actor) -> None:
    bad = HEADER + ROWS + "3305011708950003,Budi Lagi,1995-08-17,L,single,\n"
    report = import_applicants(db, operator, bad, accept_warnings_reason="Dicek", today=TODAY)
    assert not report.ok and [p.line for p in report.problems] == [5]
    with db.read() as session:
        assert session.exec(select(Applicant)).all() == []
