"""The hand-off: one row per complete file with the full NIK, no double export, explicit
re-export, acceptance by batch or registration number."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent, Handoff, HandoffStatus
from ltsa_desk.reports.handoff_file import COLUMN_KEYS
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import as_input, update_applicant
from ltsa_desk.services.errors import NotFound, PermissionDenied
from ltsa_desk.services.handoff import (
    NothingToExport,
    accept_handoff,
    export_handoff,
    handoff_overview,
)
from ltsa_desk.services.offices import add_p3mi
from tests.unit.reports.builders import Office, person, plan, verify_all


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _status(office_db: Database, office: Office) -> str:
    with office_db.read() as session:
        handoff = session.exec(
            select(Handoff).where(col(Handoff.application_id) == office.complete.id)
        ).one()
        return str(handoff.status)


def test_export_takes_complete_files_once(
    office_db: Database, supervisor: Actor, office: Office, tmp_path: Path
) -> None:
    result = export_handoff(
        office_db, supervisor, file_format="csv", output_dir=tmp_path, lang="en"
    )
    assert result.rows == 1
    assert result.batch_code.startswith("KEBUMEN-HO-")
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    [row] = _csv(result.path)
    siti = office.applicants["siti"]
    assert row["NIK"] == siti.nik  # the one export with the full NIK
    assert row["Registration no."] == office.complete.registration_number
    assert row["Full name"] == "Siti Rahayu"
    assert row["Destination code"] == "HK"
    assert row["P3MI name"] == "PT Bina Karya"
    assert row["P3MI licence (SIP3MI) no."] == "SIP3MI-9/2024"
    assert row["Batch"] == result.batch_code
    assert len(row) == len(COLUMN_KEYS)
    assert _status(office_db, office) == HandoffStatus.EXPORTED
    with pytest.raises(NothingToExport):
        export_handoff(office_db, supervisor, file_format="csv", output_dir=tmp_path)
    with office_db.read() as session:
        event = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "handoff.export")
        ).one()
        assert event.changes["registration_numbers"][1] == [office.complete.registration_number]


def test_reexport_is_explicit_and_acceptance_is_recorded(
    office_db: Database, operator: Actor, supervisor: Actor, office: Office, tmp_path: Path
) -> None:
    first = export_handoff(office_db, supervisor, file_format="xlsx", output_dir=tmp_path)
    verify_all(office_db, operator, office.waiting)
    second = export_handoff(office_db, supervisor, file_format="xlsx", output_dir=tmp_path)
    assert second.registration_numbers == (office.waiting.registration_number,)

    again = export_handoff(
        office_db, supervisor, file_format="xlsx", output_dir=tmp_path, reexport=first.batch_code
    )
    assert again.reexport_of == first.batch_code
    assert again.registration_numbers == first.registration_numbers
    assert again.batch_code not in (first.batch_code, second.batch_code)

    sheet = load_workbook(again.path).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    nik_cell = sheet.cell(row=2, column=header.index("NIK") + 1)
    assert nik_cell.value == office.applicants["siti"].nik
    assert nik_cell.data_type == "s"
    assert values["Batch"] == again.batch_code
    assert sheet.max_row == 2

    result = accept_handoff(office_db, supervisor, [first.batch_code], central_reference="ID-123")
    assert result.accepted == [office.complete.registration_number]
    assert _status(office_db, office) == HandoffStatus.ACCEPTED
    repeat = accept_handoff(
        office_db, supervisor, [again.batch_code, office.waiting.registration_number]
    )
    assert repeat.already == [office.complete.registration_number]
    assert repeat.accepted == [office.waiting.registration_number]
    not_sent = accept_handoff(office_db, supervisor, [office.yesterday.registration_number])
    assert not_sent.not_exported == [office.yesterday.registration_number]
    with pytest.raises(NotFound):
        accept_handoff(office_db, supervisor, ["KEBUMEN-HO-2026-9999"])

    overview = handoff_overview(office_db, supervisor)
    assert (overview.ready, overview.exported, overview.accepted) == (0, 0, 2)
    assert overview.batches[0].code == again.batch_code
    assert {b.code: b.accepted for b in overview.batches}[first.batch_code] == 1
    with office_db.read() as session:
        handoff = session.exec(
            select(Handoff).where(col(Handoff.application_id) == office.complete.id)
        ).one()
        assert (handoff.export_count, handoff.central_reference) == (2, "ID-123")
        accepted = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "handoff.accept")
        ).all()
        assert len(accepted) == 2


def test_changes_after_export_are_listed(
    office_db: Database, operator: Actor, supervisor: Actor, office: Office, tmp_path: Path
) -> None:
    export_handoff(office_db, supervisor, file_format="csv", output_dir=tmp_path)
    assert handoff_overview(office_db, supervisor).changed_since_export == ()
    siti = office.applicants["siti"]
    update_applicant(
        office_db,
        operator,
        siti.id,
        as_input(siti).model_copy(update={"phone": "081298765432"}),
        expected_version=siti.version,
    )
    changed = handoff_overview(office_db, supervisor).changed_since_export
    assert changed == (office.complete.registration_number,)


def test_only_supervisors_hand_off(office_db: Database, operator: Actor, office: Office) -> None:
    with pytest.raises(PermissionDenied):
        export_handoff(office_db, operator, file_format="csv", output_dir=Path("unused"))
    with pytest.raises(PermissionDenied):
        accept_handoff(office_db, operator, [office.complete.registration_number])


def test_cells_stay_data_not_formulas(
    db: Database, admin: Actor, operator: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    p3mi = add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024").id
    applicant = person(db, operator, 7, address_line='=HYPERLINK("http://x","klik")')
    verify_all(db, operator, plan(db, operator, applicant, p3mi))
    result = export_handoff(db, supervisor, file_format="csv", output_dir=tmp_path)
    [row] = _csv(result.path)
    assert row["Alamat"] == "'" + applicant.address_line
    assert row["No. telepon/WA"] == applicant.phone  # "+62…" is a number, left as typed
    xlsx = export_handoff(
        db, supervisor, file_format="xlsx", output_dir=tmp_path, reexport=result.batch_code
    )
    sheet = load_workbook(xlsx.path).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Alamat") + 1)
    assert (cell.value, cell.data_type) == (applicant.address_line, "s")
