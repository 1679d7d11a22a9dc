"""Backups that cannot eat themselves, and a restore that needs a supervisor and leaves a trace.

Issue 20: a full disk ended in a traceback and left 0-byte backups that counted as good ones
(rotation then deleted the good ones); every backup left -wal/-shm files; a backup without its
audit table was restored; anyone could restore, and the rollback erased its own evidence.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from ltsa_desk import clock
from ltsa_desk.cli import main
from ltsa_desk.db.backup import backup_sqlite_file, rotate
from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.audit import verify_chain
from ltsa_desk.services.backups import RestoreRefused, backup_now, daily_backup_if_due, restore
from ltsa_desk.services.errors import PermissionDenied
from tests.conftest import PASSWORDS, TODAY
from tests.unit.services.helpers import budi, siti
from tests.unit.trust.storage import small_tmpfs


def _as(monkeypatch: pytest.MonkeyPatch, username: str) -> None:
    monkeypatch.setenv("LTSA_DESK_USER", username)
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS[username])


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system: smaller than any backup of the test database."""
    with small_tmpfs(tmp_path / "small", "64k") as folder:
        yield folder


def test_a_backup_on_a_full_disk_is_a_sentence_and_leaves_nothing(
    db: Database,
    db_path: Path,
    small_disk: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db.dispose()
    monkeypatch.setenv("LTSA_DESK_BACKUP_DIR", str(small_disk))
    _as(monkeypatch, "supervisor")
    assert main(["backup", "--db", str(db_path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "is full" in err and "nothing was left behind" in err
    assert "Traceback" not in err
    assert list(small_disk.iterdir()) == []


def test_failed_backups_never_count_and_rotation_keeps_the_good_ones(
    db: Database, db_path: Path, operator: Actor, tmp_path: Path
) -> None:
    folder = tmp_path / "bk"
    earlier = clock.local_now() - timedelta(days=3)
    good = [
        backup_sqlite_file(db_path, folder, "daily", now=earlier + timedelta(days=i))
        for i in range(2)
    ]
    # What an older release left after two failed backups: empty files, newer than the good ones.
    stamp = clock.local_now().strftime("%Y%m%d")
    empties = [folder / f"desk-{stamp}-0000{i}0-000000-daily.sqlite" for i in range(2)]
    for empty in empties:
        empty.touch()
    today = daily_backup_if_due(db, operator, dest_dir=folder, keep=3)
    assert today is not None, "an empty file is not today's backup"
    assert sorted(folder.iterdir()) == sorted([*good, today])
    assert rotate(folder, "desk", keep=0) == good  # keep below one still keeps the newest
    assert list(folder.iterdir()) == [today]


def test_a_backup_is_one_file_without_side_files(
    db: Database, db_path: Path, supervisor: Actor, tmp_path: Path
) -> None:
    folder = tmp_path / "bk"
    made = backup_now(db, supervisor, dest_dir=folder)
    db.dispose()
    restore(db_path, made, supervisor, dest_dir=folder)
    names = sorted(p.name for p in folder.iterdir())
    assert all(name.endswith(".sqlite") for name in names), names
    assert _rows(made, "PRAGMA journal_mode") == [("delete",)]


def test_an_operator_may_not_back_up_or_restore(
    db: Database, db_path: Path, operator: Actor, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        backup_now(db, operator, dest_dir=tmp_path / "bk")
    with pytest.raises(PermissionDenied):
        restore(db_path, db_path, operator)


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("DROP TABLE audit_event", "schema"),
        ("ALTER TABLE applicant DROP COLUMN notes", "schema"),
        ("UPDATE audit_event SET action = 'forged' WHERE seq = 2", "audit_chain"),
    ],
)
def test_restore_checks_the_schema_and_audit_chain_of_a_backup(
    db: Database, db_path: Path, supervisor: Actor, tmp_path: Path, damage: str, why: str
) -> None:
    folder = tmp_path / "bk"
    backup = backup_now(db, supervisor, dest_dir=folder)
    with closing(sqlite3.connect(backup)) as conn:
        conn.execute(damage)
        conn.commit()
    db.dispose()
    before = db_path.read_bytes()
    with pytest.raises(RestoreRefused) as caught:
        restore(db_path, backup, supervisor, dest_dir=folder)
    assert caught.value.params["why"] == why
    assert db_path.read_bytes() == before
    assert sorted(folder.iterdir()) == [backup]  # no safety copy, no side files


def test_restore_into_a_missing_folder_is_a_sentence(
    db: Database,
    supervisor: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = backup_now(db, supervisor, dest_dir=tmp_path / "bk")
    _as(monkeypatch, "supervisor")
    target = tmp_path / "missing_dir" / "x.sqlite"
    assert main(["restore", str(backup), "--db", str(target), "--lang", "en"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not target.parent.exists()


def test_restore_needs_a_supervisor_and_is_recorded_with_what_it_rolled_back(
    db: Database,
    db_path: Path,
    operator: Actor,
    supervisor: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LTSA_DESK_BACKUP_DIR", str(tmp_path / "bk"))
    register_applicant(db, operator, siti(), today=TODAY)
    backup = backup_now(db, supervisor, dest_dir=tmp_path / "bk")
    register_applicant(db, operator, budi(), today=TODAY)
    db.dispose()
    replaced_events = _rows(db_path, "SELECT count(*) FROM audit_event")[0][0]
    head = _rows(db_path, "SELECT seq, chain_hash FROM audit_event ORDER BY seq DESC LIMIT 1")[0]

    assert main(["restore", str(backup), "--db", str(db_path)]) == 2  # nobody logged in
    _as(monkeypatch, "operator")
    assert main(["restore", str(backup), "--db", str(db_path)]) == 1
    assert _rows(db_path, "SELECT count(*) FROM applicant") == [(2,)]
    capsys.readouterr()

    _as(monkeypatch, "supervisor")
    assert main(["restore", str(backup), "--db", str(db_path)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert _rows(db_path, "SELECT count(*) FROM applicant") == [(1,)]
    [(changes, operator_id)] = _rows(
        db_path, "SELECT changes, operator_id FROM audit_event WHERE action = 'database.restore'"
    )
    assert operator_id == supervisor.operator_id.hex
    import json

    recorded = json.loads(str(changes))
    assert recorded["applicant"] == [2, 1]
    assert recorded["audit_event"][0] == replaced_events + 2  # the two logins of the CLI
    old_heads = recorded["chain_heads"][0]
    assert any(value.startswith(f"{int(str(head[0])) + 2}:") for value in old_heads.values())
    safety = recorded["safety_copy"][1]
    assert (tmp_path / "bk" / safety).exists()
    restored = open_database(str(db_path))
    with restored.read() as session:
        assert verify_chain(session) == []
    restored.dispose()


def test_restore_over_a_damaged_database_logs_in_against_the_backup(
    db: Database,
    db_path: Path,
    supervisor: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LTSA_DESK_BACKUP_DIR", str(tmp_path / "bk"))
    backup = backup_now(db, supervisor, dest_dir=tmp_path / "bk")
    db.dispose()
    db_path.write_bytes(b"")
    _as(monkeypatch, "operator")
    assert main(["restore", str(backup), "--db", str(db_path)]) == 1
    assert db_path.read_bytes() == b""
    _as(monkeypatch, "supervisor")
    assert main(["restore", str(backup), "--db", str(db_path)]) == 0
    assert _rows(db_path, "SELECT count(*) FROM audit_event WHERE action = 'database.restore'") == [
        (1,)
    ]
