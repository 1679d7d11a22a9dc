"""Real full storage for tests: SQLite's page limit, or a tiny tmpfs where root may mount one."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from ltsa_desk.db.engine import Database


def cap_pages(db: Database) -> None:
    """No page beyond the database's present size: SQLite then answers SQLITE_FULL, exactly
    as on a full disk."""
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    db.engine.dispose()


@contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A real file system of ``size`` (``4m``, ``64k``) mounted at ``folder``; skips unless root."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a tmpfs")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs mount refused: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
