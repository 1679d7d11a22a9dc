"""Appending audit events to a per-office hash chain.

Each event's hash covers its content and the previous event's hash, so editing or deleting a row
by hand breaks the chain at that point. The chain is extended inside the service's own
transaction: an action and its audit event are committed together or not at all.

The hash is plain SHA-256, so any office can check a chain it received; a forger could
recompute it. So each event of an office with a key (``office_keys``) also carries a MAC of its
hash under the office's secret: a chain rewritten with recomputed hashes fails on the MAC. An
older chain made before keying verifies by hash alone up to where its key's ``keyed_from``
starts.
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
from ltsa_desk.db.models import AuditEvent, OfficeKey
from ltsa_desk.services.access import Actor
from ltsa_desk.services.office_keys import chain_mac, mac_holds, own_key, own_keys

_MAC_KEYS = "ltsa_desk.audit_mac_keys"


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
    key: OfficeKey | None,
) -> AuditEvent:
    """The next event after ``tip``, hashed into the chain and keyed with the office's MAC."""
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
    event.mac = chain_mac(key, event.chain_hash) if key is not None else ""
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
    key = _mac_key(session, office)
    event = _linked(
        _chain_tip(session, office), office, actor, action, entity, entity_id, changes, key
    )
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
    key = _mac_key(session, actor.office_id)
    rows = []
    for entity_id, change in changes:
        event = _linked(tip, actor.office_id, actor, action, entity, entity_id, change, key)
        tip = (event.seq, event.chain_hash)
        rows.append(row_of(event))
    bulk.insert_rows(session.connection(), AUDIT_TABLE, rows)


def row_of(record: SQLModel) -> dict[str, Any]:
    """A record's column values, as a bulk insert takes them."""
    table: Table = record.__table__  # type: ignore[attr-defined]
    return {column.name: getattr(record, column.name) for column in table.columns}


def _mac_key(session: Session, office: uuid.UUID | None) -> OfficeKey | None:
    """The office's active key, read once per transaction (``forget_mac_key`` after a change)."""
    if office is None:
        return None
    cache: dict[uuid.UUID, OfficeKey | None] = session.info.setdefault(_MAC_KEYS, {})
    if office not in cache:
        cache[office] = own_key(session, office)
    return cache[office]


def forget_mac_key(session: Session, office: uuid.UUID) -> None:
    session.info.get(_MAC_KEYS, {}).pop(office, None)


def count_events(session: Session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


@dataclass(frozen=True)
class ChainBreak:
    """The first event at which an office's chain no longer holds."""

    office_id: uuid.UUID | None
    seq: int
    event_id: uuid.UUID | None
    #: "hash" (content edited), "link" (previous event edited or deleted), "gap", "mac" (the
    #: chain was rewritten with recomputed hashes, or its MAC removed), "tail" (events after
    #: a chain head recorded outside the database are gone), "anchor" (that head differs)
    reason: str


def _keyed(keyed_from: dict[uuid.UUID, int], event: AuditEvent) -> bool:
    return event.office_id in keyed_from and event.seq >= keyed_from[event.office_id]


def verify_chain(session: Session) -> list[ChainBreak]:
    """Recompute every office's chain; one break per office at most, the first one.

    Detects a row edited by hand (its hash no longer matches its content), a row deleted (the
    next row's ``prev_hash`` or ``seq`` no longer follows), a row inserted out of order, and,
    for the chains of offices whose key is held here, a chain rewritten with recomputed hashes
    (the MAC no longer matches). A deleted tail is found against the chain heads recorded
    outside the database (``audit_anchor.check_anchors``).
    """
    keys = own_keys(session)
    keyed_from: dict[uuid.UUID, int] = {}
    for key in keys.values():
        start = key.keyed_from or 1
        keyed_from[key.office_id] = min(keyed_from.get(key.office_id, start), start)
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
        elif _keyed(keyed_from, event) and not mac_holds(keys, event.chain_hash, event.mac):
            reason = "mac"
        if reason:
            breaks.append(ChainBreak(event.office_id, event.seq, event.id, reason))
            broken = True
        previous = event
    return breaks
