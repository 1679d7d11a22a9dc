"""The history of one applicant's file, read from the audit trail: visits and what changed.

A returning applicant is resumed from here: the desk shows each day the file was worked on, who
did what, and which documents moved. Read-only; bounded by ``limit`` in SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application, AuditEvent, Operator, QueueTicket, RequirementItem
from ltsa_desk.i18n import Lang
from ltsa_desk.services.access import Actor, require

MAX_EVENTS = 500


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    operator: str
    action: str
    entity: str
    changes: dict[str, Any]
    #: What the event concerns, in both languages: a document title, a ticket code, a number.
    subject_id: str = ""
    subject_en: str = ""

    @property
    def local_at(self) -> datetime:
        """The event's time on the desk's clock (stored instants are UTC)."""
        return clock.local(self.at)

    def subject(self, lang: Lang) -> str:
        return self.subject_en if lang == "en" else self.subject_id


@dataclass(frozen=True)
class Visit:
    """The events of one local day: one visit of the applicant to the office."""

    day: date
    entries: list[HistoryEntry] = field(default_factory=list)


def _subjects(db_rows: Iterable[Any]) -> dict[str, tuple[str, str]]:
    return {str(row[0]): (row[1], row[2]) for row in db_rows}


def applicant_history(
    db: Database, actor: Actor, applicant_id: uuid.UUID, *, limit: int = MAX_EVENTS
) -> list[HistoryEntry]:
    """Events on the applicant, their placement plans, document items and queue tickets,
    newest first."""
    require(actor, "view_records")
    with db.read() as session:
        applications = session.exec(
            select(Application.id, Application.registration_number).where(
                col(Application.applicant_id) == applicant_id
            )
        ).all()
        app_ids = [row[0] for row in applications]
        items = (
            session.exec(
                select(
                    RequirementItem.id, RequirementItem.title_id, RequirementItem.title_en
                ).where(col(RequirementItem.application_id).in_(app_ids))
            ).all()
            if app_ids
            else []
        )
        tickets = session.exec(
            select(QueueTicket.id, QueueTicket.code, QueueTicket.code).where(
                col(QueueTicket.applicant_id) == applicant_id
            )
        ).all()
        subjects = {
            **_subjects((a_id, number, number) for a_id, number in applications),
            **_subjects(items),
            **_subjects(tickets),
        }
        wanted = [
            and_(
                col(AuditEvent.entity) == "applicant",
                col(AuditEvent.entity_id) == str(applicant_id),
            )
        ]
        for entity, ids in (
            ("application", app_ids),
            ("requirement_item", [row[0] for row in items]),
            ("queue_ticket", [row[0] for row in tickets]),
        ):
            if ids:
                wanted.append(
                    and_(
                        col(AuditEvent.entity) == entity,
                        col(AuditEvent.entity_id).in_([str(i) for i in ids]),
                    )
                )
        rows = session.exec(
            select(AuditEvent, Operator.full_name)
            .join(Operator, col(Operator.id) == col(AuditEvent.operator_id), isouter=True)
            .where(or_(*wanted))
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.seq).desc())
            .limit(limit)
        ).all()
    entries = []
    for event, operator_name in rows:
        subject = subjects.get(event.entity_id, ("", ""))
        entries.append(
            HistoryEntry(
                at=event.at,
                operator=operator_name or "",
                action=event.action,
                entity=event.entity,
                changes=dict(event.changes or {}),
                subject_id=subject[0],
                subject_en=subject[1],
            )
        )
    return entries


def by_visit(entries: Iterable[HistoryEntry]) -> list[Visit]:
    """Entries grouped by local day, keeping their order (newest first)."""
    visits: list[Visit] = []
    for entry in entries:
        day = entry.local_at.date()
        if not visits or visits[-1].day != day:
            visits.append(Visit(day))
        visits[-1].entries.append(entry)
    return visits
