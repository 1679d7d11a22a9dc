"""Opening, creating, refusing and tuning the SQLite database."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ltsa_desk.db.engine import Database, DatabaseError
from ltsa_desk.db.migrate import current_revision, head_revision, open_database
from ltsa_desk.demo import build_demo
from tests.conftest import seed


def test_new_database_is_private_and_tuned(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "desk.sqlite"
    db = open_database(str(path))
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert current_revision(db) == head_revision()
    finally:
        db.dispose()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is a spreadsheet, not a database")
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(str(path))
    assert caught.value.message_key == "db.not_sqlite"
    assert path.read_bytes() == before


def test_a_database_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    open_database(str(path)).dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError) as caught:
        open_database(str(path))
    assert caught.value.message_key == "db.too_new"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999_future",)
    conn.close()


def test_a_foreign_sqlite_database_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stock (item TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError) as caught:
        open_database(str(path))
    assert caught.value.message_key == "db.foreign_schema"


def test_missing_database_without_create(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database(str(tmp_path / "absent.sqlite"), create=False)
    assert caught.value.message_key == "db.missing"
    assert not (tmp_path / "absent.sqlite").exists()


def test_opening_gives_the_planner_statistics(tmp_path: Path) -> None:
    """Without sqlite_stat1 SQLite takes every index for selective (bench/analysis.md §7)."""
    path = tmp_path / "desk.sqlite"
    build_demo(str(path), applicants=12)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    open_database(str(path)).dispose()
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT tbl FROM sqlite_stat1")}
    assert {"applicant", "application", "audit_event"} <= tables


def _office_stat(path: Path, index: str) -> int:
    with sqlite3.connect(path) as conn:
        stat = conn.execute("SELECT stat FROM sqlite_stat1 WHERE idx = ?", (index,)).fetchone()
    return int(stat[0].split()[1])


def test_statistics_count_the_rows_of_one_office_past_the_sample(tmp_path: Path) -> None:
    """A sampled ANALYZE reads 1,000 entries of (office_id, at), all one office's, and says
    ~1,000 rows per office; the planner then takes the office for selective (analysis.md §7)."""
    path = tmp_path / "desk.sqlite"
    build_demo(str(path), applicants=2, conflicts=False)  # one office's events only
    with sqlite3.connect(path) as conn:
        office, seq = conn.execute("SELECT office_id, max(seq) FROM audit_event").fetchone()
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
            "INSERT INTO audit_event (id, office_id, seq, at, action, entity, entity_id, changes,"
            " prev_hash, chain_hash) SELECT lower(hex(randomblob(16))), ?, ? + i,"
            " datetime('2026-01-01', '+' || i || ' minutes'), 'login', 'operator', '', '{}',"
            " '', '' FROM n",
            (office, seq),
        )
        total = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    open_database(str(path)).dispose()
    assert _office_stat(path, "ix_audit_event_office_at") == total  # one office holds them all
    # Sampled again (as PRAGMA optimize does when a table grew): corrected at the next open.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA analysis_limit=1000")
        conn.execute("ANALYZE audit_event")
    assert _office_stat(path, "ix_audit_event_office_at") < total / 2
    open_database(str(path)).dispose()
    assert _office_stat(path, "ix_audit_event_office_at") == total
    assert _office_stat(path, "ix_audit_event_at") == 1  # many values: the sample's figure holds


def test_the_search_reader_is_shared_by_threads_and_closed_on_dispose(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "desk.sqlite"))
    seen: list[list[tuple[object, ...]]] = []

    def read() -> None:
        with db.rows() as rows:
            seen.append(rows.all("SELECT count(*) FROM applicant WHERE nik = :n", {"n": "1"}))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [[(0,)]] * 4
    reader = db._reader
    db.dispose()
    assert db._reader is None
    with pytest.raises(sqlite3.ProgrammingError):
        reader.execute("SELECT 1")
    read()  # a disposed database opens a new reader when asked again
    assert seen[-1] == [(0,)]
    db.dispose()


def _office_without_statistics(tmp_path: Path) -> Path:
    """An office's database as after an upgrade: data in it, no planner statistics yet."""
    path = tmp_path / "desk.sqlite"
    db = open_database(str(path))
    seed(db)
    db.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    return path


def _hold_write_lock(path: Path, *, hold: float, started: threading.Event) -> None:
    """Another desk's write transaction: it takes the lock, writes, and commits after ``hold``."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE office SET address = address || ' '")
        started.set()
        time.sleep(hold)
        conn.execute("COMMIT")
    finally:
        conn.close()


@contextmanager
def _another_desk_writing(path: Path, *, hold: float) -> Iterator[None]:
    """A block run while another desk holds the write lock for ``hold`` seconds from its start."""
    started = threading.Event()
    writer = threading.Thread(
        target=_hold_write_lock, args=(path,), kwargs={"hold": hold, "started": started}
    )
    writer.start()
    assert started.wait(10)
    try:
        yield
    finally:
        writer.join()


def _statistics(db: Database) -> int | None:
    """Rows of planner statistics, None when the table was never made."""
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM operator").scalar() == 3
        made = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if made.first() is None:
            return None
        return int(conn.exec_driver_sql("SELECT count(*) FROM sqlite_stat1").scalar_one())


def test_a_second_desk_opening_while_another_writes_waits_and_opens(tmp_path: Path) -> None:
    """A counter that starts while another is saving waits for the save; it never crashes."""
    path = _office_without_statistics(tmp_path)
    with _another_desk_writing(path, hold=0.5):
        db = open_database(str(path))
    try:
        assert _statistics(db)
    finally:
        db.dispose()


def test_a_database_busy_beyond_the_wait_opens_without_fresh_statistics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Statistics only make plans faster: a write lock held past the busy timeout skips them."""
    path = _office_without_statistics(tmp_path)
    monkeypatch.setattr("ltsa_desk.db.engine.BUSY_TIMEOUT_MS", 100)
    with _another_desk_writing(path, hold=1.5):
        db = open_database(str(path))
        try:
            assert _statistics(db) is None
        finally:
            db.dispose()
