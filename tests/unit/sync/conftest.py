"""Two offices: ``home`` (KEBUMEN, the ``db`` fixture, on SQLite and on PostgreSQL) and
``other`` (CILACAP, always an SQLite file, as a district office working offline would be).

Their supervisors registered each other's keys, as offices that exchange bundles do: home
trusts CILACAP and PROVINSI, and every office opened by ``open_office`` trusts home and those
two. The KEBUMEN template (an impostor of home's code) is trusted by no one.
"""

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
from ltsa_desk.services.office_keys import key_card, trust_office_key
from ltsa_desk.services.offices import get_office, initialise
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


#: The offices whose keys the test offices registered.
TRUSTED = ("CILACAP", "PROVINSI")


def trust(receiver: Desk, *senders: Desk) -> None:
    """The receiver's supervisor registers each sender's key card."""
    for sender in senders:
        office = get_office(sender.db)
        assert office is not None
        trust_office_key(receiver.db, receiver.supervisor, key_card(sender.db, office.id))


@pytest.fixture(scope="session")
def office_templates(
    tmp_path_factory: pytest.TempPathFactory, cheap_password_hashing: None
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("offices")
    templates = {}
    for code, regency in (("CILACAP", "33.01"), ("PROVINSI", "33.74"), ("KEBUMEN", "33.05")):
        templates[code] = folder / f"{code}.sqlite"
        build_office(templates[code], code, regency)
    opened = {code: open_database(str(path)) for code, path in templates.items()}
    for code, database in opened.items():
        trust(Desk(database), *(Desk(opened[c]) for c in TRUSTED if c != code))
    for database in opened.values():
        with database.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.dispose()
    return templates


@pytest.fixture
def open_office(
    tmp_path: Path, office_templates: dict[str, Path], home: Desk
) -> Iterator[Callable[[str], Desk]]:
    """Opens a fresh copy of another office's database (SQLite) by its code."""
    opened: list[Database] = []

    def open_copy(code: str) -> Desk:
        path = tmp_path / f"{code.lower()}-{len(opened)}.sqlite"
        shutil.copyfile(office_templates[code], path)
        database = open_database(str(path))
        opened.append(database)
        copy = desk(database)
        trust(copy, home)
        return copy

    yield open_copy
    for database in opened:
        database.dispose()


@pytest.fixture
def home(db: Database, office_templates: dict[str, Path]) -> Desk:
    home = Desk(db)
    for code in TRUSTED:
        database = open_database(str(office_templates[code]))
        try:
            trust(home, Desk(database))
        finally:
            database.dispose()
    return home


@pytest.fixture
def other(open_office: Callable[[str], Desk]) -> Desk:
    return open_office("CILACAP")
