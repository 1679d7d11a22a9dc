"""Online backups of the SQLite database with the SQLite backup API.

A backup is only worth something if it restores, so every copy is checked with
``PRAGMA integrity_check`` right after it is written, and is created readable by its owner only.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ltsa_desk import clock
from ltsa_desk.progress import Progress

if TYPE_CHECKING:
    from ltsa_desk.db.engine import Database

_REASON = re.compile(r"[^a-z0-9-]+")


class BackupError(Exception):
    pass


def backup_dir_for(db_path: Path, configured: Path | None = None) -> Path:
    return configured if configured is not None else db_path.parent / "backups"


def integrity_ok(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return row is not None and row[0] == "ok"


#: Pages copied per step when someone watches the progress (16 MiB of 4 KiB pages). Without a
#: watcher the copy is one step: a write by another desk restarts a stepped copy.
PROGRESS_PAGES = 4096


def backup_sqlite_file(
    source: Path,
    dest_dir: Path,
    reason: str,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Copy a live SQLite database, consistently, into ``dest_dir``; returns the new file."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or clock.local_now()).strftime("%Y%m%d-%H%M%S-%f")
    label = _REASON.sub("-", reason.lower()).strip("-") or "manual"
    target = dest_dir / f"{source.stem}-{stamp}-{label}.sqlite"
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        if progress is None:
            src.backup(dst)
        else:

            def step(_status: int, remaining: int, total: int) -> None:
                progress(total - remaining, total)

            src.backup(dst, pages=PROGRESS_PAGES, progress=step)
    finally:
        dst.close()
        src.close()
    if not integrity_ok(target):
        target.unlink(missing_ok=True)
        raise BackupError(f"backup failed its integrity check: {target}")
    return target


def rotate(dest_dir: Path, stem: str, keep: int) -> list[Path]:
    """Delete the oldest backups of ``stem`` beyond ``keep``; returns what was deleted."""
    backups = sorted(dest_dir.glob(f"{stem}-*.sqlite"))
    doomed = backups[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup_database(
    database: Database, *, reason: str, dest_dir: Path | None = None
) -> Path | None:
    """Back up an SQLite database; PostgreSQL is backed up by its own tools (pg_dump)."""
    path = database.path
    if path is None or not path.exists():
        return None
    return backup_sqlite_file(path, backup_dir_for(path, dest_dir), reason)
