"""Optimistic concurrency: refuse a write based on a stale read, naming who changed it."""

from __future__ import annotations

from sqlmodel import Session

from ltsa_desk.db.models import Operator, Record
from ltsa_desk.services.errors import StaleRecord


def check_version(session: Session, record: Record, expected: int | None, entity: str) -> None:
    """``expected`` is the version the caller read; ``None`` means "not read first" (CLI)."""
    if expected is None or record.version == expected:
        return
    who = session.get(Operator, record.updated_by) if record.updated_by else None
    raise StaleRecord(
        entity=entity,
        changed_by=who.full_name if who else "?",
        changed_at=record.updated_at,
    )
