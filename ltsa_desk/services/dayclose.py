"""End-of-day close: the supervisor signs off an office's day.

Closing stores the day's totals as they stand and appends a ``day.close`` audit event. Records
of the day are not frozen (a correction must stay possible), but any change made to them after
the close, and any record added to the day afterwards, is flagged in the following recaps
(``ltsa_desk.reports.closes``).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import DayClose, Operator
from ltsa_desk.reports.period import Period
from ltsa_desk.reports.recap import recap_in_session
from ltsa_desk.reports.scope import resolve_scope
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.audit_anchor import record_heads
from ltsa_desk.services.errors import ServiceError, ValidationFailed
from ltsa_desk.services.summary import local_day_in_utc
from ltsa_desk.services.text import check_text
from ltsa_desk.services.tx import write


class DayAlreadyClosed(ServiceError):
    key = "reports.day_already_closed"


class DayInFuture(ServiceError):
    key = "reports.day_in_future"


def close_day(
    db: Database, actor: Actor, day: date, *, note: str = "", today: date | None = None
) -> DayClose:
    """Close ``day`` for the actor's office; a day can be closed once, and not before it begins."""
    require(actor, "close_day")
    if day > (today or clock.today()):
        raise DayInFuture(day=day.strftime("%d-%m-%Y"))
    clean_note, findings = check_text(note, "note", max_length=500)
    if findings:
        raise ValidationFailed(findings)
    starts_at, ends_at = local_day_in_utc(day)
    with write(db) as session:
        existing = session.exec(
            select(DayClose).where(
                col(DayClose.office_id) == actor.office_id, col(DayClose.service_date) == day
            )
        ).first()
        if existing is not None:
            closer = session.get(Operator, existing.closed_by)
            raise DayAlreadyClosed(
                day=day.strftime("%d-%m-%Y"),
                name=closer.full_name if closer else "?",
                at=clock.local(existing.closed_at).strftime("%d-%m-%Y %H:%M"),
            )
        scope = resolve_scope(session, actor)
        figures = recap_in_session(session, scope, Period.day(day), check_closes=False).totals()
        close = DayClose(
            office_id=actor.office_id,
            service_date=day,
            starts_at=starts_at,
            ends_at=ends_at,
            closed_at=clock.now(),
            closed_by=actor.operator_id,
            note=clean_note,
            figures=figures,
            updated_by=actor.operator_id,
        )
        session.add(close)
        session.flush()
        append_event(
            session,
            actor=actor,
            action="day.close",
            entity="day_close",
            entity_id=close.id,
            changes={
                "service_date": [None, day],
                "figures": [None, figures],
                **({"note": [None, clean_note]} if clean_note else {}),
            },
        )
    # The closed day's chain head, outside the database: a deleted tail shows at the next check.
    record_heads(db, "day_close", [actor.office_id])
    return close


def get_close(db: Database, office_id: uuid.UUID, day: date) -> DayClose | None:
    with db.read() as session:
        return session.exec(
            select(DayClose).where(
                col(DayClose.office_id) == office_id, col(DayClose.service_date) == day
            )
        ).first()
