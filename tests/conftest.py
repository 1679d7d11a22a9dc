"""Hermetic fixtures: a real SQLite file per test, its own config, no machine state."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.db.models import Role
from ltsa_desk.services.access import Actor
from ltsa_desk.services.auth import authenticate, create_operator, use_hasher
from ltsa_desk.services.offices import initialise

TODAY = date(2026, 11, 25)
PASSWORDS = {"admin": "admin-pass-1", "supervisor": "super-pass-1", "operator": "oper-pass-1"}


@pytest.fixture(autouse=True)
def hermetic_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LTSA_DESK_CONFIG", str(tmp_path / "no-config.toml"))
    for name in ("LTSA_DESK_DB", "LTSA_DESK_USER", "LTSA_DESK_PASSWORD", "LTSA_DESK_LANG"):
        monkeypatch.delenv(name, raising=False)
    from ltsa_desk.config import load_settings

    load_settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> None:
    """Argon2 at production cost would dominate the suite's time on two cores."""
    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, cheap_password_hashing: None) -> Path:
    """One initialised database, built once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "desk.sqlite"
    database = open_database(str(path))
    initialise(
        database,
        office_code="KEBUMEN",
        office_name="LTSA Kabupaten Kebumen",
        office_address="MPP Kebumen",
        regency_code="33.05",
        admin_username="admin",
        admin_full_name="Admin Kantor",
        admin_password=PASSWORDS["admin"],
    )
    admin = authenticate(database, "admin", PASSWORDS["admin"])
    create_operator(
        database,
        admin,
        username="supervisor",
        full_name="Sri Supervisor",
        role=Role.SUPERVISOR,
        password=PASSWORDS["supervisor"],
    )
    create_operator(
        database,
        admin,
        username="operator",
        full_name="Budi Operator",
        role=Role.OPERATOR,
        password=PASSWORDS["operator"],
    )
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def db(db_path: Path, template_db: Path) -> Iterator[Database]:
    shutil.copyfile(template_db, db_path)
    db_path.chmod(0o600)
    database = open_database(str(db_path))
    yield database
    database.dispose()


def _login(db: Database, username: str) -> Actor:
    return authenticate(db, username, PASSWORDS[username])


@pytest.fixture
def admin(db: Database) -> Actor:
    return _login(db, "admin")


@pytest.fixture
def supervisor(db: Database) -> Actor:
    return _login(db, "supervisor")


@pytest.fixture
def operator(db: Database) -> Actor:
    return _login(db, "operator")
