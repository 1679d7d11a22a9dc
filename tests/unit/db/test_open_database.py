"""Opening, creating, refusing and tuning the SQLite database."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from ltsa_desk.db.engine import DatabaseError
from ltsa_desk.db.migrate import current_revision, head_revision, open_database


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
