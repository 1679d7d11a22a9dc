"""The supervisor's view of the audit trail, filtered by applicant, operator and day.

Bounded in SQL like every list on the desk. The applicant filter reuses the applicant's file
history so that "what happened to this person's file" means the same on both screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent, Operator
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.history import HistoryEntry, applicant_history
from ltsa_desk.services.search import search_applicants

MAX_ROWS = 300


@dataclass(frozen=True)
class AuditFilter:
    applicant: str = ""  # registration number, NIK, passport or name, as in the search box
    operator: str = ""  # username
    day: date | None = None


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    """The desk's local day as UTC instants (events are stored in UTC)."""
    return clock.day_bounds(day)


def list_audit(
    db: Database, actor: Actor, flt: AuditFilter, *, limit: int = MAX_ROWS
) -> list[HistoryEntry]:
    """Events matching every filter given, newest first."""
    require(actor, "read_audit")
    operator_name = ""
    operator_id = None
    if flt.operator.strip():
        with db.read() as session:
            operator = session.exec(
                select(Operator).where(col(Operator.username) == flt.operator.strip().lower())
            ).first()
        if operator is None:
            return []
        operator_id, operator_name = operator.id, operator.full_name
    bounds = _day_bounds(flt.day) if flt.day else None
    if flt.applicant.strip():
        hits = search_applicants(db, flt.applicant, limit=1)
        if not hits:
            return []
        entries = applicant_history(db, actor, hits[0].applicant_id, limit=limit)
        return [
            e
            for e in entries
            if (not operator_name or e.operator == operator_name)
            and (bounds is None or bounds[0] <= _aware(e.at) < bounds[1])
        ]
    with db.read() as session:
        query = select(AuditEvent, Operator.full_name).join(
            Operator, col(Operator.id) == col(AuditEvent.operator_id), isouter=True
        )
        if operator_id is not None:
            query = query.where(col(AuditEvent.operator_id) == operator_id)
        if bounds is not None:
            query = query.where(col(AuditEvent.at) >= bounds[0], col(AuditEvent.at) < bounds[1])
        rows = session.exec(
            query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.seq).desc()).limit(limit)
        ).all()
    return [
        HistoryEntry(
            at=event.at,
            operator=name or "",
            action=event.action,
            entity=event.entity,
            changes=dict(event.changes or {}),
        )
        for event, name in rows
    ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
