"""Power cuts and two desks: SIGKILL at random moments, and a stale write from another process."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import (
    as_input,
    get_applicant,
    register_applicant,
    update_applicant,
)
from ltsa_desk.services.errors import StaleRecord
from tests.conftest import PASSWORDS, TODAY
from tests.unit.services.helpers import siti

ROOT = Path(__file__).resolve().parents[3]
ROUNDS = 20


def _run_child(db_path: Path, first: int, kill_after: float) -> list[str]:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.unit.trust.crash_child",
            str(db_path),
            str(first),
            PASSWORDS["operator"],
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acknowledged: list[str] = []

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            acknowledged.append(line.strip())

    reader = threading.Thread(target=read)
    reader.start()
    # Wait until it is really writing, then kill it at a random moment.
    deadline = time.monotonic() + 30
    while not acknowledged and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(kill_after)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    reader.join()
    if not acknowledged:
        assert child.stderr is not None
        pytest.fail(f"child never committed: {child.stderr.read()[-2000:]}")
    return acknowledged


@pytest.mark.slow
def test_sigkill_loses_nothing_acknowledged(db: Database, db_path: Path) -> None:
    db.dispose()
    rng = random.Random(20261125)
    acknowledged: list[str] = []
    first = 1
    for _ in range(ROUNDS):
        got = _run_child(db_path, first, rng.uniform(0.0, 0.15))
        acknowledged += got
        first += len(got) + 1
        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            rows = dict(conn.execute("SELECT nik, full_name FROM applicant").fetchall())
        finally:
            conn.close()
        missing = [nik for nik in acknowledged if nik not in rows]
        assert missing == []
        assert all(rows[nik].startswith("Pemohon ") for nik in acknowledged)
    reopened = open_database(str(db_path))
    with reopened.read() as session:
        from ltsa_desk.services.audit import verify_chain

        assert verify_chain(session) == []
    reopened.dispose()


def _stale_update(db_path: str, applicant_id: str, version: int, password: str) -> str:
    """In another process: update with the version read before the other desk saved."""
    import uuid

    from argon2 import PasswordHasher

    from ltsa_desk.services.auth import authenticate, use_hasher

    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    db = open_database(db_path)
    actor = authenticate(db, "operator", password)
    applicant = get_applicant(db, uuid.UUID(applicant_id))
    try:
        update_applicant(
            db,
            actor,
            applicant.id,
            as_input(applicant).model_copy(update={"birth_place": "Cilacap"}),
            expected_version=version,
            today=TODAY,
        )
    except StaleRecord as exc:
        return exc.message("id")
    finally:
        db.dispose()
    return "saved"


def test_stale_write_from_another_process_is_refused(
    db: Database, db_path: Path, operator: Actor, supervisor: Actor
) -> None:
    import multiprocessing

    applicant = register_applicant(db, operator, siti(), today=TODAY)
    read_version = applicant.version
    update_applicant(
        db,
        supervisor,
        applicant.id,
        as_input(applicant).model_copy(update={"phone": "081298765432"}),
        expected_version=read_version,
        today=TODAY,
    )
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        answer = pool.apply(
            _stale_update, (str(db_path), str(applicant.id), read_version, PASSWORDS["operator"])
        )
    assert "diubah oleh Sri Supervisor" in answer
    stored = get_applicant(db, applicant.id)
    assert (stored.phone, stored.birth_place) == ("+6281298765432", "Kebumen")
