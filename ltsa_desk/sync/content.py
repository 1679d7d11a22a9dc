"""A bundle's rows, checked and typed: every value against its column, every record's history,
and each office's audit events as an unbroken hash chain. No database is needed for this."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace
from typing import Any, cast

from ltsa_desk.db.models import AuditEvent
from ltsa_desk.services.audit import event_hash
from ltsa_desk.sync.bundle import Manifest, RawBundle
from ltsa_desk.sync.entities import (
    AUDIT_COLUMNS,
    AUDIT_PART,
    AUDIT_TABLE,
    ENTITIES,
    RECORD,
    ColumnsDiffer,
    Entity,
    content_hash,
    row_decoder,
)
from ltsa_desk.sync.errors import BundleRejected

_HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class RemoteRow:
    """One row as another office sent it."""

    values: dict[str, Any]
    encoded: dict[str, Any]
    line: int
    history: list[str] = field(default_factory=list)

    @cached_property
    def hash(self) -> str:
        """Worked out only where a row meets one of ours: a new row needs no comparison."""
        return content_hash(self.encoded)

    @property
    def id(self) -> uuid.UUID:
        value: uuid.UUID = self.values["id"]
        return value

    @property
    def version(self) -> int:
        return int(self.values["version"])


@dataclass
class Content:
    manifest: Manifest
    digest: str
    rows: dict[str, list[RemoteRow]]
    #: Audit events, typed, per office id, in ``seq`` order.
    chains: dict[uuid.UUID, list[dict[str, Any]]]

    @property
    def event_count(self) -> int:
        return sum(len(events) for events in self.chains.values())


def decode(raw: RawBundle) -> Content:
    rows = {entity.name: _entity_rows(entity, raw.parts[entity.name]) for entity in ENTITIES}
    chains = _chains(raw.parts[AUDIT_PART])
    through = {str(office): events[-1]["seq"] for office, events in chains.items()}
    if through != raw.manifest.audit_through:
        raise BundleRejected("audit_chain", office="*", seq=0, detail="manifest")
    return Content(raw.manifest, raw.digest, rows, chains)


def _invalid(part: str, line: int, detail: str) -> BundleRejected:
    return BundleRejected("row_invalid", part=part, line=line, detail=detail[:200])


def _entity_rows(entity: Entity, lines: list[Any]) -> list[RemoteRow]:
    decode_record = row_decoder(entity.table, entity.columns)
    seen: set[uuid.UUID] = set()
    result = []
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, dict) or "record" not in line:
            raise _invalid(entity.name, number, "record")
        try:
            values = decode_record(line["record"])
        except ColumnsDiffer as exc:
            raise BundleRejected("schema_mismatch", part=entity.name, detail=str(exc)) from exc
        except ValueError as exc:
            raise _invalid(entity.name, number, str(exc)) from exc
        row = RemoteRow(values, line["record"], number)
        if entity.kind == RECORD:
            # The last hash must be the row's own; ``merge`` checks that where it matters.
            history = line.get("history")
            valid = (
                isinstance(history, list)
                and bool(history)
                and all(isinstance(h, str) and _HASH.match(h) for h in history)
            )
            if not valid:
                raise _invalid(entity.name, number, "history")
            row.history = [str(h) for h in history or []]
        if row.id in seen:
            raise _invalid(entity.name, number, f"id {row.id} twice")
        seen.add(row.id)
        result.append(row)
    return result


def _chains(lines: list[Any]) -> dict[uuid.UUID, list[dict[str, Any]]]:
    decode_event = row_decoder(AUDIT_TABLE, AUDIT_COLUMNS)
    chains: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for number, line in enumerate(lines, start=1):
        try:
            event = decode_event(line)
        except ColumnsDiffer as exc:
            raise BundleRejected("schema_mismatch", part=AUDIT_PART, detail=str(exc)) from exc
        except ValueError as exc:
            raise _invalid(AUDIT_PART, number, str(exc)) from exc
        if event["office_id"] is None or not isinstance(event["changes"], dict):
            raise _invalid(AUDIT_PART, number, "office_id")
        chains.setdefault(event["office_id"], []).append(event)
    for office, events in chains.items():
        events.sort(key=lambda e: e["seq"])
        _check_chain(office, events)
    return chains


def _check_chain(office: uuid.UUID, events: list[dict[str, Any]]) -> None:
    """Each event hashes to its ``chain_hash`` and follows the one before it."""
    previous: dict[str, Any] | None = None
    for event in events:
        # event_hash reads the event's attributes only: a plain namespace spares building
        # thousands of ORM objects for a large bundle.
        if event_hash(cast(AuditEvent, SimpleNamespace(**event))) != event["chain_hash"]:
            raise BundleRejected("audit_chain", office=str(office), seq=event["seq"], detail="hash")
        if previous is not None and (
            event["seq"] != previous["seq"] + 1 or event["prev_hash"] != previous["chain_hash"]
        ):
            raise BundleRejected("audit_chain", office=str(office), seq=event["seq"], detail="link")
        previous = event
