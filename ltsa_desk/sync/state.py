"""What the database remembers about sync: per-record history, bundles written and applied."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Table, func
from sqlmodel import Session, col, select

from ltsa_desk.db import bulk
from ltsa_desk.db.models import SyncBundle, SyncRecord

EXPORT = "export"
IMPORT = "import"
#: Ids per IN (...) query: far below SQLite's and PostgreSQL's limits on bound parameters.
CHUNK = 500

SYNC_RECORD: Table = SyncRecord.__table__  # type: ignore[attr-defined]

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rows_by_id(
    session: Session, table: Table, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The current rows of ``table`` with these ids, as plain dicts."""
    wanted = list(dict.fromkeys(ids))
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for part in chunks(wanted):
        for row in session.execute(sa.select(table).where(table.c.id.in_(part))).mappings():
            found[row["id"]] = dict(row)
    return found


@dataclass
class SyncState:
    history: list[str]
    exported_version: int | None
    exported_seq: int | None
    imported_version: int | None

    def as_row(self, entity: str, record_id: uuid.UUID) -> dict[str, Any]:
        return {
            "entity": entity,
            "record_id": record_id,
            "history": self.history,
            "exported_version": self.exported_version,
            "exported_seq": self.exported_seq,
            "imported_version": self.imported_version,
        }


def sync_states(
    session: Session, entity: str, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, SyncState]:
    wanted = list(dict.fromkeys(ids))
    found: dict[uuid.UUID, SyncState] = {}
    for part in chunks(wanted):
        rows = session.execute(
            sa.select(SYNC_RECORD).where(
                SYNC_RECORD.c.entity == entity, SYNC_RECORD.c.record_id.in_(part)
            )
        ).mappings()
        for row in rows:
            found[row["record_id"]] = SyncState(
                list(row["history"] or []),
                row["exported_version"],
                row["exported_seq"],
                row["imported_version"],
            )
    return found


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """All rows at once: COPY on PostgreSQL, one executemany on SQLite (db/bulk.py)."""
    bulk.insert_rows(session.connection(), table, rows)


def save_sync_states(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert or replace sync history rows, all at once."""
    bulk.upsert_rows(
        session.connection(),
        SYNC_RECORD,
        rows,
        keys=("entity", "record_id"),
        updated=("history", "exported_version", "exported_seq", "imported_version"),
    )


def last_bundle(session: Session, direction: str, office_id: uuid.UUID) -> SyncBundle | None:
    return session.exec(
        select(SyncBundle)
        .where(col(SyncBundle.direction) == direction, col(SyncBundle.office_id) == office_id)
        .order_by(col(SyncBundle.sequence).desc())
        .limit(1)
    ).first()


def bundle_at(
    session: Session, direction: str, office_id: uuid.UUID, sequence: int
) -> SyncBundle | None:
    return session.exec(
        select(SyncBundle).where(
            col(SyncBundle.direction) == direction,
            col(SyncBundle.office_id) == office_id,
            col(SyncBundle.sequence) == sequence,
        )
    ).first()


def count(session: Session, stmt: Any) -> int:
    return int(session.execute(sa.select(func.count()).select_from(stmt.subquery())).scalar_one())
