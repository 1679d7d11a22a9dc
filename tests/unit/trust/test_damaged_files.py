"""Damaged, empty and foreign database files: refused with a sentence, never written to.

Issue 20: with pages damaged in the middle (header and schema intact) ``db check``,
``audit verify`` and ``applicant show`` ended in tracebacks and ``applicant add`` wrote into the
damaged file; a 0-byte file became a new empty database; a foreign SQLite file had its header
changed (switched to WAL) before it was refused.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from ltsa_desk.cli import main
from ltsa_desk.db import engine
from ltsa_desk.db.backup import BackupError
from ltsa_desk.db.engine import Database, DatabaseError
from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant, update_applicant
from ltsa_desk.services.backups import daily_backup_if_due
from ltsa_desk.services.tx import StorageDamaged
from tests.conftest import PASSWORDS, TODAY
from tests.unit.services.helpers import acknowledging, siti

ADD = ["applicant", "add", "--nik", "3305011708950003", "--full-name", "Budi", "--sex", "L"]
ADD += ["--birth-date", "1995-08-17", "--marital-status", "single"]


@pytest.fixture
def as_operator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LTSA_DESK_USER", "operator")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["operator"])


def _fill(db: Database, operator: Actor, count: int = 30) -> None:
    for i in range(count):
        data = siti(nik=f"330501420396{i + 1:04d}", notes=f"{i} " + "catatan " * 220)
        acknowledging(register_applicant, db, operator, data, today=TODAY)


def _damage_pages(path: Path, how_many: int = 20) -> None:
    """Overwrite pages of the applicant table in the middle of the file (not page 1, not the
    schema), as a failing disk sector or a bad copy does."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            row[0]
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'applicant' AND pageno > 2 ORDER BY pageno"
            )
        ]
    assert len(pages) >= how_many
    middle = len(pages) // 2
    with path.open("r+b") as handle:
        for pageno in pages[middle - how_many // 2 : middle + how_many // 2]:
            handle.seek((pageno - 1) * page_size)
            handle.write(bytes([0x5A]) * page_size)


@pytest.mark.parametrize(
    "argv",
    [
        ["db", "check"],
        ["audit", "verify"],
        ["applicant", "show", "3305014203960001"],
        ADD,
    ],
)
def test_a_damaged_database_is_refused_with_a_restore_hint_and_never_written(
    db: Database,
    db_path: Path,
    operator: Actor,
    as_operator: None,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    _fill(db, operator)
    db.dispose()
    _damage_pages(db_path)
    damaged = db_path.read_bytes()
    assert main([*argv, "--db", str(db_path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "ltsa-desk restore" in err
    assert "Traceback" not in err
    assert db_path.read_bytes() == damaged


def test_damage_met_by_a_write_stops_every_later_write(
    db: Database, db_path: Path, operator: Actor
) -> None:
    _fill(db, operator)
    with closing(sqlite3.connect(db_path)) as conn:
        ids = [uuid.UUID(hex=row[0]) for row in conn.execute("SELECT id FROM applicant")]
    # The desk has been open since before the damage: the open-time check cannot see it.
    _damage_pages(db_path)
    db.engine.dispose()  # (pages the pool's connections cached before would hide the damage)
    with pytest.raises(StorageDamaged) as caught:
        for applicant_id in ids:
            update_applicant(
                db, operator, applicant_id, siti(notes="baru"), expected_version=None, today=TODAY
            )
    assert "restore" in caught.value.message("en")
    with pytest.raises(StorageDamaged):
        register_applicant(db, operator, siti(nik="3305014203980099"), today=TODAY)


def test_an_empty_file_is_an_error_with_a_restore_hint_never_a_new_database(
    tmp_path: Path, as_operator: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "desk.sqlite"
    path.touch()
    with pytest.raises(DatabaseError) as caught:
        open_database(str(path))  # as the desk opens it: create allowed, yet not over 0 bytes
    assert caught.value.message_key == "db.empty"
    assert main([*ADD, "--db", str(path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "empty" in err and "ltsa-desk restore" in err
    assert path.read_bytes() == b""
    # First-time set-up is ``init``, which may set up the empty file on purpose.
    init = ["init", "--db", str(path), "--office-code", "KEBUMEN", "--office-name", "Kebumen"]
    init += ["--admin-user", "admin", "--admin-name", "Admin", "--admin-password", "a-long-pass"]
    assert main(init) == 0
    assert path.stat().st_size > 0


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_foreign_sqlite_file_is_looked_at_before_anything_touches_it(
    tmp_path: Path, journal: str
) -> None:
    path = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA journal_mode={journal}")
        conn.execute("CREATE TABLE photos (name TEXT)")
        conn.execute("INSERT INTO photos VALUES ('a')")
        conn.commit()
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(str(path))
    assert caught.value.message_key == "db.foreign_schema"
    assert path.read_bytes() == before  # header, journal mode and change counter unchanged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]  # no -wal, no -shm


def test_the_daily_backup_is_the_scheduled_full_check(
    db: Database, db_path: Path, operator: Actor, tmp_path: Path
) -> None:
    """Each day's first login copies every page and runs integrity_check on the copy: damage
    the quick check at open missed (the desk was open) is reported then, and no bad backup
    is kept."""
    _fill(db, operator)
    _damage_pages(db_path)
    db.engine.dispose()
    folder = tmp_path / "bk"
    with pytest.raises(BackupError) as caught:
        daily_backup_if_due(db, operator, dest_dir=folder)
    assert caught.value.why == "unchecked"
    assert "db check" in caught.value.message("en")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("argv", [["applicant", "show", "3305014203960001"], ADD])
def test_a_big_damaged_database_is_checked_in_the_background_and_never_written(
    db: Database,
    db_path: Path,
    operator: Actor,
    as_operator: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    """Above ``QUICK_CHECK_AT_OPEN_BYTES`` the file opens at once and the quick check runs
    beside it; a write (here the login's audit event) waits for its verdict (up to
    ``WRITE_WAITS_FOR_CHECK_S``, far more than this small file needs)."""
    _fill(db, operator)
    db.dispose()
    _damage_pages(db_path)
    monkeypatch.setattr(engine, "QUICK_CHECK_AT_OPEN_BYTES", 0)
    damaged = db_path.read_bytes()
    assert main([*argv, "--db", str(db_path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "ltsa-desk restore" in err and "Traceback" not in err
    assert db_path.read_bytes() == damaged
