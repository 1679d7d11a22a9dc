"""Closed days and the edits made to them after closing, from the audit trail.

A day's records are the applicants registered, plans opened and documents recorded during it.
After the supervisor closes the day, two things change its signed figures and are flagged:

- a record of that day changed later (an applicant corrected, a plan re-evaluated, a document's
  status changed again) — except a document verified on a later day after it was received,
  which is the normal next step and changes none of the closed day's figures;
- a record added to the day after the close (the counter kept working after closing time).

A recap reports both directions, each with work bounded by the recap's own period:

- for each closed day *inside* the period, every such change since its close (so re-reading a
  closed day's recap shows what changed since it was signed);
- for closed days *before* the period, the changes made *during* the period: the recap that
  follows an edit flags it, however old the day it touched.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Uuid, and_, bindparam, exists, func, literal, not_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from ltsa_desk.db.models import AuditEvent, DayClose, Operator

#: Audit actions that make a record of the day.
DAY_RECORD_ACTIONS = (
    "applicant.register",
    "applicant.import",
    "application.open",
    "document.record",
    "waive_item",
)
#: Audit actions that change such a record afterwards.
EDIT_ACTIONS = (
    "applicant.update",
    "application.update",
    "application.reevaluate",
    "application.reopen",
    "application.withdraw",
    "document.record",
    "waive_item",
)


@dataclass(frozen=True, slots=True)
class ClosedDay:
    day: date
    closed_at: datetime
    closed_by: str
    #: Changes made after the close to records of that day.
    edited_after_close: int
    #: Records added to that day after the close.
    added_after_close: int
    #: The totals as they were when the day was closed.
    figures: dict[str, Any]
    #: A day before the recap's period: the counts are of changes made during the period.
    earlier: bool = False

    @property
    def flagged(self) -> bool:
        return bool(self.edited_after_close or self.added_after_close)


def _forward_verification(event: Any) -> Any:
    """A document.record event moving an item from received to verified."""
    changes = col(event.changes)
    old = func.coalesce(changes[("status", 0)].as_string(), "")
    new = func.coalesce(changes[("status", 1)].as_string(), "")
    return and_(col(event.action) == "document.record", old == "received", new == "verified")


def _touched_before_close(event: Any) -> Any:
    """Events recording something on the closed day (the enclosing ``day_close`` row) before
    it was closed."""
    return and_(
        col(event.office_id) == col(DayClose.office_id),
        col(event.at) >= col(DayClose.starts_at),
        col(event.at) < col(DayClose.closed_at),
        col(event.at) < col(DayClose.ends_at),
        col(event.action).in_(DAY_RECORD_ACTIONS),
    )


def _same_entity(one: Any, other: Any) -> Any:
    return and_(col(one.entity) == col(other.entity), col(one.entity_id) == col(other.entity_id))


def _not_next_step(later: Any) -> Any:
    """Verified on a later day what was received: the closed day's figures do not change."""
    return not_(and_(_forward_verification(later), col(later.at) >= col(DayClose.ends_at)))


_CLOSE_COLUMNS = (
    col(DayClose.service_date),
    col(DayClose.closed_at),
    col(Operator.full_name),
    col(DayClose.figures),
)


@cache
def _own_days() -> Any:
    """Closed days of a period, each with every change since its close (correlated counts)."""
    early, later = aliased(AuditEvent), aliased(AuditEvent)
    edited = (
        select(func.count(func.distinct(col(later.id))))
        .select_from(early)
        .join(later, _same_entity(later, early))
        .where(
            _touched_before_close(early),
            col(later.at) > col(DayClose.closed_at),
            col(later.action).in_(EDIT_ACTIONS),
            _not_next_step(later),
        )
        .correlate(DayClose)
        .scalar_subquery()
    )
    early2, added_event = aliased(AuditEvent), aliased(AuditEvent)
    added = (
        select(func.count())
        .select_from(added_event)
        .where(
            col(added_event.office_id) == col(DayClose.office_id),
            col(added_event.at) > col(DayClose.closed_at),
            col(added_event.at) < col(DayClose.ends_at),
            col(added_event.action).in_(DAY_RECORD_ACTIONS),
            ~exists().where(_touched_before_close(early2), _same_entity(added_event, early2)),
        )
        .correlate(DayClose)
        .scalar_subquery()
    )
    return (
        select(*_CLOSE_COLUMNS, edited, added)
        .join(Operator, col(Operator.id) == col(DayClose.closed_by))
        .where(
            col(DayClose.office_id) == bindparam("office_id", type_=Uuid()),
            col(DayClose.service_date) >= bindparam("first"),
            col(DayClose.service_date) <= bindparam("last"),
        )
        .order_by(col(DayClose.service_date))
    )


@cache
def _earlier_days() -> Any:
    """Closed days before a period whose records were changed during it.

    Driven by the period's events: each is matched to an earlier event on the same record,
    and that one to the closed day containing it (one index seek on ``day_close``).
    """
    later, early = aliased(AuditEvent), aliased(AuditEvent)
    office = bindparam("office_id", type_=Uuid())
    containing = (
        select(col(DayClose.id))
        .where(col(DayClose.office_id) == office, col(DayClose.starts_at) <= col(early.at))
        .order_by(col(DayClose.starts_at).desc())
        .limit(1)
        .correlate(early)
        .scalar_subquery()
    )
    return (
        select(*_CLOSE_COLUMNS, func.count(func.distinct(col(later.id))), literal(0))
        .select_from(later)
        .join(early, _same_entity(later, early))
        .join(DayClose, col(DayClose.id) == containing)
        .join(Operator, col(Operator.id) == col(DayClose.closed_by))
        .where(
            col(later.office_id) == office,
            col(later.at) >= bindparam("start"),
            col(later.at) < bindparam("end"),
            col(later.action).in_(EDIT_ACTIONS),
            col(early.office_id) == office,
            col(early.at) < bindparam("start"),
            col(early.action).in_(DAY_RECORD_ACTIONS),
            col(early.at) < col(DayClose.closed_at),
            col(early.at) < col(DayClose.ends_at),
            col(later.at) > col(DayClose.closed_at),
            col(DayClose.service_date) < bindparam("first"),
            _not_next_step(later),
        )
        # Grouped by the two primary keys: every other column follows from them, and
        # PostgreSQL has no equality for ``json`` (``figures``) to group on.
        .group_by(col(DayClose.id), col(Operator.id))
        .order_by(col(DayClose.service_date))
    )


def _closes(rows: Sequence[Any], *, earlier: bool) -> list[ClosedDay]:
    return [
        ClosedDay(
            day=day,
            closed_at=closed_at,
            closed_by=str(closed_by),
            edited_after_close=int(edited),
            added_after_close=int(added),
            figures=dict(figures or {}),
            earlier=earlier,
        )
        for day, closed_at, closed_by, figures, edited, added in rows
    ]


def closed_days(conn: Connection, office_id: uuid.UUID, first: date, last: date) -> list[ClosedDay]:
    """The closed days from ``first`` to ``last``, each with every change since its close."""
    params = {"office_id": office_id, "first": first, "last": last}
    return _closes(conn.execute(_own_days(), params).all(), earlier=False)


def edits_to_earlier_days(
    conn: Connection, office_id: uuid.UUID, first: date, start: datetime, end: datetime
) -> list[ClosedDay]:
    """Closed days before ``first`` whose records were changed between ``start`` and ``end``
    (the recap's period), with the number of those changes."""
    params = {"office_id": office_id, "first": first, "start": start, "end": end}
    return _closes(conn.execute(_earlier_days(), params).all(), earlier=True)
