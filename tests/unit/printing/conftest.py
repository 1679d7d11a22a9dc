"""Fixtures for the printing tests: a typical application, hermetic settings, PDF reading."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from ltsa_desk.config import Settings
from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.db.models import Application
from ltsa_desk.services.auth import authenticate
from tests.conftest import (
    PASSWORDS,
    PgServer,
    PgWorkerDatabase,
    build_pg_database,
    drop_pg_database,
)
from tests.unit.printing.builders import typical_case


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """No printer, PDFs into the test's own folder."""
    return Settings(output_dir=tmp_path / "out", printer=None)


def _add_typical_case(database: Database) -> None:
    actors = {name: authenticate(database, name, password) for name, password in PASSWORDS.items()}
    typical_case(
        database,
        actors["operator"],
        actors["supervisor"],
        actors["admin"],
        full_name="Ñoño Sîtï Ärûm",
        passport_name="Nguyễn Siti Arum",
    )


@pytest.fixture(scope="session")
def template_db(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared template plus the typical case, built once: every test gets a fresh copy."""
    path = tmp_path_factory.mktemp("printing-template") / "desk.sqlite"
    shutil.copyfile(template_db, path)
    database = open_database(str(path))
    try:
        _add_typical_case(database)
        with database.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database(pg_database: PgWorkerDatabase, pg_server: PgServer) -> Iterator[PgWorkerDatabase]:
    """The same on PostgreSQL: the worker's seeded rows plus the typical case."""
    worker = build_pg_database(pg_server, "printing", _add_typical_case, pg_database)
    yield worker
    drop_pg_database(pg_server, worker)


@pytest.fixture
def db_url(db: Database) -> str:
    """What ``--db`` names for the test's database: the SQLite file's path, or the URL."""
    return str(db.path) if db.path else db.url


@pytest.fixture
def case(db: Database) -> Application:
    """The typical case of ``builders.typical_case`` (already in the test's database)."""
    with db.read() as session:
        return session.exec(select(Application)).one()


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces as single spaces (table cells wrap)."""
    return " ".join(text.split())


@pytest.fixture
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``lp`` on PATH that records its arguments and answers like CUPS; returns the log."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "lp-args.txt"
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{log}"\n'
        'if [ -n "$FAKE_LP_FAIL" ]; then echo "$FAKE_LP_FAIL" >&2; exit 1; fi\n'
        'echo "request id is desk1-42 (1 file(s))"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    return log
