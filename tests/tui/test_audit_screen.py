"""The supervisor's audit screen: filters by applicant, operator and date; operators kept out."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input

from ltsa_desk.db.engine import Database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from screens.app import DeskApp
from screens.audit import AuditScreen
from screens.home import HomeScreen
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, login, settle
from tests.unit.services.helpers import budi, siti


async def test_supervisor_filters_the_trail(
    make_app: Callable[..., DeskApp], db: Database, operator: Actor
) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    register_applicant(db, operator, budi(), today=TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "supervisor")
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        table = app.screen.query_one(DataTable)
        everything = table.row_count
        assert everything >= 4  # registrations, logins, operator creations
        app.screen.query_one("#audit-applicant", Input).value = "Budi Santoso"
        app.screen.query_one("#audit-applicant", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        actions = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert actions == ["Pemohon didaftarkan"]  # what was done, in the UI language
        what = str(table.get_row_at(0)[3])
        assert "Nama lengkap: — → Budi Santoso" in what and "{" not in what
        table.focus()
        await pilot.press("enter")  # the event in full
        await settle(pilot)
        shown = str(app.screen.query_one(".dialog-text").render())
        assert (
            "Petugas: Budi Operator" in shown
            and "— → —" not in shown
            and "Tindakan: Pemohon didaftarkan" in shown
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        app.screen.query_one("#audit-applicant", Input).focus()
        app.screen.query_one("#audit-applicant", Input).value = ""
        app.screen.query_one("#audit-operator", Input).value = "supervisor"
        await pilot.press("enter")
        await settle(pilot)
        actions = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert actions == {"Masuk", "Cadangan dibuat"}  # the day's first login also backs up
        app.screen.query_one("#audit-day", Input).value = "31-02-2026"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_operator_cannot_open_the_trail(make_app: Callable[..., DeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "operator")
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_home_shows_what_has_not_been_sent(
    make_app: Callable[..., DeskApp], db: Database, operator: Actor
) -> None:
    from textual.widgets import Static

    register_applicant(db, operator, siti(), today=TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "operator")
        counts = str(app.screen.query_one("#counts", Static).render())
        assert "belum dikirim" in counts and "belum pernah dikirim" in counts


async def test_the_footer_offers_each_role_what_it_may_do(
    make_app: Callable[..., DeskApp],
) -> None:
    for username, shown in (("operator", False), ("supervisor", True)):
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await login(pilot, username)
            keys = {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
            assert ("audit" in keys) is shown
            assert ("conflicts" in keys) is shown
