"""The checklist of one application as the desk, the PDF and the CLI show it.

It joins the stored requirement items with the ruleset's guidance (where to get a document,
what to bring) and computes completeness and the next desk to visit. Read-only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application, ItemStatus, P3mi, RequirementItem
from ltsa_desk.findings import Finding
from ltsa_desk.i18n import Lang
from ltsa_desk.rules import Ruleset, check_document
from ltsa_desk.services.errors import NotFound
from ltsa_desk.services.rulesets import current_ruleset

DONE = (ItemStatus.VERIFIED, ItemStatus.WAIVED)
#: Items the applicant still has to bring (a rejected document must be brought again).
TO_BRING = (ItemStatus.MISSING, ItemStatus.REJECTED)


@dataclass(frozen=True)
class ChecklistRow:
    item: RequirementItem
    desk_name_id: str
    desk_name_en: str
    desk_order: int
    where_id: str
    where_en: str
    bring_id: str
    bring_en: str
    kades_ack: bool
    materai: bool
    findings: list[Finding]

    def title(self, lang: Lang) -> str:
        return self.item.title_en if lang == "en" else self.item.title_id

    def desk_name(self, lang: Lang) -> str:
        return self.desk_name_en if lang == "en" else self.desk_name_id

    def where(self, lang: Lang) -> str:
        return self.where_en if lang == "en" else self.where_id

    def bring(self, lang: Lang) -> str:
        return self.bring_en if lang == "en" else self.bring_id

    @property
    def status(self) -> ItemStatus:
        return ItemStatus(self.item.status)


@dataclass(frozen=True)
class Completeness:
    total: int
    done: int
    received: int
    to_bring: int
    next_desk: str | None
    next_desk_name_id: str | None
    next_desk_name_en: str | None
    next_codes: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    def next_desk_name(self, lang: Lang) -> str | None:
        return self.next_desk_name_en if lang == "en" else self.next_desk_name_id


@dataclass(frozen=True)
class Checklist:
    application: Application
    applicant: Applicant
    p3mi: P3mi | None
    rows: list[ChecklistRow]
    completeness: Completeness

    @property
    def findings(self) -> list[Finding]:
        return [f for row in self.rows for f in row.findings]


def load_items(db: Database, application_id: uuid.UUID) -> list[RequirementItem]:
    with db.read() as session:
        return _items(session, application_id)


def _items(session: Session, application_id: uuid.UUID) -> list[RequirementItem]:
    return list(
        session.exec(
            select(RequirementItem)
            .where(
                col(RequirementItem.application_id) == application_id,
                col(RequirementItem.required).is_(True),
            )
            .order_by(col(RequirementItem.sort_order))
        )
    )


def completeness(rows: list[ChecklistRow]) -> Completeness:
    """How far the file is, and which desk the applicant should go to next, and for what."""
    pending = sorted(
        (r for r in rows if r.status in TO_BRING), key=lambda r: (r.desk_order, r.item.sort_order)
    )
    first = pending[0] if pending else None
    return Completeness(
        total=len(rows),
        done=sum(1 for r in rows if r.status in DONE),
        received=sum(1 for r in rows if r.status is ItemStatus.RECEIVED),
        to_bring=len(pending),
        next_desk=first.item.desk if first else None,
        next_desk_name_id=first.desk_name_id if first else None,
        next_desk_name_en=first.desk_name_en if first else None,
        next_codes=[
            r.item.document_code for r in pending if first and r.item.desk == first.item.desk
        ],
    )


def item_validity(
    ruleset: Ruleset, item: RequirementItem, application: Application, today: date
) -> list[Finding]:
    """Validity warnings of a recorded document against the plan's departure and destination.

    An item kept from an older ruleset still gets the default checks (expired, issued later).
    """
    return check_document(
        ruleset,
        item.document_code,
        issue_date=item.issue_date,
        expiry_date=item.expiry_date,
        planned_departure=application.planned_departure,
        destination=application.destination,
        today=today,
    )


def build_rows(
    ruleset: Ruleset, application: Application, items: list[RequirementItem], today: date
) -> list[ChecklistRow]:
    desks = {desk.code: desk for desk in ruleset.desks}
    rows = []
    for item in items:
        desk = desks.get(item.desk)
        document = ruleset.document(item.document_code)
        rows.append(
            ChecklistRow(
                item=item,
                desk_name_id=desk.name_id if desk else item.desk,
                desk_name_en=desk.name_en if desk else item.desk,
                desk_order=desk.order if desk else len(desks),
                where_id=document.where_id if document else "",
                where_en=document.where_en if document else "",
                bring_id=document.bring_id if document else "",
                bring_en=document.bring_en if document else "",
                kades_ack=bool(document and document.kades_ack),
                materai=bool(document and document.materai),
                findings=item_validity(ruleset, item, application, today),
            )
        )
    rows.sort(key=lambda r: (r.desk_order, r.item.sort_order))
    return rows


def application_and_applicant(
    session: Session, application_id: uuid.UUID
) -> tuple[Application, Applicant]:
    """An application and its applicant; NotFound when the application does not exist."""
    application = session.get(Application, application_id)
    if application is None:
        raise NotFound(entity="application", key_value=str(application_id))
    applicant = session.get(Applicant, application.applicant_id)
    assert applicant is not None  # a foreign key: an application always has its applicant
    return application, applicant


def get_checklist(
    db: Database,
    application_id: uuid.UUID,
    *,
    ruleset: Ruleset | None = None,
    today: date | None = None,
) -> Checklist:
    ruleset = ruleset or current_ruleset()
    with db.read() as session:
        application, applicant = application_and_applicant(session, application_id)
        p3mi = session.get(P3mi, application.p3mi_id) if application.p3mi_id else None
        rows = build_rows(
            ruleset, application, _items(session, application.id), today or clock.today()
        )
        return Checklist(application, applicant, p3mi, rows, completeness(rows))


def find_application(db: Database, registration_number: str) -> Application | None:
    with db.read() as session:
        return session.exec(
            select(Application).where(
                col(Application.registration_number) == registration_number.strip().upper()
            )
        ).first()


def applications_of(db: Database, applicant_id: uuid.UUID) -> list[Application]:
    with db.read() as session:
        return list(
            session.exec(
                select(Application)
                .where(col(Application.applicant_id) == applicant_id)
                .order_by(col(Application.created_at))
            )
        )
