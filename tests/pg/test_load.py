"""``ltsa-desk db load``: a whole SQLite extract into a new PostgreSQL database, with COPY."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from ltsa_desk.cli import main
from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.demo import build_demo
from ltsa_desk.services.audit import verify_chain
from ltsa_desk.services.search import search_applicants
from tests.conftest import PgServer


@pytest.fixture
def fresh(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.create()
    yield pg_server.url_for(name)
    pg_server.drop(name)


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("extract") / "national.sqlite"
    build_demo(str(path), applicants=30)
    return path


def _counts(conn: sqlite3.Connection, tables: list[str]) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_an_extract_loads_whole_and_works_there(
    extract: Path, fresh: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = [table.name for table in SQLModel.metadata.sorted_tables]
    with sqlite3.connect(extract) as source:
        expected = _counts(source, tables)
        name = source.execute("SELECT full_name FROM applicant ORDER BY rowid DESC").fetchone()[0]
    assert main(["db", "load", str(extract), "--db", fresh]) == 0
    out = capsys.readouterr()
    assert f"{sum(expected.values()):,} baris" in out.out
    assert "applicant:" in out.err
    db = open_database(fresh)
    try:
        assert _loaded(db, tables) == expected
        with db.read() as session:
            assert verify_chain(session) == []
        assert search_applicants(db, name)[0].full_name == name
    finally:
        db.dispose()
    # Loaded once: a second load into the same database is refused and changes nothing.
    assert main(["db", "load", str(extract), "--db", fresh]) == 1
    assert "sudah berisi data" in capsys.readouterr().err
    db = open_database(fresh)
    try:
        assert _loaded(db, tables) == expected
    finally:
        db.dispose()


def _loaded(db: Database, tables: list[str]) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one() for t in tables}


def test_an_extract_of_another_revision_or_an_sqlite_target_is_refused(
    extract: Path, fresh: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.sqlite"
    old.write_bytes(extract.read_bytes())
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert main(["db", "load", str(old), "--db", fresh, "--lang", "en"]) == 1
    assert "revision 0001" in capsys.readouterr().err
    target = tmp_path / "target.sqlite"
    assert main(["db", "load", str(extract), "--db", str(target), "--lang", "en"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err and not target.exists()
