"""Appending audit events to a per-office hash chain.

Each event's hash covers its content and the previous event's hash, so editing or deleting a row
by hand breaks the chain at that point. The chain is extended inside the service's own
transaction: an action and its audit event are committed together or not at all.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Table, func
from sqlmodel import Session, SQLModel, col, select

from ltsa_desk import clock
from ltsa_desk.db import bulk
from ltsa_desk.db.models import AuditEvent
from ltsa_desk.services.access import Actor


def jsonable(value: Any) -> Any:
    """Values as they are written into an event: dates ISO, UUIDs and enums as strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: [before, after]}`` for the fields whose value differs."""
    changed: dict[str, Any] = {}
    for name, new in after.items():
        old = before.get(name)
        if jsonable(old) != jsonable(new):
            changed[name] = [jsonable(old), jsonable(new)]
    return changed


def event_hash(event: AuditEvent) -> str:
    payload = {
        "id": str(event.id),
        "office_id": str(event.office_id) if event.office_id else None,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "operator_id": str(event.operator_id) if event.operator_id else None,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "changes": event.changes,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


AUDIT_TABLE: Table = AuditEvent.__table__  # type: ignore[attr-defined]


def _chain_tip(session: Session, office: uuid.UUID | None) -> tuple[int, str]:
    """The seq and hash of the office's last event (0 and "" for an empty chain)."""
    office_filter = (
        col(AuditEvent.office_id) == office if office else col(AuditEvent.office_id).is_(None)
    )
    # Only the link is read: loading the whole last event (its changes JSON) costs more.
    last = session.execute(
        select(col(AuditEvent.seq), col(AuditEvent.chain_hash))
        .where(office_filter)
        .order_by(col(AuditEvent.seq).desc())
        .limit(1)
    ).first()
    return (last.seq, last.chain_hash) if last else (0, "")


def _linked(
    tip: tuple[int, str],
    office: uuid.UUID | None,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: uuid.UUID | str | None,
    changes: Mapping[str, Any] | None,
) -> AuditEvent:
    event = AuditEvent(
        office_id=office,
        seq=tip[0] + 1,
        at=clock.now(),
        operator_id=actor.operator_id if actor else None,
        action=action,
        entity=entity,
        entity_id=str(entity_id) if entity_id else "",
        changes=jsonable(dict(changes or {})),
        prev_hash=tip[1],
        chain_hash="",
    )
    event.chain_hash = event_hash(event)
    return event


def append_event(
    session: Session,
    *,
    action: str,
    entity: str,
    entity_id: uuid.UUID | str | None,
    changes: Mapping[str, Any] | None = None,
    actor: Actor | None = None,
    office_id: uuid.UUID | None = None,
) -> AuditEvent:
    """Add one event at the end of its office's chain."""
    office = actor.office_id if actor else office_id
    event = _linked(_chain_tip(session, office), office, actor, action, entity, entity_id, changes)
    session.add(event)
    session.flush()
    return event


def append_events(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    changes: Sequence[tuple[uuid.UUID | str, Mapping[str, Any]]],
) -> None:
    """Add one event per (entity id, changes) at the end of the actor's office chain, in
    order, written at once (COPY on PostgreSQL): a bulk import's trail, as ``append_event``
    would write it one by one."""
    tip = _chain_tip(session, actor.office_id)
    rows = []
    for entity_id, change in changes:
        event = _linked(tip, actor.office_id, actor, action, entity, entity_id, change)
        tip = (event.seq, event.chain_hash)
        rows.append(row_of(event))
    bulk.insert_rows(session.connection(), AUDIT_TABLE, rows)


def row_of(record: SQLModel) -> dict[str, Any]:
    """A record's column values, as a bulk insert takes them."""
    table: Table = record.__table__  # type: ignore[attr-defined]
    return {column.name: getattr(record, column.name) for column in table.columns}


def count_events(session: Session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


@dataclass(frozen=True)
class ChainBreak:
    """The first event at which an office's chain no longer holds."""

    office_id: uuid.UUID | None
    seq: int
    event_id: uuid.UUID | None
    reason: str  # "hash" (content edited), "link" (previous event edited or deleted), "gap"


def verify_chain(session: Session) -> list[ChainBreak]:
    """Recompute every office's chain; one break per office at most, the first one.

    Detects a row edited by hand (its hash no longer matches its content), a row deleted (the
    next row's ``prev_hash`` or ``seq`` no longer follows) and a row inserted out of order.
    """
    breaks: list[ChainBreak] = []
    events = session.exec(
        select(AuditEvent).order_by(col(AuditEvent.office_id), col(AuditEvent.seq))
    ).all()
    current_office: object = object()
    previous: AuditEvent | None = None
    broken = False
    for event in events:
        if event.office_id != current_office:
            current_office, previous, broken = event.office_id, None, False
        if broken:
            continue
        reason = None
        expected_seq = previous.seq + 1 if previous else 1
        expected_prev = previous.chain_hash if previous else ""
        if event.seq != expected_seq:
            reason = "gap"
        elif event.prev_hash != expected_prev:
            reason = "link"
        elif event_hash(event) != event.chain_hash:
            reason = "hash"
        if reason:
            breaks.append(ChainBreak(event.office_id, event.seq, event.id, reason))
            broken = True
        previous = event
    return breaks
