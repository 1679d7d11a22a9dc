"""A small office's days built through the services, each at its own time on a moved clock."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.applications import open_application
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.documents import record_document
from tests.unit.services.helpers import acknowledging, hk_domestic, siti

NAMES = ("Ani", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko")


def nik(region: str, sex: str, birth: date, serial: int) -> str:
    """A NIK first issued in kecamatan 01 of ``region`` (4 digits); women's day + 40."""
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region}01{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def person(
    db: Database,
    actor: Actor,
    serial: int,
    *,
    sex: str = "P",
    region: str = "3305",
    name: str | None = None,
    **changes: str,
) -> Applicant:
    birth = date(1996, 3, 2)
    data = siti(
        nik=nik(region, sex, birth, serial),
        full_name=name or f"{NAMES[serial % len(NAMES)]} Lestari",
        sex=sex,
        marital_status="single",
        spouse_name="",
        **changes,
    )
    return acknowledging(register_applicant, db, actor, data)


def plan(
    db: Database,
    actor: Actor,
    applicant: Applicant,
    p3mi_id: uuid.UUID,
    *,
    destination: str = "HK",
    sector: str = "domestic",
) -> Application:
    # A household job only in the domestic sector: elsewhere it is a finding (UU 18/2017 Pasal 4).
    job = "Penata laksana rumah tangga" if sector == "domestic" else "Pekerja manufaktur"
    data = hk_domestic(p3mi_id=str(p3mi_id), destination=destination, sector=sector, job=job)
    return acknowledging(open_application, db, actor, applicant.id, data)


def verify_all(db: Database, actor: Actor, application: Application) -> None:
    for item in load_items(db, application.id):
        record_document(db, actor, item.id, "verified")


def record(db: Database, actor: Actor, application: Application, code: str, status: str) -> None:
    item = next(i for i in load_items(db, application.id) if i.document_code == code)
    reason = "Tidak terbaca" if status == "rejected" else ""
    record_document(db, actor, item.id, status, reason=reason)


@dataclass
class Office:
    """What ``build_office`` made, for the assertions."""

    complete: Application
    waiting: Application
    yesterday: Application
    complete_items: int
    applicants: dict[str, Applicant]
