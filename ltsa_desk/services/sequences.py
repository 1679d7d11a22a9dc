"""Per-office counters that stay unique without a network.

The counter row is incremented with one UPDATE inside the caller's transaction, so two desks on
the same database queue on the row lock and never hand out the same number.
"""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from ltsa_desk.db.models import Counter


def next_value(session: Session, office_id: uuid.UUID, name: str) -> int:
    bump = (
        update(Counter)
        .where(col(Counter.office_id) == office_id, col(Counter.name) == name)
        .values(value=col(Counter.value) + 1)
        .returning(col(Counter.value))
    )
    value = session.execute(bump).scalar_one_or_none()
    if value is not None:
        return int(value)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(Counter)
        .values(office_id=office_id, name=name, value=0)
        .on_conflict_do_nothing(index_elements=["office_id", "name"])
    )
    return int(session.execute(bump).scalar_one())


def registration_number(session: Session, office_id: uuid.UUID, office_code: str, year: int) -> str:
    """``KODE-2026-000123``: office code, year, then the office's sequence for that year."""
    seq = next_value(session, office_id, f"registration:{year}")
    return f"{office_code}-{year}-{seq:06d}"
