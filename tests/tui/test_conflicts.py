"""A supervisor resolves a sync conflict in the desk: both versions shown, one chosen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Static

from ltsa_desk.sync import import_bundle
from ltsa_desk.sync.conflicts import list_conflicts
from screens.app import DeskApp
from screens.conflicts import ConflictsScreen
from screens.home import HomeScreen
from tests.tui.conftest import SIZE, login, settle
from tests.unit.sync.conftest import Desk, home, office_templates, open_office, other
from tests.unit.sync.helpers import edit, export, register_cilacap

__all__ = ["home", "office_templates", "open_office", "other"]  # fixtures used here


async def test_supervisor_keeps_the_other_offices_version(
    make_app: Callable[..., DeskApp], home: Desk, other: Desk, tmp_path: Path
) -> None:
    applicant = register_cilacap(other)
    import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    edit(home, applicant.id, phone="0811-0000-1111")
    edit(other, applicant.id, phone="0822-0000-2222")
    import_bundle(home.db, home.supervisor, export(other, tmp_path).path)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "supervisor")
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        detail = str(app.screen.query_one("#conflict-detail", Static).render())
        assert "+6281100001111" in detail and "+6282200002222" in detail
        await pilot.press("f6")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert list_conflicts(home.db, home.supervisor) == []


async def test_operator_is_sent_back(make_app: Callable[..., DeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "operator")
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
