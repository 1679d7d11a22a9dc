"""A small office's day built through the services, with timestamps moved onto chosen days."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import update
from sqlmodel import col

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application, RequirementItem
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
    data = hk_domestic(p3mi_id=str(p3mi_id), destination=destination, sector=sector)
    return acknowledging(open_application, db, actor, applicant.id, data)


def verify_all(db: Database, actor: Actor, application: Application) -> None:
    for item in load_items(db, application.id):
        record_document(db, actor, item.id, "verified")


def record(db: Database, actor: Actor, application: Application, code: str, status: str) -> None:
    item = next(i for i in load_items(db, application.id) if i.document_code == code)
    reason = "Tidak terbaca" if status == "rejected" else ""
    record_document(db, actor, item.id, status, reason=reason)


def at_noon(day: date) -> datetime:
    """Noon of the desk's local ``day``, as the aware instant the services would store."""
    return datetime.combine(day, time(12)).astimezone()


def move_to_day(
    db: Database,
    day: date,
    *,
    applicants: Iterable[Applicant] = (),
    applications: Iterable[Application] = (),
) -> None:
    """Pretend these records (and their documents) were made on ``day``."""
    moment = at_noon(day)
    applicant_ids = [a.id for a in applicants]
    application_ids = [a.id for a in applications]
    with db.transaction() as session:
        if applicant_ids:
            session.execute(
                update(Applicant)
                .where(col(Applicant.id).in_(applicant_ids))
                .values(created_at=moment, updated_at=moment)
            )
        if application_ids:
            session.execute(
                update(Application)
                .where(col(Application.id).in_(application_ids))
                .values(created_at=moment, updated_at=moment)
            )
            items = col(RequirementItem.application_id).in_(application_ids)
            session.execute(update(RequirementItem).where(items).values(updated_at=moment))
            for column in ("received_at", "verified_at"):
                session.execute(
                    update(RequirementItem)
                    .where(items, getattr(RequirementItem, column).is_not(None))
                    .values({column: moment})
                )


@dataclass
class Office:
    """What ``build_office`` made, for the assertions."""

    complete: Application
    waiting: Application
    yesterday: Application
    complete_items: int
    applicants: dict[str, Applicant]
