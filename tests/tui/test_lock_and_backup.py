"""The idle lock hides the desk until the password is typed; the first login backs up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from screens.app import DeskApp
from screens.home import HomeScreen
from screens.lock import LockScreen
from tests.conftest import PASSWORDS
from tests.tui.conftest import SIZE, login, settle


async def test_idle_desk_locks_and_only_the_password_unlocks(
    make_app: Callable[..., DeskApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.last_activity -= 6 * 60  # five idle minutes by default
        app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert "3305" not in "".join(str(s.render()) for s in app.screen.query(Static))
        await pilot.press("escape")
        assert isinstance(app.screen, LockScreen)  # no way around it
        field = app.screen.query_one("#lock-password", Input)
        field.value = "salah-sandi"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "salah" in str(app.screen.query_one("#lock-error", Static).render())
        app.screen.query_one("#lock-password", Input).value = PASSWORDS["operator"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_activity_keeps_the_desk_open(make_app: Callable[..., DeskApp]) -> None:
    app = make_app(idle_lock_minutes=1)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        app.last_activity -= 50
        await pilot.press("a")
        app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize(
    ("lang", "said"), [("id", "Cadangan harian dibuat"), ("en", "Daily backup written")]
)
async def test_first_login_of_the_day_makes_the_backup(
    make_app: Callable[..., DeskApp], tmp_path: Path, lang: str, said: str
) -> None:
    """The backup runs in a worker thread; it still speaks the desk's language."""
    folder = tmp_path / "bk"
    app = make_app(lang=lang, backup_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await settle(pilot)
        [backup] = folder.glob("*-daily.sqlite")
        toasts = [n.message for n in app._notifications]
        assert f"{said}: {backup.name}" in toasts
