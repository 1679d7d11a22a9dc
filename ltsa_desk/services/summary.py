"""Today's figures for the desk's home screen: registered today, completed today, waiting.

Timestamps are stored in UTC while "today" is the desk's local day (WIB, WITA or WIT), so the
local day is turned into a UTC range before counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application, ApplicationStatus
from ltsa_desk.services.access import Actor, require


@dataclass(frozen=True, slots=True)
class DeskSummary:
    registered_today: int
    #: Placement plans of this office that are complete and were last changed today.
    complete_today: int
    #: Open placement plans of this office still waiting for documents.
    waiting_documents: int


def local_day_in_utc(day: date) -> tuple[datetime, datetime]:
    """Start and end of the desk's local ``day`` as UTC instants."""
    return clock.day_bounds(day)


def desk_summary(db: Database, actor: Actor, *, today: date | None = None) -> DeskSummary:
    require(actor, "view_records")
    start, end = local_day_in_utc(today or clock.today())
    with db.read() as session:
        registered = session.exec(
            select(func.count())
            .select_from(Applicant)
            .where(
                col(Applicant.office_id) == actor.office_id,
                col(Applicant.created_at) >= start,
                col(Applicant.created_at) < end,
            )
        ).one()
        complete = session.exec(
            select(func.count())
            .select_from(Application)
            .where(
                col(Application.office_id) == actor.office_id,
                col(Application.status) == ApplicationStatus.COMPLETE,
                col(Application.updated_at) >= start,
                col(Application.updated_at) < end,
            )
        ).one()
        waiting = session.exec(
            select(func.count())
            .select_from(Application)
            .where(
                col(Application.office_id) == actor.office_id,
                col(Application.status) == ApplicationStatus.IN_PROGRESS,
            )
        ).one()
    return DeskSummary(registered, complete, waiting)
