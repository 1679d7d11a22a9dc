"""Backups an office can rely on: daily at the first login, on demand, rotated, and restorable.

Backups use SQLite's online backup API, so they are consistent while desks keep working, and
each one is checked with ``integrity_check`` before it counts. Restoring keeps a safety copy of
the current database first, so a wrong restore can itself be undone.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ltsa_desk import clock
from ltsa_desk.db.backup import (
    BackupError,
    backup_dir_for,
    backup_sqlite_file,
    integrity_ok,
    rotate,
)
from ltsa_desk.db.engine import SQLITE_HEADER, Database
from ltsa_desk.db.migrate import known_revisions
from ltsa_desk.progress import Progress
from ltsa_desk.services.access import Actor
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.errors import ServiceError
from ltsa_desk.services.tx import write

DAILY = "daily"


class BackupUnavailable(ServiceError):
    key = "services.backup_unavailable"


class RestoreRefused(ServiceError):
    key = "services.restore_refused"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path


def _db_path(db: Database) -> Path:
    path = db.path
    if path is None:
        raise BackupUnavailable(url=db.engine.url.render_as_string(hide_password=True))
    return path


def backup_now(
    db: Database,
    actor: Actor | None,
    *,
    reason: str = "manual",
    dest_dir: Path | None = None,
    keep: int = 14,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Back up, check, rotate, and record who did it (``progress`` counts the pages copied)."""
    path = _db_path(db)
    folder = backup_dir_for(path, dest_dir)
    target = backup_sqlite_file(path, folder, reason, now=now, progress=progress)
    rotate(folder, path.stem, keep)
    with write(db) as session:
        append_event(
            session,
            actor=actor,
            action="backup",
            entity="database",
            entity_id=None,
            changes={"file": [None, target.name], "reason": [None, reason]},
        )
    return target


def daily_backup_if_due(
    db: Database,
    actor: Actor | None,
    *,
    dest_dir: Path | None = None,
    keep: int = 14,
    today: date | None = None,
) -> Path | None:
    """The day's first login makes the day's backup; later logins find it and do nothing."""
    path = db.path
    if path is None:
        return None
    folder = backup_dir_for(path, dest_dir)
    stamp = (today or clock.today()).strftime("%Y%m%d")
    if any(folder.glob(f"{path.stem}-{stamp}-*-{DAILY}.sqlite")):
        return None
    return backup_now(db, actor, reason=DAILY, dest_dir=dest_dir, keep=keep)


def check_backup_file(candidate: Path) -> None:
    """Refuse anything that is not a whole LTSA Desk database this release can open."""
    if not candidate.is_file():
        raise RestoreRefused(path=str(candidate), why="missing")
    with candidate.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise RestoreRefused(path=str(candidate), why="not_sqlite")
    if not integrity_ok(candidate):
        raise RestoreRefused(path=str(candidate), why="corrupt")
    conn = sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        conn.close()
    if row is None or row[0] not in known_revisions():
        raise RestoreRefused(path=str(candidate), why="not_ltsa")


def _safety_copy(target: Path, folder: Path) -> Path:
    """A consistent copy when the database reads; the raw bytes (and WAL) when it is damaged."""
    try:
        return backup_sqlite_file(target, folder, "before-restore")
    except (BackupError, sqlite3.DatabaseError):
        folder.mkdir(parents=True, exist_ok=True)
        stamp = clock.local_now().strftime("%Y%m%d-%H%M%S-%f")
        copy = folder / f"{target.stem}-{stamp}-before-restore-damaged.sqlite"
        for suffix in ("", "-wal"):
            source = Path(f"{target}{suffix}")
            if source.exists():
                shutil.copyfile(source, Path(f"{copy}{suffix}"))
                Path(f"{copy}{suffix}").chmod(0o600)
        return copy


def restore(target: Path, candidate: Path, *, dest_dir: Path | None = None) -> RestoreResult:
    """Replace the database at ``target`` with ``candidate`` after keeping a safety copy.

    Desks must be closed while this runs; the copy goes through the backup API so the WAL and
    the main file stay consistent.
    """
    check_backup_file(candidate)
    folder = backup_dir_for(target, dest_dir)
    safety = _safety_copy(target, folder) if target.exists() else None
    source = sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    target.chmod(0o600)
    if not integrity_ok(target):  # pragma: no cover - the copy was checked above
        raise RestoreRefused(path=str(candidate), why="corrupt")
    return RestoreResult(candidate, safety or candidate)
