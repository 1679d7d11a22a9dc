"""Backups that restore, damaged files that are refused untouched, and a full disk."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlmodel import select

from ltsa_desk.cli import main
from ltsa_desk.db.engine import DatabaseError
from ltsa_desk.db.migrate import open_database
from ltsa_desk.db.models import Applicant
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.backups import RestoreRefused, daily_backup_if_due, restore
from ltsa_desk.services.tx import StorageFull
from tests.conftest import TODAY
from tests.unit.services.helpers import siti

BUDI = {
    "nik": "3305011708950003",
    "full_name": "Budi",
    "sex": "L",
    "birth_date": "1995-08-17",
    "spouse_name": "",
}


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT full_name FROM applicant"))
    finally:
        conn.close()


def test_daily_backup_once_per_day(db, db_path: Path, operator: Actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "bk"
    first = daily_backup_if_due(db, operator, dest_dir=folder, today=TODAY)
    assert first is not None and first.exists()
    assert daily_backup_if_due(db, operator, dest_dir=folder, today=TODAY) is None
    assert oct(first.stat().st_mode & 0o777) == "0o600"


def test_restore_keeps_a_safety_copy(db, db_path: Path, operator: Actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register_applicant(db, operator, siti(), today=TODAY)
    folder = tmp_path / "bk"
    backup = daily_backup_if_due(db, operator, dest_dir=folder)
    assert backup is not None
    register_applicant(db, operator, siti(**BUDI), today=TODAY)
    db.dispose()
    result = restore(db_path, backup, dest_dir=folder)
    assert _names(db_path) == ["Siti Rahayu"]
    assert _names(result.safety_copy) == ["Budi", "Siti Rahayu"]


def test_restore_refuses_junk_and_changes_nothing(db, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    db.dispose()  # closing may checkpoint and refresh statistics: compare after it
    before = db_path.read_bytes()
    with pytest.raises(RestoreRefused):
        restore(db_path, junk)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    with pytest.raises(RestoreRefused) as caught:
        restore(db_path, other)
    assert "bukan cadangan LTSA Desk" in caught.value.message("id")
    assert db_path.read_bytes() == before


def test_corrupt_database_is_refused_untouched(
    db, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    db.dispose()
    with db_path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(8192))
    damaged = db_path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(str(db_path))
    assert caught.value.message_key in {"db.corrupt", "db.unreachable"}
    assert db_path.read_bytes() == damaged
    assert main(["db", "check", "--db", str(db_path)]) == 1
    assert "restore" in capsys.readouterr().err


def test_cli_backup_restore_and_audit_verify(
    db, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    db.dispose()
    assert main(["backup", "--db", str(db_path)]) == 0
    shown = capsys.readouterr()
    backup = Path(shown.out.strip().rsplit(": ", 1)[1])
    assert backup.exists()
    # The pages copied, as plain lines (not a terminal), ending with all of them.
    progress = [line for line in shown.err.splitlines() if line.startswith("Mencadangkan")]
    done, total = progress[-1].rsplit(" ", 1)[1].split("/")
    assert progress and done == total and int(total) > 0
    assert main(["audit", "verify", "--db", str(db_path)]) == 0
    assert "utuh" in capsys.readouterr().out
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE audit_event SET action = 'x' WHERE seq = 2")
    conn.commit()
    conn.close()
    assert main(["audit", "verify", "--db", str(db_path)]) == 1
    assert "nomor 2" in capsys.readouterr().err
    assert main(["restore", str(backup), "--db", str(db_path)]) == 0
    assert main(["audit", "verify", "--db", str(db_path)]) == 0


def test_full_database_refuses_cleanly_and_keeps_earlier_data(
    db, db_path: Path, operator: Actor
) -> None:  # type: ignore[no-untyped-def]
    register_applicant(db, operator, siti(), today=TODAY)
    # SQLite's own page limit gives a real SQLITE_FULL, exactly as a full disk does.
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    from sqlalchemy import event

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    db.engine.dispose()
    big = siti(**BUDI, notes="x" * 1900, address_line="y" * 290)
    with pytest.raises(StorageFull) as caught:
        for i in range(200):
            register_applicant(
                db,
                operator,
                big.model_copy(update={"nik": f"330501170895{i + 10:04d}"}),
                today=TODAY,
            )
    assert "BELUM tersimpan" in caught.value.message("id")
    with db.read() as session:
        names = [a.full_name for a in session.exec(select(Applicant))]
    assert "Siti Rahayu" in names


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root to mount a tmpfs"
)
def test_full_disk_on_a_small_tmpfs(tmp_path: Path, template_db: Path, operator: Actor) -> None:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs mount refused: {mounted.stderr.decode().strip()}")
    try:
        path = mount_point / "desk.sqlite"
        shutil.copyfile(template_db, path)
        db = open_database(str(path))
        register_applicant(db, operator, siti(), today=TODAY)
        filler = mount_point / "filler"
        try:
            with filler.open("wb") as handle:
                while True:
                    handle.write(b"\0" * 4096)
                    handle.flush()
        except OSError:
            pass  # the disk is full now
        with pytest.raises(StorageFull):
            for i in range(50):
                register_applicant(
                    db,
                    operator,
                    siti(**BUDI, notes="n" * 1900).model_copy(
                        update={"nik": f"330501170895{i + 10:04d}"}
                    ),
                    today=TODAY,
                )
        filler.unlink()
        with db.read() as session:
            assert "Siti Rahayu" in [a.full_name for a in session.exec(select(Applicant))]
        db.dispose()
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
