"""The login screen is the first frame: it is up before the database is open, logs in once the
database is, and says in Bahasa Indonesia why a refused database cannot be used."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ltsa_desk.config import Settings
from ltsa_desk.db.engine import Database
from ltsa_desk.drafts import DraftStore
from ltsa_desk.i18n import t
from screens.app import DeskApp
from screens.context import DatabaseNotReady, DeskContext, OpenedDesk
from screens.home import HomeScreen
from screens.login import LoginScreen
from tests.conftest import PASSWORDS
from tests.tui.conftest import SIZE, login, settle, type_into


def _text(app: DeskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _desk(db_argument: str, opener: Callable[[], OpenedDesk] | None = None) -> DeskApp:
    desk = DeskContext(lang="id", db_argument=db_argument, opener=opener)
    return DeskApp(desk, cursor_blink=False)


async def test_a_login_typed_before_the_database_is_open_goes_through_once_it_is(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    opened = threading.Event()

    def slow_open() -> OpenedDesk:
        opened.wait(timeout=10)  # the imports and the schema check, drawn out
        return OpenedDesk(db, Settings(output_dir=tmp_path / "out"), DraftStore(tmp_path / "d"))

    app = _desk(str(db_path), slow_open)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert "Masuk petugas" in _text(app, ".dialog-title")
        assert str(db_path.resolve()) in _text(app, "#dbpath")  # from --db, before opening
        assert not app.desk.is_open
        with pytest.raises(DatabaseNotReady):
            _ = app.desk.db
        type_into(pilot, "#username", "operator")
        type_into(pilot, "#password", PASSWORDS["operator"])
        await pilot.press("f10")
        assert "Membuka basis data" in _text(app, "#login-error")
        assert isinstance(app.screen, LoginScreen)
        opened.set()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.desk.operator.username == "operator"
        assert app.desk.office_name == "LTSA Kabupaten Kebumen"


async def test_the_desk_opens_its_database_from_the_argument(db_path: Path, db: Database) -> None:
    app = _desk(str(db_path))  # no opener: settings, database and drafts as ltsa-desk does
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.desk.is_open
        assert app.desk.database_label == str(db_path.resolve())
        assert "LTSA Kabupaten Kebumen" in _text(app, "#office")
        await login(pilot)
        assert isinstance(app.screen, HomeScreen)
    opened = app.desk.opened
    assert opened is not None
    assert opened.drafts.folder == db_path.parent / "drafts"
    opened.db.dispose()


async def _assert_refused(app: DeskApp, expected: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        shown = _text(app, "#login-error")
        assert expected in shown
        assert "Tidak ada yang dapat masuk dengan basis data ini" in shown
        assert app.desk.refusal is not None and expected in app.desk.refusal
        assert not app.desk.is_open
        assert not app.screen.query_one("#username", Input).display
        assert not app.screen.query_one("#password", Input).display
        footer = " ".join(str(key.render()) for key in app.screen.query("FooterKey"))
        assert "Bantuan" in footer and "Masuk" not in footer
        await pilot.press("f10")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.desk.actor is None
        assert expected in _text(app, "#login-error")


async def test_a_file_that_is_not_a_database_is_refused_on_the_login_screen(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.sqlite"
    path.write_bytes(b"Bukan basis data, hanya teks.\n" * 200)
    await _assert_refused(_desk(str(path)), t("db.not_sqlite", "id", path=str(path)))
    assert path.read_bytes().startswith(b"Bukan basis data")  # never touched


async def test_a_schema_newer_than_the_code_is_refused_on_the_login_screen(
    template_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "newer.sqlite"
    shutil.copyfile(template_db, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dfacef00d'")
    expected = t("db.too_new", "id", url=str(path), revision="f00dfacef00d")
    await _assert_refused(_desk(str(path)), expected)


def test_the_database_label_before_opening_hides_a_password() -> None:
    desk = DeskContext(lang="id", db_argument="postgresql://desk:rahasia@db.lokal:5432/ltsa")
    assert desk.database_label == "postgresql://desk:***@db.lokal:5432/ltsa"
    assert DeskContext(lang="id", db_argument="postgresql://db.lokal/ltsa").database_label == (
        "postgresql://db.lokal/ltsa"
    )
    assert DeskContext(lang="id").database_label == ""
    with pytest.raises(DatabaseNotReady):
        _ = DeskContext(lang="id").settings


async def test_an_empty_database_file_is_refused_on_the_login_screen_with_a_restore_hint(
    tmp_path: Path,
) -> None:
    """Issue 20: a 0-byte file became a new empty database, and the operator then saw only
    "wrong username or password"."""
    path = tmp_path / "desk.sqlite"
    path.touch()
    expected = t("db.empty", "id", path=str(path))
    assert "ltsa-desk restore" in expected
    await _assert_refused(_desk(str(path)), expected)
    assert path.read_bytes() == b""


async def test_a_damaged_database_is_refused_on_the_login_screen_with_a_restore_hint(
    template_db: Path, tmp_path: Path
) -> None:
    """Issue 20: with pages damaged in the middle the desk opened and saved into the file."""
    path = tmp_path / "damaged.sqlite"
    shutil.copyfile(template_db, path)
    with closing(sqlite3.connect(path)) as conn:
        pages = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE pageno > 2")]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as handle:
        for pageno in pages[len(pages) // 2 : len(pages) // 2 + 3]:
            handle.seek((pageno - 1) * page_size)
            handle.write(b"\x5a" * page_size)
    damaged = path.read_bytes()
    await _assert_refused(_desk(str(path)), t("db.corrupt", "id", path=str(path)))
    assert path.read_bytes() == damaged


async def test_a_demo_database_shows_its_accounts_on_the_login_screen(tmp_path) -> None:
    """A newcomer on `./dev run` needs the demo passwords where they log in; the office is
    named once ("… (demo)", not "… (demo) (DEMO)")."""
    from ltsa_desk.db.migrate import open_database
    from ltsa_desk.demo import ACCOUNTS, DEMO_OFFICE_CODE
    from ltsa_desk.services.offices import initialise

    database = open_database(str(tmp_path / "demo.sqlite"))
    initialise(
        database,
        office_code=DEMO_OFFICE_CODE,
        office_name="LTSA P2MI Kabupaten Kebumen (demo)",
        office_address="MPP Kebumen",
        regency_code="33.05",
        admin_username="admin",
        admin_full_name="Admin Demo",
        admin_password="admin-demo-1",
    )
    opened = OpenedDesk(
        db=database,
        settings=Settings(output_dir=tmp_path / "out", office_code=DEMO_OFFICE_CODE),
        drafts=DraftStore(tmp_path / "drafts"),
    )
    desk = DeskContext(lang="id", opener=lambda: opened)
    app = DeskApp(desk, cursor_blink=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = _text(app, "#demo-accounts")
            for username, password, _, _ in ACCOUNTS:
                assert f"{username} / {password}" in shown
            office = _text(app, "#office")
            assert "(demo)" in office and "(DEMO)" not in office
    finally:
        database.dispose()
