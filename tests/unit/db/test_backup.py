"""Backups are consistent copies that pass integrity_check and are private."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from ltsa_desk.db.backup import backup_database, integrity_ok, rotate
from ltsa_desk.db.engine import Database

#: PostgreSQL is backed up with its own tools (pg_dump); these are SQLite file backups.
pytestmark = pytest.mark.sqlite_only


def test_backup_copies_the_data_privately(db: Database, tmp_path: Path) -> None:
    target = backup_database(db, reason="manual test", dest_dir=tmp_path / "bk")
    assert target is not None
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert integrity_ok(target)
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT code FROM office").fetchone() == ("KEBUMEN",)
    conn.close()
    assert "manual-test" in target.name


def test_rotation_keeps_the_newest(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    made = [backup_database(db, reason=f"r{i}", dest_dir=folder) for i in range(4)]
    deleted = rotate(folder, "desk", keep=2)
    assert sorted(deleted) == sorted(p for p in made[:2] if p)
    assert sorted(folder.glob("*.sqlite")) == sorted(p for p in made[2:] if p)
