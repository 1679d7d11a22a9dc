"""The write transaction every service uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import utcnow
from ltsa_desk.services.errors import StaleRecord


@contextmanager
def write(db: Database) -> Iterator[Session]:
    """``db.transaction()``, with a lost race on a record's version reported as ``StaleRecord``.

    The version check in ``check_version`` names who changed the record; this catches the rarer
    case of two desks saving in the same instant, which SQLAlchemy detects on UPDATE.
    """
    try:
        with db.transaction() as session:
            yield session
    except StaleDataError as exc:
        raise StaleRecord(entity="record", changed_by="?", changed_at=utcnow()) from exc
