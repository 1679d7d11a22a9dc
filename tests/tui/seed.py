"""Records made through the services, as a previous visit would have left them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.applications import open_application
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.documents import DocumentDetails, record_document
from ltsa_desk.services.offices import add_p3mi
from tests.unit.services.helpers import hk_domestic, siti


def applicant(db: Database, actor: Actor, today: date | None = None, **changes: str) -> Applicant:
    return register_applicant(db, actor, siti(**changes), today=today)


def plan(
    db: Database, operator: Actor, admin: Actor, applicant_id: uuid.UUID, today: date | None = None
) -> Application:
    p3mi = add_p3mi(
        db, admin, name="PT Contoh Jaya", licence_number=f"SIP3MI-{uuid.uuid4().hex[:6]}"
    )
    departure = ((today or clock.today()) + timedelta(days=90)).isoformat()
    data = hk_domestic(p3mi_id=str(p3mi.id), planned_departure=departure)
    return open_application(db, operator, applicant_id, data, today=today)


def visit(
    db: Database, operator: Actor, admin: Actor, today: date | None = None, received: int = 2
) -> tuple[Applicant, Application]:
    """A registered applicant with a plan and the first ``received`` documents handed in."""
    person = applicant(db, operator, today)
    application = plan(db, operator, admin, person.id, today)
    for item in load_items(db, application.id)[:received]:
        record_document(
            db,
            operator,
            item.id,
            "received",
            details=DocumentDetails(number=f"N-{item.document_code}"),
            today=today,
        )
    return person, application
