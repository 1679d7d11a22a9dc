"""The write transaction every service uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.services.errors import ServiceError, StaleRecord

_FULL_MARKERS = ("database or disk is full", "no space left on device")
_DAMAGE_MARKERS = ("malformed", "file is not a database")


class StorageFull(ServiceError):
    """The disk (or SQLite's page limit) is full; the transaction was rolled back whole."""

    key = "services.database_full"


class StorageUnavailable(ServiceError):
    key = "services.database_unavailable"


class StorageDamaged(ServiceError):
    """SQLite found damaged pages: nothing more is written, the operator is sent to restore."""

    key = "services.database_damaged"


@contextmanager
def write(db: Database) -> Iterator[Session]:
    """``db.transaction()``, with failures the operator can act on turned into clear errors.

    A lost race on a record's version becomes ``StaleRecord``; a full disk ``StorageFull``; a
    locked or unreachable database ``StorageUnavailable``; damaged pages ``StorageDamaged``
    (and no later write is tried on that database). The transaction is rolled back whole in
    every case, so nothing half-written remains.

    The version check in ``check_version`` names who changed the record; this catches the rarer
    case of two desks saving in the same instant, which SQLAlchemy detects on UPDATE.
    """
    if not db.writable():
        raise StorageDamaged(path=str(db.path or "-"))
    try:
        with db.transaction() as session:
            yield session
    except StaleDataError as exc:
        raise StaleRecord(entity="record", changed_by="?", changed_at=clock.now()) from exc
    except DatabaseError as exc:
        text = str(exc.orig).lower()
        if any(marker in text for marker in _FULL_MARKERS):
            raise StorageFull() from exc
        if any(marker in text for marker in _DAMAGE_MARKERS):
            db.damaged = True
            raise StorageDamaged(path=str(db.path or "-")) from exc
        if not isinstance(exc, OperationalError):
            raise
        # The first line only: PostgreSQL goes on with the statement (LINE 1: SELECT …).
        first_line = (str(exc.orig).strip().splitlines() or [""])[0]
        raise StorageUnavailable(reason=first_line[:120]) from exc
