"""Records edited apart in two offices: both versions shown, a supervisor keeps one.

Resolving writes the chosen content under the supervisor's name, with a new version whose
history holds both sides. The next bundle carries it, and the other office, which holds one of
the two versions, takes it as a plain update instead of meeting the conflict again. The
conflict row keeps both versions as they were, and an audit event records the choice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Office, SyncConflict
from ltsa_desk.identity import mask_nik
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.errors import NotFound, StaleRecord
from ltsa_desk.services.tx import write
from ltsa_desk.services.versioning import check_version
from ltsa_desk.sync.aliases import load_aliases, rewrite_references
from ltsa_desk.sync.entities import (
    BOOKKEEPING,
    BY_NAME,
    Entity,
    content_hash,
    encode_row,
    merge_history,
    row_decoder,
)
from ltsa_desk.sync.errors import SyncError
from ltsa_desk.sync.merge import ALIAS_KEEPS, SAME_KEY
from ltsa_desk.sync.state import SyncState, rows_by_id, save_sync_states, sync_states

Keep = Literal["local", "remote"]


@dataclass(frozen=True)
class FieldDifference:
    name: str
    local: Any
    remote: Any


@dataclass(frozen=True)
class ConflictView:
    id: uuid.UUID
    version: int
    entity: str
    record_id: uuid.UUID
    kind: str
    source_office_code: str
    bundle_sequence: int
    detected_at: datetime
    #: Our record as it is now (as it was when detected, once resolved), and theirs.
    local: dict[str, Any]
    remote: dict[str, Any]
    differences: list[FieldDifference]
    resolved_at: datetime | None
    resolution: str


def _view(conflict: SyncConflict, local: dict[str, Any] | None, office_code: str) -> ConflictView:
    shown = local if local is not None and conflict.resolved_at is None else conflict.local_data
    remote = conflict.remote_data
    names = [n for n in remote if n not in BOOKKEEPING]
    return ConflictView(
        id=conflict.id,
        version=conflict.version,
        entity=conflict.entity,
        record_id=conflict.record_id,
        kind=conflict.kind,
        source_office_code=office_code,
        bundle_sequence=conflict.bundle_sequence,
        detected_at=conflict.created_at,
        local=shown,
        remote=remote,
        differences=[
            FieldDifference(n, shown.get(n), remote.get(n))
            for n in names
            if shown.get(n) != remote.get(n)
        ],
        resolved_at=conflict.resolved_at,
        resolution=conflict.resolution,
    )


def _current(session: Any, conflict: SyncConflict) -> dict[str, Any] | None:
    entity = BY_NAME[conflict.entity]
    row = rows_by_id(session, entity.table, [conflict.record_id]).get(conflict.record_id)
    return encode_row(entity.columns, row) if row is not None else None


def _office_codes(session: Any) -> dict[uuid.UUID, str]:
    return {row[0]: row[1] for row in session.execute(select(col(Office.id), col(Office.code)))}


def list_conflicts(
    db: Database, actor: Actor, *, include_resolved: bool = False, limit: int = 100
) -> list[ConflictView]:
    """Open conflicts first, oldest first; at most ``limit``."""
    require(actor, "view_records")
    with db.read() as session:
        query = select(SyncConflict)
        if not include_resolved:
            query = query.where(col(SyncConflict.resolved_at).is_(None))
        conflicts = session.exec(
            query.order_by(
                col(SyncConflict.resolved_at).is_not(None), col(SyncConflict.created_at)
            ).limit(limit)
        ).all()
        codes = _office_codes(session)
        return [
            _view(c, _current(session, c), codes.get(c.source_office_id, "?")) for c in conflicts
        ]


def get_conflict(db: Database, actor: Actor, conflict_id: uuid.UUID) -> ConflictView:
    require(actor, "view_records")
    with db.read() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None:
            raise NotFound(entity="sync_conflict", key_value=str(conflict_id))
        code = _office_codes(session).get(conflict.source_office_id, "?")
        return _view(conflict, _current(session, conflict), code)


def _their_values(session: Any, entity: Entity, conflict: SyncConflict) -> dict[str, Any]:
    """Their version, typed, with references to aliased records pointed at ours."""
    values = row_decoder(entity.table, entity.columns)(conflict.remote_data)
    return rewrite_references(entity, values, lambda name: load_aliases(session, name))


def resolve_conflict(
    db: Database,
    actor: Actor,
    conflict_id: uuid.UUID,
    keep: Keep,
    *,
    expected_version: int | None = None,
) -> ConflictView:
    """Keep our version (``local``) or theirs (``remote``) of a record edited apart."""
    require(actor, "resolve_sync_conflict")
    if keep not in ("local", "remote"):
        raise SyncError("sync.keep_choice", keep=str(keep))
    try:
        with write(db) as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None:
                raise NotFound(entity="sync_conflict", key_value=str(conflict_id))
            check_version(session, conflict, expected_version, "sync_conflict")
            if conflict.resolved_at is not None:
                raise SyncError("sync.conflict_closed")
            entity = BY_NAME[conflict.entity]
            table = entity.table
            local = rows_by_id(session, table, [conflict.record_id]).get(conflict.record_id)
            if local is None:
                raise NotFound(entity=conflict.entity, key_value=str(conflict.record_id))
            now = clock.now()
            changes: dict[str, Any] = {}
            if keep == "remote":
                kept = ALIAS_KEEPS if conflict.kind == SAME_KEY else frozenset({"id"})
                theirs = _their_values(session, entity, conflict)
                changes = {k: v for k, v in theirs.items() if k not in kept}
            changes.update(updated_at=now, updated_by=actor.operator_id)
            changes["version"] = int(local["version"]) + 1
            done = session.execute(
                update(table)
                .where(table.c.id == conflict.record_id, table.c.version == local["version"])
                .values(**changes)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise StaleRecord(entity=conflict.entity, changed_by="?", changed_at=now)
            before = encode_row(entity.columns, local)
            after = encode_row(entity.columns, {**local, **changes})
            state = sync_states(session, entity.name, [conflict.record_id]).get(
                conflict.record_id
            ) or SyncState([], None, None, None)
            state.history = merge_history(
                state.history,
                [content_hash(before)],
                list(conflict.remote_history or []),
                [content_hash(after)],
            )
            state.imported_version = None
            save_sync_states(session, [state.as_row(entity.name, conflict.record_id)])
            conflict.resolved_at = now
            conflict.resolved_by = actor.operator_id
            conflict.resolution = keep
            conflict.updated_by = actor.operator_id
            session.add(conflict)
            append_event(
                session,
                actor=actor,
                action="sync.conflict_resolve",
                entity=conflict.entity,
                entity_id=conflict.record_id,
                changes={
                    "keep": [None, keep],
                    "conflict": [None, str(conflict.id)],
                    **_differences(before, after),
                },
            )
            session.flush()
            code = _office_codes(session).get(conflict.source_office_id, "?")
            return _view(conflict, after, code)
    except IntegrityError as exc:
        raise SyncError("sync.resolve_clash", entity=conflict_id) from exc


def _differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    changed = {
        name: [before.get(name), value]
        for name, value in after.items()
        if name not in BOOKKEEPING and before.get(name) != value
    }
    if "nik" in changed:
        changed["nik"] = [mask_nik(str(v)) if v else v for v in changed["nik"]]
    return changed
