"""Queue tickets per desk: issue, call the next one, mark served or skipped.

Numbers restart each day per desk and come from the office's counter row, so two counters on
one database never hand out the same number.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import QueueTicket, TicketStatus
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.errors import NotFound, ServiceError
from ltsa_desk.services.sequences import next_value
from ltsa_desk.services.tx import write
from ltsa_desk.services.versioning import check_version


class QueueEmpty(ServiceError):
    key = "services.queue_empty"


def ticket_prefix(desk: str) -> str:
    """Three letters on the ticket (``KET-007``): readable when called out at the counter."""
    return desk.replace("_", "")[:3].upper()


def issue_ticket(
    db: Database,
    actor: Actor,
    desk: str,
    *,
    applicant_id: uuid.UUID | None = None,
    application_id: uuid.UUID | None = None,
    today: date | None = None,
) -> QueueTicket:
    require(actor, "issue_ticket")
    day = today or clock.today()
    with write(db) as session:
        number = next_value(session, actor.office_id, f"queue:{day.isoformat()}:{desk}")
        ticket = QueueTicket(
            office_id=actor.office_id,
            service_date=day,
            desk=desk,
            number=number,
            code=f"{ticket_prefix(desk)}-{number:03d}",
            applicant_id=applicant_id,
            application_id=application_id,
            updated_by=actor.operator_id,
        )
        session.add(ticket)
        session.flush()
        append_event(
            session,
            actor=actor,
            action="ticket.issue",
            entity="queue_ticket",
            entity_id=ticket.id,
            changes={"code": [None, ticket.code], "desk": [None, desk]},
        )
        return ticket


def list_queue(
    db: Database, office_id: uuid.UUID, *, desk: str | None = None, today: date | None = None
) -> list[QueueTicket]:
    day = today or clock.today()
    with db.read() as session:
        query = select(QueueTicket).where(
            col(QueueTicket.office_id) == office_id, col(QueueTicket.service_date) == day
        )
        if desk:
            query = query.where(col(QueueTicket.desk) == desk)
        return list(session.exec(query.order_by(col(QueueTicket.desk), col(QueueTicket.number))))


def call_next(
    db: Database, actor: Actor, desk: str, *, counter: str = "", today: date | None = None
) -> QueueTicket:
    """The oldest waiting ticket of this desk today becomes called at ``counter``."""
    require(actor, "call_ticket")
    day = today or clock.today()
    with write(db) as session:
        ticket = session.exec(
            select(QueueTicket)
            .where(
                col(QueueTicket.office_id) == actor.office_id,
                col(QueueTicket.service_date) == day,
                col(QueueTicket.desk) == desk,
                col(QueueTicket.status) == TicketStatus.WAITING,
            )
            .order_by(col(QueueTicket.number))
            .limit(1)
        ).first()
        if ticket is None:
            raise QueueEmpty(desk=desk)
        ticket.status = TicketStatus.CALLED
        ticket.counter = counter
        ticket.called_at = clock.now()
        ticket.updated_by = actor.operator_id
        session.add(ticket)
        append_event(
            session,
            actor=actor,
            action="ticket.call",
            entity="queue_ticket",
            entity_id=ticket.id,
            changes={
                "status": [TicketStatus.WAITING, TicketStatus.CALLED],
                "counter": [None, counter],
            },
        )
        return ticket


def finish_ticket(
    db: Database,
    actor: Actor,
    ticket_id: uuid.UUID,
    *,
    expected_version: int | None = None,
    skipped: bool = False,
) -> QueueTicket:
    """Mark a called ticket served (or skipped when the person did not come forward)."""
    require(actor, "serve_ticket")
    with write(db) as session:
        ticket = session.get(QueueTicket, ticket_id)
        if ticket is None:
            raise NotFound(entity="queue_ticket", key_value=str(ticket_id))
        check_version(session, ticket, expected_version, "queue_ticket")
        before = ticket.status
        ticket.status = TicketStatus.SKIPPED if skipped else TicketStatus.SERVED
        ticket.served_at = clock.now()
        ticket.updated_by = actor.operator_id
        session.add(ticket)
        append_event(
            session,
            actor=actor,
            action="ticket.skip" if skipped else "ticket.serve",
            entity="queue_ticket",
            entity_id=ticket.id,
            changes={"status": [before, ticket.status]},
        )
        return ticket
