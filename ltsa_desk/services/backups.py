"""Backups an office can rely on: daily at the first login, on demand, rotated, and restorable.

Backups use SQLite's online backup API, so they are consistent while desks keep working, and
each one is checked with ``integrity_check`` before it counts. Restoring is for a supervisor or
an admin: the backup is checked first (an intact LTSA Desk database whose tables are those of its
schema revision and whose audit chain holds), a safety copy of the current database is kept, and
the restore itself is recorded in the restored database with what it rolled back (the counts and
the chain heads of the database it replaced), so that a rollback never erases its own trace.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from ltsa_desk import clock
from ltsa_desk.db.backup import (
    BackupError,
    backup_dir_for,
    backup_sqlite_file,
    backups_of,
    integrity_ok,
    remove_with_side_files,
    rotate,
)
from ltsa_desk.db.engine import SQLITE_HEADER, Database
from ltsa_desk.db.migrate import known_revisions, open_database, upgrade
from ltsa_desk.db.models import Office, Operator
from ltsa_desk.progress import Progress
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event, verify_chain
from ltsa_desk.services.audit_anchor import anchor_file, record_heads
from ltsa_desk.services.auth import verify_credentials
from ltsa_desk.services.errors import ServiceError
from ltsa_desk.services.tx import write

DAILY = "daily"
#: What a restore reports as rolled back: table → label in the audit event.
COUNTED_TABLES = ("applicant", "application", "requirement_item", "audit_event")


class BackupUnavailable(ServiceError):
    key = "services.backup_unavailable"


class RestoreRefused(ServiceError):
    """A backup (or a place to restore to) refused before anything was changed.

    ``why`` picks the sentence: ``services.restore_refused_<why>``.
    """

    key = "services.restore_refused_not_ltsa"

    def __init__(self, *, path: str, why: str) -> None:
        super().__init__(f"services.restore_refused_{why}", path=path, why=why)


@dataclass(frozen=True)
class DatabaseSummary:
    """What a database holds, as a restore reports it: row counts and each office's chain head."""

    counts: dict[str, int] = field(default_factory=dict)
    chain_heads: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None
    replaced: DatabaseSummary
    restored: DatabaseSummary


def _db_path(db: Database) -> Path:
    path = db.path
    if path is None:
        raise BackupUnavailable(url=db.engine.url.render_as_string(hide_password=True))
    return path


def _make_backup(
    db: Database,
    actor: Actor | None,
    *,
    reason: str,
    dest_dir: Path | None,
    keep: int,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
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


def backup_now(
    db: Database,
    actor: Actor,
    *,
    reason: str = "manual",
    dest_dir: Path | None = None,
    keep: int = 14,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Back up, check, rotate, and record who did it (a supervisor or an admin);
    ``progress`` counts the pages copied."""
    require(actor, "back_up_database")
    return _make_backup(
        db, actor, reason=reason, dest_dir=dest_dir, keep=keep, now=now, progress=progress
    )


def daily_backup_if_due(
    db: Database,
    actor: Actor,
    *,
    dest_dir: Path | None = None,
    keep: int = 14,
    today: date | None = None,
) -> Path | None:
    """The day's first login makes the day's backup; later logins find it and do nothing.

    Only a good backup counts as the day's: an empty file left by a failed one does not.
    """
    require(actor, "view_records")
    path = db.path
    if path is None:
        return None
    folder = backup_dir_for(path, dest_dir)
    stamp = (today or clock.today()).strftime("%Y%m%d")
    if any(p.name.endswith(f"-{DAILY}.sqlite") for p in backups_of(folder, f"{path.stem}-{stamp}")):
        return None
    return _make_backup(db, actor, reason=DAILY, dest_dir=dest_dir, keep=keep)


# --- checking a backup --------------------------------------------------------------------


@cache
def _schema_of(revision: str) -> dict[str, frozenset[str]]:
    """Tables and their columns at a schema revision, from the migrations on a scratch database."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        upgrade(Database("sqlite://", engine), revision)
        inspector = inspect(engine)
        return {
            table: frozenset(c["name"] for c in inspector.get_columns(table))
            for table in inspector.get_table_names()
        }
    finally:
        engine.dispose()


def _read_only(path: Path) -> Any:
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True),
        poolclass=StaticPool,
    )


def check_backup_file(candidate: Path) -> None:
    """Refuse anything that is not a whole LTSA Desk database this release can open.

    ``candidate`` must be a file no one else uses (``restore`` checks a private copy): the
    checks below read it only, and refuse it when its tables are not those of its schema
    revision (a dropped audit table) or its audit chain does not hold.
    """
    if not candidate.is_file():
        raise RestoreRefused(path=str(candidate), why="missing")
    with candidate.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise RestoreRefused(path=str(candidate), why="not_sqlite")
    if not integrity_ok(candidate):
        raise RestoreRefused(path=str(candidate), why="corrupt")
    with closing(sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            row = None
    if row is None or row[0] not in known_revisions():
        raise RestoreRefused(path=str(candidate), why="not_ltsa")
    expected = _schema_of(row[0])
    engine = _read_only(candidate)
    try:
        inspector = inspect(engine)
        present = set(inspector.get_table_names())
        for table, columns in expected.items():
            if table not in present:
                raise RestoreRefused(path=str(candidate), why="schema")
            if not columns <= {c["name"] for c in inspector.get_columns(table)}:
                raise RestoreRefused(path=str(candidate), why="schema")
        with Session(engine) as session:
            if verify_chain(session):
                raise RestoreRefused(path=str(candidate), why="audit_chain")
    except sqlite3.DatabaseError as exc:  # pragma: no cover - integrity_check passed above
        raise RestoreRefused(path=str(candidate), why="corrupt") from exc
    finally:
        engine.dispose()


def summarise(path: Path) -> DatabaseSummary:
    """Counts and chain heads of an SQLite database; empty where it cannot be read (damaged)."""
    counts: dict[str, int] = {}
    heads: dict[str, str] = {}
    if not path.is_file():
        return DatabaseSummary()
    with suppress(sqlite3.Error), closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
        for table in COUNTED_TABLES:
            counts[table] = int(c.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for office, seq, chain_hash in c.execute(
            "SELECT e.office_id, e.seq, e.chain_hash FROM audit_event e WHERE e.seq = "
            "(SELECT max(f.seq) FROM audit_event f WHERE f.office_id IS e.office_id)"
        ):
            heads[str(uuid.UUID(hex=office)) if office else "-"] = f"{seq}:{chain_hash}"
    return DatabaseSummary(counts, heads)


# --- restoring ----------------------------------------------------------------------------


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


@contextmanager
def _staged(candidate: Path, target: Path) -> Iterator[Path]:
    """A private copy of the backup beside the target, in rollback-journal mode.

    The checks and the restore read this copy, never the backup itself: checking a backup in
    place would leave ``-wal``/``-shm`` files in the backup folder, and a file someone changes
    between the check and the copy would be restored unchecked.
    """
    if not candidate.is_file():
        raise RestoreRefused(path=str(candidate), why="missing")
    staged = target.parent / f".{target.name}.restoring"
    try:
        shutil.copyfile(candidate, staged)
        staged.chmod(0o600)
        with suppress(sqlite3.Error), closing(sqlite3.connect(staged)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
        yield staged
    finally:
        remove_with_side_files(staged)


def actor_in_backup(candidate: Path, username: str, password: str) -> Actor:
    """The account as the backup knows it, checked on a private copy, writing nothing."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "candidate.sqlite"
        with _staged(candidate, scratch) as staged:
            check_backup_file(staged)
            engine = _read_only(staged)
            try:
                return verify_credentials(Database("sqlite://", engine), username, password)
            finally:
                engine.dispose()


def restore(
    target: Path, candidate: Path, actor: Actor, *, dest_dir: Path | None = None
) -> RestoreResult:
    """Replace the database at ``target`` with ``candidate`` after keeping a safety copy.

    Desks must be closed while this runs; the copy goes through the backup API so the WAL and
    the main file stay consistent. The restored database gets a ``database.restore`` audit event
    naming the backup, the safety copy, and the counts and chain heads of what was replaced.
    """
    require(actor, "restore_backup")
    if not target.parent.is_dir():
        raise RestoreRefused(path=str(target.parent), why="no_folder")
    with _staged(candidate, target) as staged:
        check_backup_file(staged)
        replaced = summarise(target)
        folder = backup_dir_for(target, dest_dir)
        safety = _safety_copy(target, folder) if target.exists() else None
        with closing(sqlite3.connect(staged)) as source, closing(sqlite3.connect(target)) as dest:
            source.backup(dest)
    target.chmod(0o600)
    _record_restore(target, candidate, safety, replaced, actor, folder)
    return RestoreResult(candidate, safety, replaced, summarise(target))


def _record_restore(
    target: Path,
    candidate: Path,
    safety: Path | None,
    replaced: DatabaseSummary,
    actor: Actor,
    folder: Path,
) -> None:
    """The restore as an audit event of the restored database, and its chain anchored anew.

    The anchor file beside the database holds the heads of the chain that was replaced: it
    moves beside the safety copy (whose chain it anchors, kept as evidence), and the restored
    chain, restore event included, is anchored from here on (``audit_anchor.record_heads``).
    """
    restored = summarise(target)
    changes: dict[str, Any] = {
        "file": [None, candidate.name],
        "safety_copy": [None, safety.name if safety else None],
        "restored_by": [None, actor.username],
    }
    for table in COUNTED_TABLES:
        changes[table] = [replaced.counts.get(table), restored.counts.get(table)]
    changes["chain_heads"] = [replaced.chain_heads, restored.chain_heads]
    db = open_database(str(target), create=False)
    try:
        with write(db) as session:
            # The restoring account may be younger than the backup: then the office signs.
            known = session.get(Operator, actor.operator_id) is not None
            office = actor.office_id if session.get(Office, actor.office_id) else None
            append_event(
                session,
                actor=actor if known else None,
                office_id=office,
                action="database.restore",
                entity="database",
                entity_id=None,
                changes=changes,
            )
        anchors = anchor_file(db)
        if anchors.exists():
            kept = folder / f"{(safety or target).name}.anchors"
            folder.mkdir(parents=True, exist_ok=True)
            anchors.replace(kept)
        record_heads(db, "restore")
    finally:
        db.dispose()
