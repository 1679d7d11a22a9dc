"""Online backups of the SQLite database with the SQLite backup API.

A backup is only worth something if it restores, so every copy is written under a temporary
name, switched out of WAL mode (a backup is one self-contained file: no ``-wal``/``-shm`` side
files), checked with ``PRAGMA integrity_check``, and only then given its ``.sqlite`` name. A copy
that fails on the way (a full disk, an error reading the source) leaves nothing behind, so a
failed backup can never be taken for a good one. Rotation counts good backups only and never
deletes the newest of them.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ltsa_desk import clock
from ltsa_desk.i18n import Lang, t
from ltsa_desk.progress import Progress

if TYPE_CHECKING:
    from ltsa_desk.db.engine import Database

_REASON = re.compile(r"[^a-z0-9-]+")
_HEADER = b"SQLite format 3\x00"
#: The side files SQLite may keep beside a database.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_FULL_MARKERS = ("database or disk is full", "no space left on device")


class BackupError(Exception):
    """A backup that could not be made; ``why`` names the catalog message ``db.backup_<why>``."""

    def __init__(self, why: str, **params: Any) -> None:
        super().__init__(f"backup {why}: {params}")
        self.why = why
        self.params = params

    def message(self, lang: Lang = "id") -> str:
        return t(f"db.backup_{self.why}", lang, **self.params)


def backup_dir_for(db_path: Path, configured: Path | None = None) -> Path:
    return configured if configured is not None else db_path.parent / "backups"


def integrity_ok(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        row = conn.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return row is not None and row[0] == "ok"


def looks_like_backup(path: Path) -> bool:
    """A non-empty SQLite file: what a finished backup always is (failed ones leave nothing).

    Cheap enough for every login's "is today's backup there?"; the full check ran when the
    backup was written, and runs again before it is restored.
    """
    try:
        with path.open("rb") as handle:
            return handle.read(len(_HEADER)) == _HEADER
    except OSError:
        return False


def remove_with_side_files(path: Path) -> None:
    for suffix in ("", *SIDE_SUFFIXES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _failure(exc: BaseException, folder: Path) -> BackupError:
    text = str(exc).lower()
    if any(marker in text for marker in _FULL_MARKERS) or getattr(exc, "errno", None) == 28:
        return BackupError("disk_full", folder=str(folder))
    if isinstance(exc, PermissionError):
        return BackupError("not_writable", folder=str(folder))
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return BackupError("no_folder", folder=str(folder))
    return BackupError("io", folder=str(folder), reason=str(exc)[:120])


#: Pages copied per step when someone watches the progress (16 MiB of 4 KiB pages). Without a
#: watcher the copy is one step: a write by another desk restarts a stepped copy.
PROGRESS_PAGES = 4096


def _copy(source: Path, partial: Path, progress: Progress | None) -> None:
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(partial)
        try:
            if progress is None:
                src.backup(dst)
            else:

                def step(_status: int, remaining: int, total: int) -> None:
                    progress(total - remaining, total)

                src.backup(dst, pages=PROGRESS_PAGES, progress=step)
            # The copy inherits the source's WAL mode; a backup is one file, with no side files.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite_file(
    source: Path,
    dest_dir: Path,
    reason: str,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Copy a live SQLite database, consistently, into ``dest_dir``; returns the new file.

    Raises ``BackupError`` (with a sentence for the operator) and leaves nothing behind when
    the copy cannot be made or does not pass its integrity check.
    """
    stamp = (now or clock.local_now()).strftime("%Y%m%d-%H%M%S-%f")
    label = _REASON.sub("-", reason.lower()).strip("-") or "manual"
    target = dest_dir / f"{source.stem}-{stamp}-{label}.sqlite"
    # Not matching "*.sqlite" until it is whole and checked: rotation and the daily check
    # never see a half-written copy.
    partial = dest_dir / f".{target.name}.partial"
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as exc:
        raise _failure(exc, dest_dir) from exc
    try:
        _copy(source, partial, progress)
        if not integrity_ok(partial):
            raise BackupError("unchecked", folder=str(dest_dir))
        partial.replace(target)
        _sync_folder(dest_dir)
    except BackupError:
        remove_with_side_files(partial)
        raise
    except (sqlite3.Error, OSError) as exc:
        remove_with_side_files(partial)
        raise _failure(exc, dest_dir) from exc
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after must not lose the name)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backups_of(dest_dir: Path, stem: str) -> list[Path]:
    """The good backups of ``stem`` in ``dest_dir``, oldest first (names sort by time)."""
    return [p for p in sorted(dest_dir.glob(f"{stem}-*.sqlite")) if looks_like_backup(p)]


def rotate(dest_dir: Path, stem: str, keep: int) -> list[Path]:
    """Delete the oldest good backups beyond the newest ``keep``; returns what was deleted.

    Only good backups count, so empty files left by an older release's failed backups never
    push a good one out; those empty files are removed, and side files whose database is gone
    with them. ``keep`` below 1 keeps one: rotation never deletes the last good backup.
    """
    keep = max(1, keep)
    doomed: list[Path] = []
    for path in sorted(dest_dir.glob(f"{stem}-*.sqlite")):
        with contextlib.suppress(OSError):
            if path.stat().st_size == 0:
                doomed.append(path)
    good = backups_of(dest_dir, stem)
    doomed.extend(good[:-keep])
    for path in doomed:
        remove_with_side_files(path)
    for suffix in SIDE_SUFFIXES:
        for side in dest_dir.glob(f"{stem}-*.sqlite{suffix}"):
            if not Path(str(side).removesuffix(suffix)).exists():
                side.unlink(missing_ok=True)
    return doomed


def backup_database(
    database: Database, *, reason: str, dest_dir: Path | None = None
) -> Path | None:
    """Back up an SQLite database; PostgreSQL is backed up by its own tools (pg_dump)."""
    path = database.path
    if path is None or not path.exists():
        return None
    return backup_sqlite_file(path, backup_dir_for(path, dest_dir), reason)
