"""Merging a checked bundle into this database, in two steps inside one write transaction.

``Merge.check`` reads only: it decides, for every row and audit event, what will happen, and
refuses the whole bundle (``BundleRejected``) at the first thing that does not hold: a bundle
from this office, an office code held by another office, a sequence that does not follow,
a reference to a record nobody has, a unique number taken, a broken or forked audit chain.
``Merge.apply`` then writes the plan. Nothing is written when a check fails.

How one record merges, with ``history`` the content hashes a record had at each sync point:

- unknown here: inserted as it came (same UUID, same version);
- the same content: nothing to do;
- ours is in their history: they built on our version, so theirs replaces ours;
- theirs is in our history: an older version, ignored;
- neither: edited apart in two offices. Ours stays, theirs is kept beside it in a
  ``sync_conflict`` row for a supervisor (``resolve_conflict``).

A person (NIK) or P3MI (licence) registered apart in two offices has two UUIDs: their UUID is
mapped to ours (``sync_alias``), their later records attach to our record, and the differing
data become a conflict.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Table, bindparam, update
from sqlmodel import Session, col, select

from ltsa_desk import clock
from ltsa_desk.db.migrate import known_revisions
from ltsa_desk.db.models import (
    AuditEvent,
    Office,
    Operator,
    Role,
    SyncBundle,
    SyncConflict,
)
from ltsa_desk.services.access import Actor
from ltsa_desk.services.audit import append_event
from ltsa_desk.sync.aliases import ALIAS_TABLE, alias_columns, load_aliases, rewrite_references
from ltsa_desk.sync.content import Content, RemoteRow
from ltsa_desk.sync.entities import (
    AUDIT_PART,
    AUDIT_TABLE,
    BY_NAME,
    ENTITIES,
    RECORD,
    Entity,
    content_hash,
    encode_row,
    merge_history,
    same_business,
)
from ltsa_desk.sync.errors import BundleRejected
from ltsa_desk.sync.evidence import (
    ITEM,
    check_item_evidence,
    recompute_statuses,
    touched_applications,
)
from ltsa_desk.sync.state import (
    IMPORT,
    SyncState,
    bundle_at,
    chunks,
    insert_rows,
    last_bundle,
    rows_by_id,
    save_sync_states,
    sync_states,
)

#: Password hash of an operator stub: no password verifies against it.
STUB_PASSWORD = "!sync-stub"
EDITED_APART = "edited_apart"
SAME_KEY = "same_key"
#: Columns an aliased record keeps from our side when theirs is applied.
ALIAS_KEEPS = frozenset({"id", "office_id", "created_at"})


@dataclass
class ImportReport:
    source_code: str
    source_name: str
    sequence: int
    since: int
    already_imported: bool = False
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    audit_events: int = 0
    #: Applications whose status, derived from their items, differed from the row sent.
    recomputed: int = 0


@dataclass
class PendingConflict:
    entity: str
    record_id: uuid.UUID
    remote: RemoteRow
    local: dict[str, Any]
    kind: str


def _bump(counter: dict[str, int], name: str) -> None:
    counter[name] = counter.get(name, 0) + 1


class Merge:
    def __init__(self, session: Session, actor: Actor, content: Content) -> None:
        self.session = session
        self.actor = actor
        self.content = content
        manifest = content.manifest
        self.report = ImportReport(
            manifest.office.code, manifest.office.name, manifest.sequence, manifest.since
        )
        self.inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.updates: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.states: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
        self.conflicts: list[PendingConflict] = []
        self.new_aliases: list[dict[str, Any]] = []
        self.aliases: dict[str, dict[uuid.UUID, uuid.UUID]] = {}
        self.events: list[dict[str, Any]] = []
        self.codes: dict[uuid.UUID, str] = {}

    # --- checks (read only) ---------------------------------------------------------------

    def check(self) -> ImportReport:
        self._check_source()
        if self.report.already_imported:
            return self.report
        revision = self.content.manifest.schema_revision
        if revision not in known_revisions():
            raise BundleRejected("schema_newer", revision=revision)
        for entity in ENTITIES:
            if entity.kind == RECORD:
                self._plan_records(entity)
            else:
                self._plan_directory(entity)
        self._check_references()
        self._check_unique()
        self._plan_audit()
        written = {r["id"] for r in self.inserts[ITEM]} | {r["b_id"] for r in self.updates[ITEM]}
        check_item_evidence(self.session, self.content, written, self._aliases(ITEM))
        return self.report

    def _check_source(self) -> None:
        manifest = self.content.manifest
        source = manifest.office
        if source.id == self.actor.office_id:
            raise BundleRejected("own_office", code=source.code)
        offices = {row.id: row for row in self.content.rows["office"]}
        codes = {row.values["code"]: row.id for row in offices.values()}
        local = self.session.execute(
            select(col(Office.id), col(Office.code)).where(col(Office.code).in_(list(codes)))
        ).all()
        for office_id, code in local:
            if codes[code] != office_id:
                raise BundleRejected("office_code_clash", code=code)
        self.codes = {row.id: row.values["code"] for row in offices.values()}
        self.codes.update(dict(self._local_office_codes()))
        seen = bundle_at(self.session, IMPORT, source.id, manifest.sequence)
        if seen is not None:
            if seen.digest != self.content.digest:
                raise BundleRejected(
                    "sequence_reused", code=source.code, sequence=manifest.sequence
                )
            self.report.already_imported = True
            return
        last = last_bundle(self.session, IMPORT, source.id)
        last_sequence = last.sequence if last else 0
        if manifest.sequence <= last_sequence:
            raise BundleRejected(
                "superseded", code=source.code, sequence=manifest.sequence, last=last_sequence
            )
        if manifest.since > last_sequence + 1:
            raise BundleRejected(
                "out_of_sequence",
                code=source.code,
                expected=last_sequence + 1,
                got=manifest.since,
            )
        # The source office travels in its first bundle; later ones find it here already.
        listed = offices.get(source.id)
        known = listed.values["code"] if listed else self._local_code(source.id)
        if known != source.code:
            raise BundleRejected("office_mismatch", code=source.code)

    def _local_code(self, office_id: uuid.UUID) -> str | None:
        office = self.session.get(Office, office_id)
        return office.code if office else None

    def _local_office_codes(self) -> list[tuple[uuid.UUID, str]]:
        return [
            (row[0], row[1])
            for row in self.session.execute(select(col(Office.id), col(Office.code)))
        ]

    def _plan_directory(self, entity: Entity) -> None:
        """Offices and operators: the owning office's latest version wins; never ours."""
        rows = self.content.rows[entity.name]
        local = rows_by_id(self.session, entity.table, [r.id for r in rows])
        owner = entity.owner_column
        ours = self.actor.office_id
        taken = self._taken_usernames(rows) if entity.name == "operator" else set()
        for row in rows:
            existing = local.get(row.id)
            if row.values[owner] == ours or (existing is not None and existing[owner] == ours):
                _bump(self.report.unchanged, entity.name)
                continue
            if entity.name == "operator" and row.values["role"] not in {r.value for r in Role}:
                raise BundleRejected(
                    "row_invalid", part=entity.name, line=0, detail=f"role {row.values['role']}"
                )
            if existing is None:
                values = (
                    self._operator_stub(row, taken) if entity.name == "operator" else row.values
                )
                self.inserts[entity.name].append(values)
                _bump(self.report.inserted, entity.name)
            elif row.version > existing["version"]:
                changes = {k: v for k, v in row.values.items() if k not in ("id", "username")}
                if entity.name == "operator":
                    changes["updated_at"] = clock.now()
                self.updates[entity.name].append({"b_id": row.id, **changes})
                _bump(self.report.updated, entity.name)
            else:
                _bump(self.report.unchanged, entity.name)

    def _taken_usernames(self, rows: list[RemoteRow]) -> set[str]:
        wanted = [self._stub_name(r) for r in rows]
        found: set[str] = set()
        for part in chunks(wanted):
            found.update(
                self.session.exec(
                    select(col(Operator.username)).where(col(Operator.username).in_(part))
                )
            )
        return found

    def _stub_name(self, row: RemoteRow) -> str:
        code = self.codes.get(row.values["office_id"], "?")
        return f"{str(row.values['username'])[:40]}@{code}"

    def _operator_stub(self, row: RemoteRow, taken: set[str]) -> dict[str, Any]:
        """An inactive operator with no usable password: audit events can name who acted."""
        name = self._stub_name(row)
        if name in taken:
            name = f"{name}~{row.id.hex[:8]}"
        taken.add(name)
        stub = Operator(
            **{**row.values, "username": name},
            updated_at=row.values["created_at"],
            password_hash=STUB_PASSWORD,
            active=False,
        )
        return {column.name: getattr(stub, column.name) for column in Operator.__table__.columns}  # type: ignore[attr-defined]

    def _aliases(self, entity: str) -> dict[uuid.UUID, uuid.UUID]:
        if entity not in self.aliases:
            self.aliases[entity] = load_aliases(self.session, entity)
        return self.aliases[entity]

    def _rewritten(self, entity: Entity, values: dict[str, Any]) -> dict[str, Any]:
        if not alias_columns(entity):
            return values
        return rewrite_references(entity, values, self._aliases)

    def _as_they_would_write(
        self, entity: Entity, local: dict[str, Any], remote: dict[str, Any]
    ) -> dict[str, Any]:
        """Our row with references that we rewrote put back as theirs, to compare hashes."""
        out = dict(local)
        for column, target in alias_columns(entity).items():
            theirs = remote[column]
            rewritten = theirs is not None and theirs != local[column]
            if rewritten and self._aliases(target).get(theirs) == local[column]:
                out[column] = theirs
        return out

    def _by_natural_key(
        self, entity: Entity, rows: list[dict[str, Any]]
    ) -> dict[tuple[Any, ...], dict[str, Any]]:
        key = entity.natural_key
        wanted = {tuple(r[k] for k in key) for r in rows}
        if not wanted:
            return {}
        first = sorted({k[0] for k in wanted}, key=str)
        found: dict[tuple[Any, ...], dict[str, Any]] = {}
        table = entity.table
        for part in chunks(first):
            for row in self.session.execute(
                sa.select(table).where(table.c[key[0]].in_(part))
            ).mappings():
                candidate = tuple(row[k] for k in key)
                if candidate in wanted:
                    found[candidate] = dict(row)
        return found

    def _plan_records(self, entity: Entity) -> None:
        rows = self.content.rows[entity.name]
        aliases = self._aliases(entity.name)
        values = {r.id: self._rewritten(entity, r.values) for r in rows}
        targets = {r.id: aliases.get(r.id, r.id) for r in rows}
        local = rows_by_id(self.session, entity.table, targets.values())
        unmatched = [values[r.id] for r in rows if targets[r.id] not in local]
        by_key = self._by_natural_key(entity, unmatched) if entity.natural_key else {}
        states = sync_states(
            self.session,
            entity.name,
            [*targets.values(), *(row["id"] for row in by_key.values())],
        )
        new_keys: set[tuple[Any, ...]] = set()
        for row in rows:
            mine = values[row.id]
            target = targets[row.id]
            existing = local.get(target)
            kind = EDITED_APART if target == row.id else SAME_KEY
            if existing is None and entity.natural_key:
                natural = tuple(mine[k] for k in entity.natural_key)
                match = by_key.get(natural)
                if match is not None:
                    target, existing, kind = match["id"], match, SAME_KEY
                    aliases[row.id] = target
                    self.new_aliases.append(
                        {"entity": entity.name, "remote_id": row.id, "local_id": target}
                    )
                elif natural in new_keys:
                    raise BundleRejected(
                        "key_clash",
                        part=entity.name,
                        key="/".join(entity.natural_key),
                        value=str(natural[0]),
                    )
                else:
                    new_keys.add(natural)
            if existing is None:
                self._insert(entity, row, mine)
            else:
                self._merge(entity, row, mine, target, existing, states.get(target), kind)

    def _insert(self, entity: Entity, row: RemoteRow, mine: dict[str, Any]) -> None:
        self.inserts[entity.name].append(mine)
        history = row.history
        if mine is not row.values:  # references rewritten to our records: our hash differs
            history = merge_history(history, [content_hash(encode_row(entity.columns, mine))])
        self._state(entity, row.id, SyncState(history, None, None, row.version))
        _bump(self.report.inserted, entity.name)

    def _state(self, entity: Entity, record_id: uuid.UUID, state: SyncState) -> None:
        self.states[(entity.name, record_id)] = state.as_row(entity.name, record_id)

    def _merge(
        self,
        entity: Entity,
        row: RemoteRow,
        mine: dict[str, Any],
        target: uuid.UUID,
        existing: dict[str, Any],
        state: SyncState | None,
        kind: str,
    ) -> None:
        if row.history[-1] != row.hash:
            raise BundleRejected("row_invalid", part=entity.name, line=row.line, detail="history")
        ours = content_hash(encode_row(entity.columns, existing))
        ours_as_theirs = content_hash(
            encode_row(entity.columns, self._as_they_would_write(entity, existing, row.values))
        )
        stored = state or SyncState([], None, None, None)
        known = merge_history(stored.history, [ours])
        same = row.hash in (ours, ours_as_theirs) or (
            kind == SAME_KEY and same_business(encode_row(entity.columns, existing), row.encoded)
        )
        if same:
            if set(row.history) - set(known):
                stored.history = merge_history(known, row.history)
                self._state(entity, target, stored)
            _bump(self.report.unchanged, entity.name)
        elif ours in row.history or ours_as_theirs in row.history:
            keep = ALIAS_KEEPS if kind == SAME_KEY else frozenset({"id"})
            changes = {k: v for k, v in mine.items() if k not in keep}
            changes["version"] = max(int(existing["version"]) + 1, row.version)
            self.updates[entity.name].append({"b_id": target, **changes})
            applied = content_hash(encode_row(entity.columns, {**existing, **changes}))
            stored.history = merge_history(known, row.history, [applied])
            stored.imported_version = changes["version"]
            self._state(entity, target, stored)
            _bump(self.report.updated, entity.name)
        elif row.hash in known:
            _bump(self.report.unchanged, entity.name)
        else:
            local = encode_row(entity.columns, existing)
            self.conflicts.append(PendingConflict(entity.name, target, row, local, kind))
            self.report.conflicts += 1

    def _check_references(self) -> None:
        """Every reference written points at a row that exists here or arrives now."""
        needed: dict[Table, set[uuid.UUID]] = defaultdict(set)
        arriving: dict[Table, set[uuid.UUID]] = defaultdict(set)
        for entity in ENTITIES:
            arriving[entity.table].update(r["id"] for r in self.inserts[entity.name])
            written = [*self.inserts[entity.name], *self.updates[entity.name]]
            for fk in entity.table.foreign_keys:
                name = fk.parent.name
                needed[fk.column.table].update(r[name] for r in written if r.get(name) is not None)
        for events in self.content.chains.values():
            for event in events:
                needed[BY_NAME["office"].table].add(event["office_id"])
                if event["operator_id"] is not None:
                    needed[BY_NAME["operator"].table].add(event["operator_id"])
        for table, ids in needed.items():
            missing = ids - arriving[table]
            if missing:
                missing -= set(rows_by_id(self.session, table, missing))
            if missing:
                raise BundleRejected(
                    "missing_reference", part=table.name, value=str(sorted(missing, key=str)[0])
                )

    def _check_unique(self) -> None:
        """A unique number (registration number, username, …) written here is not taken."""
        for entity in ENTITIES:
            table = entity.table
            unique = {c.name for c in table.columns if c.unique}
            unique |= {
                index.columns[0].name
                for index in table.indexes
                if index.unique and len(index.columns) == 1
            }
            unique.discard("id")
            written = [
                *((r["id"], r) for r in self.inserts[entity.name]),
                *((r["b_id"], r) for r in self.updates[entity.name]),
            ]
            for column in sorted(unique):
                claims: dict[Any, uuid.UUID] = {}
                for record_id, values in written:
                    if column not in values or values[column] is None:
                        continue
                    value = values[column]
                    if claims.setdefault(value, record_id) != record_id:
                        raise BundleRejected(
                            "key_clash", part=entity.name, key=column, value=str(value)
                        )
                for part in chunks(list(claims)):
                    holders = self.session.execute(
                        sa.select(table.c.id, table.c[column]).where(table.c[column].in_(part))
                    ).all()
                    for holder, value in holders:
                        if claims[value] != holder:
                            raise BundleRejected(
                                "key_clash", part=entity.name, key=column, value=str(value)
                            )

    def _plan_audit(self) -> None:
        """Each office's events continue that office's chain here, or repeat it exactly."""
        for office_id, events in self.content.chains.items():
            code = self.codes.get(office_id, str(office_id))
            top = self.session.exec(
                select(AuditEvent)
                .where(col(AuditEvent.office_id) == office_id)
                .order_by(col(AuditEvent.seq).desc())
                .limit(1)
            ).first()
            top_seq = top.seq if top else 0
            repeated = [e for e in events if e["seq"] <= top_seq]
            if repeated:
                self._check_repeated(office_id, code, repeated)
            fresh = [e for e in events if e["seq"] > top_seq]
            if not fresh:
                continue
            if office_id == self.actor.office_id:
                raise BundleRejected("audit_fork", code=code, seq=fresh[0]["seq"])
            if fresh[0]["seq"] != top_seq + 1:
                raise BundleRejected(
                    "audit_gap", code=code, expected=top_seq + 1, got=fresh[0]["seq"]
                )
            if fresh[0]["prev_hash"] != (top.chain_hash if top else ""):
                raise BundleRejected("audit_fork", code=code, seq=fresh[0]["seq"])
            self.events.extend(fresh)
        self.report.audit_events = len(self.events)

    def _check_repeated(
        self, office_id: uuid.UUID, code: str, events: list[dict[str, Any]]
    ) -> None:
        table = AUDIT_TABLE
        local = {
            row[0]: (row[1], row[2])
            for row in self.session.execute(
                sa.select(table.c.seq, table.c.id, table.c.chain_hash).where(
                    table.c.office_id == office_id,
                    table.c.seq.between(events[0]["seq"], events[-1]["seq"]),
                )
            )
        }
        for event in events:
            if local.get(event["seq"]) != (event["id"], event["chain_hash"]):
                raise BundleRejected("audit_fork", code=code, seq=event["seq"])

    # --- writing --------------------------------------------------------------------------

    def apply(self, file_name: str) -> None:
        session = self.session
        for entity in ENTITIES:
            table = entity.table
            insert_rows(session, table, self.inserts[entity.name])
            by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
            for row in self.updates[entity.name]:
                by_shape[tuple(sorted(row))].append(row)
            for rows in by_shape.values():
                stmt = update(table).where(table.c.id == bindparam("b_id"))
                for part in chunks(rows):
                    session.execute(stmt, list(part))
        touched = touched_applications(self.inserts, self.updates)
        self.report.recomputed = recompute_statuses(session, touched)
        insert_rows(session, ALIAS_TABLE, self.new_aliases)
        save_sync_states(session, list(self.states.values()))
        self._save_conflicts()
        insert_rows(session, AUDIT_TABLE, self.events)
        manifest = self.content.manifest
        record = SyncBundle(
            bundle_id=manifest.bundle_id,
            direction=IMPORT,
            office_id=manifest.office.id,
            office_code=manifest.office.code,
            sequence=manifest.sequence,
            since=manifest.since,
            digest=self.content.digest,
            file_name=file_name[:300],
            operator_id=self.actor.operator_id,
            counts={name: len(rows) for name, rows in self.content.rows.items()}
            | {AUDIT_PART: self.content.event_count},
        )
        session.add(record)
        session.flush()
        append_event(
            session,
            actor=self.actor,
            action="sync.import",
            entity="sync_bundle",
            entity_id=record.id,
            changes={
                "source": [None, manifest.office.code],
                "sequence": [None, manifest.sequence],
                "inserted": self.report.inserted,
                "updated": self.report.updated,
                "conflicts": self.report.conflicts,
                "audit_events": self.report.audit_events,
                "recomputed": self.report.recomputed,
            },
        )

    def _save_conflicts(self) -> None:
        if not self.conflicts:
            return
        ids = [c.record_id for c in self.conflicts]
        open_ones: dict[tuple[str, uuid.UUID], SyncConflict] = {}
        for part in chunks(ids):
            for found in self.session.exec(
                select(SyncConflict).where(
                    col(SyncConflict.record_id).in_(part), col(SyncConflict.resolved_at).is_(None)
                )
            ):
                open_ones[(found.entity, found.record_id)] = found
        manifest = self.content.manifest
        for pending in self.conflicts:
            conflict = open_ones.get((pending.entity, pending.record_id))
            if conflict is None:
                conflict = SyncConflict(
                    entity=pending.entity,
                    record_id=pending.record_id,
                    remote_id=pending.remote.id,
                    kind=pending.kind,
                    source_office_id=manifest.office.id,
                    bundle_sequence=manifest.sequence,
                    local_data=pending.local,
                    updated_by=self.actor.operator_id,
                )
                open_ones[(pending.entity, pending.record_id)] = conflict
            # A later version from the other office replaces the earlier one in an open conflict.
            conflict.remote_id = pending.remote.id
            conflict.remote_data = pending.remote.encoded
            conflict.remote_history = pending.remote.history
            conflict.source_office_id = manifest.office.id
            conflict.bundle_sequence = manifest.sequence
            self.session.add(conflict)
        self.session.flush()
