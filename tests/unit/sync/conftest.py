"""Two offices: ``home`` (KEBUMEN, the ``db`` fixture, on SQLite and on PostgreSQL) and
``other`` (CILACAP, always an SQLite file, as a district office working offline would be)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.db.migrate import open_database
from ltsa_desk.db.models import Role
from ltsa_desk.services.access import Actor
from ltsa_desk.services.auth import authenticate, create_operator
from ltsa_desk.services.offices import initialise
from ltsa_desk.sync import crypto
from tests.conftest import PASSWORDS


class Desk:
    """One office's database and its three accounts, each logged in when first used."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _login(self, username: str) -> Actor:
        return authenticate(self.db, username, PASSWORDS[username])

    @cached_property
    def admin(self) -> Actor:
        return self._login("admin")

    @cached_property
    def supervisor(self) -> Actor:
        return self._login("supervisor")

    @cached_property
    def operator(self) -> Actor:
        return self._login("operator")


@pytest.fixture(autouse=True)
def cheap_passphrase_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at a test cost; the cost travels in each file's header, so decrypting follows."""
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


def build_office(path: Path, code: str, regency: str) -> None:
    """An office with the same usernames as home's: stubs must not collide with them."""
    database = open_database(str(path))
    initialise(
        database,
        office_code=code,
        office_name=f"LTSA {code.title()}",
        office_address="",
        regency_code=regency,
        admin_username="admin",
        admin_full_name=f"Admin {code.title()}",
        admin_password=PASSWORDS["admin"],
    )
    admin = authenticate(database, "admin", PASSWORDS["admin"])
    for username, role in (("supervisor", Role.SUPERVISOR), ("operator", Role.OPERATOR)):
        create_operator(
            database,
            admin,
            username=username,
            full_name=f"{username.title()} {code.title()}",
            role=role,
            password=PASSWORDS[username],
        )
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()


def desk(database: Database) -> Desk:
    return Desk(database)


@pytest.fixture(scope="session")
def office_templates(
    tmp_path_factory: pytest.TempPathFactory, cheap_password_hashing: None
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("offices")
    templates = {}
    for code, regency in (("CILACAP", "33.01"), ("PROVINSI", "33.74"), ("KEBUMEN", "33.05")):
        templates[code] = folder / f"{code}.sqlite"
        build_office(templates[code], code, regency)
    return templates


@pytest.fixture
def open_office(
    tmp_path: Path, office_templates: dict[str, Path]
) -> Iterator[Callable[[str], Desk]]:
    """Opens a fresh copy of another office's database (SQLite) by its code."""
    opened: list[Database] = []

    def open_copy(code: str) -> Desk:
        path = tmp_path / f"{code.lower()}-{len(opened)}.sqlite"
        shutil.copyfile(office_templates[code], path)
        database = open_database(str(path))
        opened.append(database)
        return desk(database)

    yield open_copy
    for database in opened:
        database.dispose()


@pytest.fixture
def home(db: Database) -> Desk:
    return Desk(db)


@pytest.fixture
def other(open_office: Callable[[str], Desk]) -> Desk:
    return open_office("CILACAP")
