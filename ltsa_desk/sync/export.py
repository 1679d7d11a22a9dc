"""Writing a bundle: the records changed or received here since the last export, the audit
events not yet sent, under this office's next sequence number.

"Changed since the last export" is decided by each record's version against the version last
written into a bundle, never by a clock: desks whose clocks disagree lose nothing. A record
received from another office is passed on too, so a province can forward district records to
the centre. ``since`` re-sends everything that went out from bundle ``since`` on, for an office
that lost a bundle or starts receiving late (``since=1``: everything).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import and_, or_
from sqlmodel import Session, col, func, select

from ltsa_desk import __version__, clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import head_revision
from ltsa_desk.db.models import AuditEvent, Office, SyncBundle
from ltsa_desk.progress import Progress, silent
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.audit_anchor import record_heads
from ltsa_desk.services.errors import NotFound
from ltsa_desk.services.office_keys import own_key
from ltsa_desk.services.tx import write
from ltsa_desk.sync import bundle, crypto
from ltsa_desk.sync.entities import (
    AUDIT_COLUMNS,
    AUDIT_PART,
    ENTITIES,
    RECORD,
    Entity,
    content_hash,
    encode_row,
    merge_history,
)
from ltsa_desk.sync.errors import SyncError
from ltsa_desk.sync.signing import signed
from ltsa_desk.sync.state import (
    EXPORT,
    SYNC_RECORD,
    bundle_at,
    last_bundle,
    save_sync_states,
)


@dataclass(frozen=True)
class ExportReport:
    path: Path
    sequence: int
    since: int
    counts: dict[str, int]
    audit_events: int
    encrypted: bool


def bundle_file_name(office_code: str, sequence: int, *, encrypted: bool) -> str:
    return f"ltsa-sync-{office_code}-{sequence:06d}.zip{'.enc' if encrypted else ''}"


def export_bundle(
    db: Database,
    actor: Actor,
    *,
    output: Path | None = None,
    output_dir: Path | None = None,
    since: int | None = None,
    passphrase: str | None = None,
    progress: Progress = silent,
) -> ExportReport:
    """Write the next bundle of this office; the database records it only if the file is
    safely on disk, and the file is removed again if the database cannot record it.
    ``progress`` counts the tables read, then the file written."""
    require(actor, "sync_export")
    written: Path | None = None
    try:
        with write(db) as session:
            office = session.get(Office, actor.office_id)
            if office is None:
                raise NotFound(entity="office", key_value=str(actor.office_id))
            if own_key(session, office.id) is None:  # before anything is prepared
                raise SyncError("sync.no_office_key")
            previous = last_bundle(session, EXPORT, office.id)
            sequence = (previous.sequence if previous else 0) + 1
            first = sequence if since is None else since
            base = _audit_base(session, office.id, first, sequence)
            bundle_id = uuid.uuid4()
            parts: dict[str, list[Any]] = {}
            marks: list[dict[str, Any]] = []
            steps = len(ENTITIES) + 1
            for done, entity in enumerate(ENTITIES):
                progress(done, steps)
                parts[entity.name] = _changed_rows(session, entity, sequence, first, marks)
            progress(len(ENTITIES), steps)
            counts = {name: len(rows) for name, rows in parts.items()}
            append_event(
                session,
                actor=actor,
                action="sync.export",
                entity="sync_bundle",
                entity_id=bundle_id,
                changes={"sequence": [None, sequence], "since": [None, first], "rows": counts},
            )
            events, carried, through = _audit_events(session, base)
            parts[AUDIT_PART] = events
            now = clock.now()
            data, _manifest, digest = bundle.build(
                {
                    "format": bundle.FORMAT,
                    "format_version": bundle.FORMAT_VERSION,
                    "bundle_id": bundle_id,
                    "office": {"id": office.id, "code": office.code, "name": office.name},
                    "sequence": sequence,
                    "since": first,
                    "created_at": now,
                    "created_by": actor.username,
                    "schema_revision": head_revision(),
                    "app_version": __version__,
                    "audit_through": carried,
                },
                parts,
                lambda manifest_bytes: signed(session, office, manifest_bytes),
            )
            if passphrase:
                data = crypto.encrypt(data, passphrase)
            name = bundle_file_name(office.code, sequence, encrypted=bool(passphrase))
            target = _target(output, output_dir, name)
            bundle.write_file(target, data)
            written = target
            progress(steps, steps)
            save_sync_states(session, marks)
            session.add(
                SyncBundle(
                    bundle_id=bundle_id,
                    direction=EXPORT,
                    office_id=office.id,
                    office_code=office.code,
                    sequence=sequence,
                    since=first,
                    digest=digest,
                    file_name=target.name,
                    at=now,
                    operator_id=actor.operator_id,
                    counts={**counts, AUDIT_PART: len(events)},
                    audit_through=through,
                )
            )
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    # The chain head this bundle carries, also kept outside the database (``audit_anchor``).
    record_heads(db, "export", [office.id])
    return ExportReport(target, sequence, first, counts, len(events), bool(passphrase))


def _target(output: Path | None, output_dir: Path | None, name: str) -> Path:
    if output is not None:
        return output / name if output.is_dir() else output
    return (output_dir or Path.cwd()) / name


def _audit_base(
    session: Session, office_id: uuid.UUID, first: int, sequence: int
) -> dict[str, int]:
    """Where the audit events of a bundle starting at ``first`` begin, per office."""
    if not 1 <= first <= sequence:
        raise SyncError("sync.since_range", last=sequence - 1)
    if first == 1:
        return {}
    before = bundle_at(session, EXPORT, office_id, first - 1)
    if before is None:
        raise SyncError("sync.since_range", last=sequence - 1)
    return dict(before.audit_through or {})


def _changed_rows(
    session: Session, entity: Entity, sequence: int, first: int, marks: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows of one table to send, and (in ``marks``) their new sync state."""
    table = entity.table
    state = SYNC_RECORD
    joined = table.outerjoin(
        state, and_(state.c.entity == entity.name, state.c.record_id == table.c.id)
    )
    stmt = sa.select(
        table,
        state.c.history.label("_history"),
        state.c.exported_version.label("_exported_version"),
        state.c.exported_seq.label("_exported_seq"),
        state.c.imported_version.label("_imported_version"),
    ).select_from(joined)
    resent = state.c.exported_seq >= first if first < sequence else None
    if entity.kind == RECORD:
        pending = or_(
            state.c.exported_version.is_(None), table.c.version != state.c.exported_version
        )
        stmt = stmt.where(or_(pending, resent) if resent is not None else pending)
    rows = []
    for row in session.execute(stmt.order_by(table.c.id)).mappings():
        encoded = encode_row(entity.columns, row)
        if entity.name == "operator":
            # A stub received from another office goes on under its own name ("budi@KEBUMEN").
            encoded["username"] = str(encoded["username"]).split("@")[0]
        digest = content_hash(encoded)
        stored = list(row["_history"] or [])
        if entity.kind != RECORD:
            resend = first == 1 or (first < sequence and (row["_exported_seq"] or 0) >= first)
            if stored[-1:] == [digest] and not resend:
                continue
        history = merge_history(stored, [digest])
        line: dict[str, Any] = {"record": encoded}
        if entity.kind == RECORD:
            line["history"] = history
        rows.append(line)
        marks.append(
            {
                "entity": entity.name,
                "record_id": row["id"],
                "history": history,
                "exported_version": row["version"],
                "exported_seq": sequence,
                "imported_version": row["_imported_version"],
            }
        )
    return rows


def _audit_events(
    session: Session, base: dict[str, int]
) -> tuple[list[dict[str, Any]], dict[str, int], dict[str, int]]:
    """Events after ``base`` for every office's chain; what they carry; the new watermark."""
    tops = session.execute(
        select(col(AuditEvent.office_id), func.max(col(AuditEvent.seq)))
        .where(col(AuditEvent.office_id).is_not(None))
        .group_by(col(AuditEvent.office_id))
    ).all()
    events: list[dict[str, Any]] = []
    carried: dict[str, int] = {}
    through = dict(base)
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    for office_id, top in sorted(tops, key=lambda r: str(r[0])):
        start = base.get(str(office_id), 0)
        if top <= start:
            continue
        rows = session.execute(
            sa.select(table)
            .where(table.c.office_id == office_id, table.c.seq > start)
            .order_by(table.c.seq)
        ).mappings()
        events.extend(encode_row(AUDIT_COLUMNS, r) for r in rows)
        carried[str(office_id)] = int(top)
        through[str(office_id)] = int(top)
    return events, carried, through
