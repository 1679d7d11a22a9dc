"""Migrations: models and migrations agree, and data written at the first revision survives."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from ltsa_desk.db.engine import Database, create_private_file, make_engine
from ltsa_desk.db.migrate import alembic_config, head_revision, open_database, upgrade


def _fresh(path: Path) -> Database:
    create_private_file(path)
    url = f"sqlite:///{path}"
    return Database(url, make_engine(url))


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "desk.sqlite"))
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        # The FTS5 index is SQLite-only and deliberately not a model.
        relevant = [
            d
            for d in diff
            if not (d[0] == "remove_table" and d[1].name.startswith("applicant_fts"))
        ]
        assert relevant == []
    finally:
        db.dispose()


def test_upgrade_from_the_first_revision_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    revisions = list(reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())))
    db = _fresh(path)
    upgrade(db, revisions[0].revision)
    office_id = uuid.uuid4().hex
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO office (id, created_at, updated_at, version, code, name, address) "
            "VALUES (?, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1, 'OLD', 'Kantor Lama', '')",
            (office_id,),
        )
    db.dispose()
    reopened = open_database(str(path))
    try:
        with reopened.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                head_revision()
            )
            assert conn.exec_driver_sql("SELECT name FROM office").scalar() == "Kantor Lama"
    finally:
        reopened.dispose()
    conn2 = sqlite3.connect(path)
    assert conn2.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn2.close()


def test_upgrading_an_older_database_backs_it_up_first(tmp_path: Path) -> None:
    revisions = list(reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())))
    if len(revisions) < 2:
        import pytest

        pytest.skip("only one schema revision so far: nothing to upgrade from")
    path = tmp_path / "old.sqlite"
    db = _fresh(path)
    upgrade(db, revisions[0].revision)
    db.dispose()
    reopened = open_database(str(path))
    reopened.dispose()
    backups = list((tmp_path / "backups").glob("old-*-before-upgrade-*.sqlite"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
        revisions[0].revision,
    )
    conn.close()
