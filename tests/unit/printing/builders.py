"""An application in realistic states for the printing tests, built through the services."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone

from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application, ItemStatus, RequirementItem
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.applications import open_application
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.documents import DocumentDetails, record_document
from ltsa_desk.services.offices import add_p3mi
from tests.conftest import TODAY, travel
from tests.unit.services.helpers import acknowledging, hk_domestic, siti

WIB = timezone(timedelta(hours=7), "WIB")
#: The desk's clock while printing: 10:15 WIB on the test day.
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 15, tzinfo=WIB)
#: When today's documents were handed over, before the tests' moment (09:30 WIB).
HANDED_IN_AT = datetime(TODAY.year, TODAY.month, TODAY.day, 2, 30, tzinfo=UTC)
YESTERDAY_AT = HANDED_IN_AT - timedelta(days=1)
#: Seven weeks away: too soon for a passport that must outlast the departure by months.
PASSPORT_EXPIRY = TODAY + timedelta(days=51)


def open_case(
    db: Database,
    operator: Actor,
    admin: Actor,
    *,
    full_name: str = "Siti Rahayu",
    passport_name: str = "",
    contract_name: str = "",
) -> Application:
    p3mi = add_p3mi(db, admin, name="PT Bina Karya Sejahtera", licence_number="SIP3MI-001/2024")
    applicant = acknowledging(
        register_applicant,
        db,
        operator,
        siti(
            full_name=full_name,
            passport_name=passport_name,
            address_line="Dusun Krajan RT 02/RW 01",
        ),
    )
    plan = hk_domestic(p3mi_id=str(p3mi.id), contract_name=contract_name)
    return acknowledging(open_application, db, operator, applicant.id, plan, today=TODAY)


def record(
    db: Database,
    actor: Actor,
    application: Application,
    states: Mapping[str, tuple[ItemStatus, DocumentDetails, str]],
) -> None:
    items = {item.document_code: item for item in load_items(db, application.id)}
    for code, (status, details, reason) in states.items():
        record_document(db, actor, items[code].id, status, details=details, reason=reason)


def typical_case(
    db: Database, operator: Actor, supervisor: Actor, admin: Actor, **names: str
) -> Application:
    """Registered yesterday with the KTP verified; today some documents received, one rejected,
    one waived, the passport expiring. Each step is taken at its own time on the moved clock."""
    with travel(YESTERDAY_AT):
        application = open_case(db, operator, admin, **names)
        record(
            db,
            operator,
            application,
            {
                "ktp_el": (
                    ItemStatus.VERIFIED,
                    DocumentDetails(number="3305014203960001", is_original=True),
                    "",
                ),
            },
        )
    with travel(HANDED_IN_AT):
        record(
            db,
            operator,
            application,
            {
                "kartu_keluarga": (
                    ItemStatus.RECEIVED,
                    DocumentDetails(number="3305010101090001", is_original=False),
                    "",
                ),
                "pas_foto": (
                    ItemStatus.REJECTED,
                    DocumentDetails(note="Latar belakang harus merah"),
                    "Foto lama (lebih dari 6 bulan)",
                ),
                "paspor": (
                    ItemStatus.RECEIVED,
                    DocumentDetails(
                        number="C1234567",
                        issue_date="2021-12-01",
                        expiry_date=PASSPORT_EXPIRY.isoformat(),
                        is_original=True,
                    ),
                    "",
                ),
            },
        )
        record(
            db,
            supervisor,
            application,
            {
                "ak1": (
                    ItemStatus.WAIVED,
                    DocumentDetails(),
                    "Sudah terdaftar di SIAPkerja",
                )
            },
        )
    return application


def add_items(db: Database, application_id: uuid.UUID, total: int) -> None:
    """Pad the checklist with extra required items (spread over the desks) up to ``total``."""
    desks = ("dukcapil", "ketenagakerjaan", "kesehatan", "imigrasi", "bpjs")
    with db.transaction() as session:
        present = len(
            session.exec(
                select(RequirementItem).where(col(RequirementItem.application_id) == application_id)
            ).all()
        )
        for index in range(present, total):
            session.add(
                RequirementItem(
                    application_id=application_id,
                    document_code=f"tambahan_{index:02d}",
                    desk=desks[index % len(desks)],
                    sort_order=100 + index,
                    title_id=f"Dokumen tambahan nomor {index:02d} untuk pengujian halaman",
                    title_en=f"Extra document number {index:02d} for the page test",
                    basis="Uji",
                )
            )
