"""First run in the desk: an empty database is set up with init's checks, then logged into."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from ltsa_desk.config import Settings
from ltsa_desk.db.migrate import open_database
from ltsa_desk.drafts import DraftStore
from ltsa_desk.services.offices import get_office
from screens.app import DeskApp
from screens.context import DeskContext, OpenedDesk
from screens.home import HomeScreen
from screens.login import LoginScreen
from screens.setup import SetupScreen
from tests.tui.conftest import SIZE, settle, type_into

VALUES = {
    "office_code": "cilacap",
    "office_name": "LTSA Kabupaten Cilacap",
    "regency": "3301",
    "admin_user": "admin",
    "admin_name": "Admin Cilacap",
    "password": "rahasia-admin-1",
    "password_again": "rahasia-admin-1",
    "printer": "Loket_1",
}


async def test_an_empty_database_is_set_up_in_the_desk(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "new.sqlite"), create=True)
    opened = OpenedDesk(db, Settings(output_dir=tmp_path / "out"), DraftStore(tmp_path / "d"))
    app = DeskApp(DeskContext(lang="en", opener=lambda: opened), cursor_blink=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen)
            assert "F9 sets it up here" in str(app.screen.query_one("#office").render())
            await pilot.press("f9")
            await settle(pilot)
            assert isinstance(app.screen, SetupScreen)

            # init's checks: a regency that is not one, a short password.
            for name, value in {**VALUES, "regency": "33", "password": "x"}.items():
                type_into(pilot, f"#{name}", value)
            app.screen.query_one("#password_again", Input).value = "x"
            await pilot.press("f10")
            await settle(pilot)
            assert "33 is not a regency" in str(app.screen.query_one("#setup-error").render())
            type_into(pilot, "#regency", VALUES["regency"])
            await pilot.press("f10")
            await settle(pilot)
            assert "password" in str(app.screen.query_one("#setup-error").render()).lower()
            assert get_office(db) is None

            for name, value in VALUES.items():
                type_into(pilot, f"#{name}", value)
            await pilot.press("f10")
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen)
            office = get_office(db)
            assert office is not None and (office.code, office.regency_code) == ("CILACAP", "33.01")
            assert "LTSA Kabupaten Cilacap (CILACAP)" in str(
                app.screen.query_one("#office").render()
            )
            config = (tmp_path / "no-config.toml").read_text(encoding="utf-8")
            assert config == 'printer = "Loket_1"\n'
            assert app.desk.settings.printer == "Loket_1"

            # The first admin logs in at once (the user name is filled in).
            assert app.screen.query_one("#username", Input).value == "admin"
            type_into(pilot, "#password", VALUES["password"])
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
    finally:
        db.dispose()
