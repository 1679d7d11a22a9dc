"""What travels in a bundle: the tables in the order their references need, and how a row
becomes JSON and back.

Two kinds of table travel. *Records* (P3MI, applicants, applications, requirement items) may be
edited in any office: they merge by UUID, and a record edited apart in two offices becomes a
conflict. *Directory* rows (offices and their operators) belong to their own office: the
owner's latest version wins, and a bundle never changes this office's own directory. Operators
travel without password hashes or lockout state; on arrival they are inactive stubs that exist
so that audit events can name who acted.

Queue tickets, counters, day closes and hand-off state are office-local and do not travel.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Column, Table, TypeDecorator

from ltsa_desk.db.models import (
    Applicant,
    Application,
    AuditEvent,
    Office,
    Operator,
    P3mi,
    RequirementItem,
)

RECORD = "record"
DIRECTORY = "directory"
AUDIT_PART = "audit_event"
#: Hashes kept per record: enough to recognise versions that went round between offices.
HISTORY_LIMIT = 32
#: What an operator stub carries: no password hash, no lockout or login times.
OPERATOR_COLUMNS = ("id", "created_at", "version", "office_id", "username", "full_name", "role")


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


@dataclass(frozen=True)
class Entity:
    name: str
    table: Table
    kind: str
    columns: tuple[str, ...]
    #: Columns that identify the same person or company registered apart in two offices.
    natural_key: tuple[str, ...] = ()
    #: For directory rows: the column naming the owning office.
    owner_column: str = ""


def _all_columns(model: Any) -> tuple[str, ...]:
    return tuple(c.name for c in _table(model).columns)


ENTITIES: tuple[Entity, ...] = (
    Entity("office", _table(Office), DIRECTORY, _all_columns(Office), owner_column="id"),
    Entity("operator", _table(Operator), DIRECTORY, OPERATOR_COLUMNS, owner_column="office_id"),
    Entity("p3mi", _table(P3mi), RECORD, _all_columns(P3mi), natural_key=("licence_number",)),
    Entity("applicant", _table(Applicant), RECORD, _all_columns(Applicant), natural_key=("nik",)),
    Entity("application", _table(Application), RECORD, _all_columns(Application)),
    Entity(
        "requirement_item",
        _table(RequirementItem),
        RECORD,
        _all_columns(RequirementItem),
        natural_key=("application_id", "document_code"),
    ),
)
BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}
AUDIT_TABLE = _table(AuditEvent)
AUDIT_COLUMNS = _all_columns(AuditEvent)
PART_NAMES: tuple[str, ...] = (*(e.name for e in ENTITIES), AUDIT_PART)


def _utc_iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


#: By exact type: a dict lookup per value keeps 10,000-record bundles quick.
_ENCODERS: dict[type, Callable[[Any], Any]] = {
    datetime: _utc_iso,
    date: date.isoformat,
    uuid.UUID: str,
}


def encode_value(value: Any) -> Any:
    """A column value as JSON: UUIDs and dates as strings, datetimes in UTC ISO form."""
    encoder = _ENCODERS.get(type(value))
    if encoder is not None:
        return encoder(value)
    if isinstance(value, Enum):
        return value.value
    return value


def encode_row(columns: tuple[str, ...], row: Mapping[Any, Any]) -> dict[str, Any]:
    return {name: encode_value(row[name]) for name in columns}


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(encoded: Mapping[str, Any]) -> str:
    """The record's content without its key and version: the same in every office and engine."""
    content = {k: v for k, v in encoded.items() if k not in ("id", "version")}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


#: Columns that say who stored a row where and when, not what it says.
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "updated_by", "office_id"})


def same_business(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """Two rows saying the same thing, whoever stored them where and when."""
    names = (set(ours) | set(theirs)) - BOOKKEEPING
    return all(ours.get(n) == theirs.get(n) for n in names)


def merge_history(*histories: list[str]) -> list[str]:
    """Union in order of first appearance, keeping the most recent ``HISTORY_LIMIT`` hashes."""
    merged = list(dict.fromkeys(h for history in histories for h in history))
    return merged[-HISTORY_LIMIT:]


Decoder = Callable[[Any], Any]


class ColumnsDiffer(ValueError):
    """A row made by a release whose table has other columns than ours."""


def _python_type(column: Column[Any]) -> type:
    kind = column.type
    if isinstance(kind, TypeDecorator):  # UTC datetimes: the stored type says what travels
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:  # pragma: no cover - every column here has one
        return object


def _as_uuid(value: Any) -> uuid.UUID:
    if type(value) is not str:
        raise TypeError("not a UUID")
    return uuid.UUID(value)


def _as_datetime(value: Any) -> datetime:
    if type(value) is not str:
        raise TypeError("not a time")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("time without zone")
    return parsed.astimezone(UTC)


def _as_date(value: Any) -> date:
    if type(value) is not str:
        raise TypeError("not a date")
    return date.fromisoformat(value)


def _exactly(kind: type) -> Decoder:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise TypeError(f"not a {kind.__name__}")
        return value

    return check


def _any_json(value: Any) -> Any:
    return value


def _text_decoder(name: str, nullable: bool, length: int | None) -> Decoder:
    """Text is most of a row: checked in one call per value."""

    def decode(value: Any) -> Any:
        if type(value) is str:
            if length is not None and len(value) > length:
                raise ValueError(f"{name}: longer than {length}")
            if "\x00" in value:  # PostgreSQL cannot store it, and no desk can type it
                raise ValueError(f"{name}: NUL character")
            return value
        if value is None and nullable:
            return None
        raise ValueError(f"{name}: not text")

    return decode


def column_decoder(column: Column[Any]) -> Decoder:
    """Checks a JSON value against the column and turns it into what the table stores."""
    name = column.name
    nullable = bool(column.nullable)
    if isinstance(column.type, JSON):
        convert: Decoder = _any_json
    else:
        kind = _python_type(column)
        if kind is str:
            return _text_decoder(name, nullable, getattr(column.type, "length", None))
        converters: dict[type, Decoder] = {
            uuid.UUID: _as_uuid,
            datetime: _as_datetime,
            date: _as_date,
            bool: _exactly(bool),
            int: _exactly(int),
        }
        if kind not in converters:  # pragma: no cover - no such column in a synced table
            raise TypeError(f"{name}: {kind}")
        convert = converters[kind]

    def decode(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise ValueError(f"{name}: empty")
        try:
            return convert(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: {exc}") from None

    return decode


def row_decoder(table: Table, columns: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    """Decodes one JSON object holding exactly ``columns`` of ``table``."""
    decoders = {name: column_decoder(table.c[name]) for name in columns}
    expected = set(columns)

    def decode(raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        if set(raw) != expected:
            missing = sorted(expected - set(raw))
            extra = sorted(set(raw) - expected)
            raise ColumnsDiffer(f"missing {missing}, unknown {extra}")
        return {name: decoders[name](raw[name]) for name in columns}

    return decode
