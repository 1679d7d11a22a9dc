"""Placement plans, checklists, documents, completeness and re-evaluation."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application, ApplicationStatus, ItemStatus, P3miStatus
from ltsa_desk.rules import Ruleset, load_ruleset
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.applications import (
    apply_reevaluation,
    open_application,
    preview_reevaluation,
)
from ltsa_desk.services.checklist import get_checklist
from ltsa_desk.services.documents import DocumentDetails, record_document
from ltsa_desk.services.errors import PermissionDenied, StaleRecord, ValidationFailed
from ltsa_desk.services.offices import add_p3mi
from tests.conftest import TODAY
from tests.unit.services.helpers import budi, hk_domestic, siti


@pytest.fixture
def p3mi_id(db: Database, admin: Actor) -> str:
    return str(add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024").id)


@pytest.fixture
def application(db: Database, operator: Actor, p3mi_id: str) -> Application:
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    return open_application(db, operator, applicant.id, hk_domestic(p3mi_id=p3mi_id), today=TODAY)


def _row(db: Database, application: Application, code: str):  # type: ignore[no-untyped-def]
    checklist = get_checklist(db, application.id, today=TODAY)
    return next(r for r in checklist.rows if r.item.document_code == code)


def test_open_application_stores_the_checklist_and_ruleset(
    db: Database, application: Application
) -> None:
    assert re.fullmatch(rf"KEBUMEN-{TODAY.year}-\d{{6}}", application.registration_number)
    assert application.ruleset_id and application.ruleset_version
    checklist = get_checklist(db, application.id, today=TODAY)
    codes = [r.item.document_code for r in checklist.rows]
    for code in ("buku_nikah_fotokopi", "izin_suami_istri", "paspor", "perjanjian_penempatan"):
        assert code in codes
    assert checklist.completeness.done == 0
    assert checklist.completeness.next_desk == checklist.rows[0].item.desk
    desk_orders = [r.desk_order for r in checklist.rows]
    assert desk_orders == sorted(desk_orders)


def test_registration_numbers_are_sequential(
    db: Database, operator: Actor, application: Application, p3mi_id: str
) -> None:
    other = register_applicant(
        db,
        operator,
        budi(),
        today=TODAY,
    )
    second = open_application(
        db,
        operator,
        other.id,
        hk_domestic(p3mi_id=p3mi_id, sector="formal", job="Pekerja manufaktur"),
        today=TODAY,
    )
    first_seq = int(application.registration_number.rsplit("-", 1)[1])
    assert second.registration_number.endswith(f"{first_seq + 1:06d}")


def test_moratorium_blocks_opening(db: Database, operator: Actor, p3mi_id: str) -> None:
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        open_application(
            db, operator, applicant.id, hk_domestic(destination="SA", p3mi_id=p3mi_id), today=TODAY
        )
    assert "moratorium_timur_tengah" in {f.code for f in caught.value.errors}
    with db.read() as session:
        assert session.exec(select(Application)).all() == []


def test_revoked_p3mi_is_refused(db: Database, admin: Actor, operator: Actor) -> None:
    revoked = add_p3mi(
        db, admin, name="PT Dicabut", licence_number="SIP3MI-9/2020", status=P3miStatus.REVOKED
    )
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        open_application(
            db, operator, applicant.id, hk_domestic(p3mi_id=str(revoked.id)), today=TODAY
        )
    assert "DICABUT" in caught.value.errors[0].message("id")


def test_p2p_needs_a_p3mi(db: Database, operator: Actor) -> None:
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        open_application(db, operator, applicant.id, hk_domestic(), today=TODAY)
    assert [f.field for f in caught.value.errors] == ["p3mi_id"]


@pytest.mark.parametrize("scheme", ["g2g", "g2p", "perseorangan", "ukps"])
def test_only_p_to_p_goes_through_a_p3mi(
    db: Database, operator: Actor, p3mi_id: str, scheme: str
) -> None:
    """UU 18/2017 Art. 49: the Agency runs G to G and G to P, a UKPS company posts its own
    staff, perseorangan go without an implementer; a P3MI places only in P to P."""
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        open_application(
            db,
            operator,
            applicant.id,
            hk_domestic(scheme=scheme, p3mi_id=p3mi_id),
            today=TODAY,
        )
    refused = [f for f in caught.value.errors if f.code == "plan.p3mi_not_for_scheme"]
    assert [f.field for f in refused] == ["p3mi_id"]
    assert "Pasal 49" in refused[0].message("id")


def test_contract_name_mismatch_is_a_warning(db: Database, operator: Actor, p3mi_id: str) -> None:
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    plan = hk_domestic(p3mi_id=p3mi_id, contract_name="Siti Rahayoe")
    with pytest.raises(ValidationFailed) as caught:
        open_application(db, operator, applicant.id, plan, today=TODAY)
    assert caught.value.errors == []
    overrides = {f.code: "Ejaan lama di kontrak, akan diperbaiki" for f in caught.value.findings}
    opened = open_application(db, operator, applicant.id, plan, overrides=overrides, today=TODAY)
    assert opened.acknowledged


def test_document_lifecycle_and_completeness(
    db: Database, operator: Actor, supervisor: Actor, application: Application
) -> None:
    row = _row(db, application, "paspor")
    item, warnings = record_document(
        db,
        operator,
        row.item.id,
        ItemStatus.RECEIVED,
        details=DocumentDetails(
            number="C1234567",
            issue_date=(TODAY - timedelta(days=319)).isoformat(),
            expiry_date=(TODAY + timedelta(days=157)).isoformat(),
        ),
        today=TODAY,
    )
    assert item.status == ItemStatus.RECEIVED and item.received_at is not None
    assert {f.code for f in warnings}  # expires within months after departure: a warning
    item, _ = record_document(db, operator, item.id, ItemStatus.VERIFIED, today=TODAY)
    assert item.verified_by == operator.operator_id
    with pytest.raises(PermissionDenied):
        record_document(db, operator, item.id, ItemStatus.MISSING, today=TODAY)
    record_document(db, supervisor, item.id, ItemStatus.RECEIVED, today=TODAY)

    checklist = get_checklist(db, application.id, today=TODAY)
    for other in checklist.rows:
        record_document(db, supervisor, other.item.id, ItemStatus.VERIFIED, today=TODAY)
    done = get_checklist(db, application.id, today=TODAY)
    assert done.completeness.complete and done.completeness.next_desk is None
    assert done.application.status == ApplicationStatus.COMPLETE


def test_waiver_is_supervisor_only_and_needs_a_reason(
    db: Database, operator: Actor, supervisor: Actor, application: Application
) -> None:
    row = _row(db, application, "ak1")
    with pytest.raises(PermissionDenied):
        record_document(db, operator, row.item.id, ItemStatus.WAIVED, reason="x", today=TODAY)
    with pytest.raises(ValidationFailed):
        record_document(db, supervisor, row.item.id, ItemStatus.WAIVED, today=TODAY)
    item, _ = record_document(
        db, supervisor, row.item.id, ItemStatus.WAIVED, reason="Surat Kadis 12/2026", today=TODAY
    )
    assert item.reason == "Surat Kadis 12/2026"


def test_rejection_needs_a_reason_and_bad_dates_change_nothing(
    db: Database, operator: Actor, application: Application
) -> None:
    row = _row(db, application, "kartu_keluarga")
    with pytest.raises(ValidationFailed):
        record_document(db, operator, row.item.id, ItemStatus.REJECTED, today=TODAY)
    with pytest.raises(ValidationFailed):
        record_document(
            db,
            operator,
            row.item.id,
            ItemStatus.RECEIVED,
            details=DocumentDetails(issue_date="2026-05-01", expiry_date="2026-04-01"),
            today=TODAY,
        )
    assert _row(db, application, "kartu_keluarga").item.status == ItemStatus.MISSING


def test_stale_document_write_is_refused(
    db: Database, operator: Actor, supervisor: Actor, application: Application
) -> None:
    row = _row(db, application, "pas_foto")
    record_document(
        db,
        supervisor,
        row.item.id,
        ItemStatus.RECEIVED,
        expected_version=row.item.version,
        today=TODAY,
    )
    with pytest.raises(StaleRecord):
        record_document(
            db,
            operator,
            row.item.id,
            ItemStatus.REJECTED,
            reason="buram",
            expected_version=row.item.version,
            today=TODAY,
        )


def _with_extra_document(base: Ruleset) -> Ruleset:
    extra = base.documents[0].model_copy(update={"code": "surat_keterangan_desa", "order": 999})
    return base.model_copy(update={"documents": (*base.documents, extra), "version": 999})


def test_reevaluation_reports_before_applying(
    db: Database, operator: Actor, application: Application
) -> None:
    newer = _with_extra_document(load_ruleset())
    preview = preview_reevaluation(db, application.id, ruleset=newer, today=TODAY)
    assert preview.added == ["surat_keterangan_desa"] and preview.removed == []
    # Nothing changed yet.
    codes = [r.item.document_code for r in get_checklist(db, application.id, today=TODAY).rows]
    assert "surat_keterangan_desa" not in codes
    applied = apply_reevaluation(
        db,
        operator,
        application.id,
        expected_version=application.version,
        ruleset=newer,
        today=TODAY,
    )
    assert applied.new_ruleset.endswith("@999")
    codes = [
        r.item.document_code
        for r in get_checklist(db, application.id, ruleset=newer, today=TODAY).rows
    ]
    assert "surat_keterangan_desa" in codes
    with db.read() as session:
        stored = session.exec(
            select(Application).where(col(Application.id) == application.id)
        ).one()
    assert stored.ruleset_version == "999"


def test_departure_in_the_past_is_refused(db: Database, operator: Actor, p3mi_id: str) -> None:
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    plan = hk_domestic(p3mi_id=p3mi_id, planned_departure=str(date(2026, 1, 1)))
    with pytest.raises(ValidationFailed) as caught:
        open_application(db, operator, applicant.id, plan, today=TODAY)
    assert "planned_departure" in {f.field for f in caught.value.errors}
