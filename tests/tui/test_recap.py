"""The recap screen at 80×24: figures from the database, charts, day navigation, closing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.app import App
from textual.widgets import DataTable, Sparkline, Static, TabbedContent

from ltsa_desk.db.engine import Database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.dayclose import get_close
from ltsa_desk.services.handoff import handoff_overview
from ltsa_desk.services.offices import add_p3mi
from screens.recap import ConfirmDialog, RecapScreen
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, settle
from tests.unit.reports.builders import person, plan, record, verify_all


class Host(App[None]):
    def __init__(self, screen: RecapScreen) -> None:
        super().__init__()
        self.recap_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.recap_screen)


def _build(db: Database, admin: Actor, operator: Actor) -> None:
    p3mi = add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024").id
    siti = person(db, operator, 1, name="Siti Rahayu")
    record(db, operator, plan(db, operator, siti, p3mi), "paspor", "rejected")
    person(db, operator, 2, sex="L", name="Budi Santoso")


async def test_recap_screen_shows_the_day_and_closes_it(
    db: Database, admin: Actor, operator: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    _build(db, admin, operator)
    today = TODAY
    out = tmp_path / "out"
    screen = RecapScreen(db, supervisor, "id", day=today, output_dir=out)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen.recap is not None
        assert (screen.recap.registered, screen.recap.opened, screen.recap.rejected) == (2, 1, 1)
        figures = str(screen.query_one("#recap-figures", Static).render())
        assert "Pendaftar 2" in figures and "Ditolak 1" in figures
        assert screen.query_one("#trend", Sparkline).data[-1] == 2
        missing = screen.query_one("#missing-table", DataTable)
        assert missing.row_count == len(screen.recap.missing_by_document) > 0
        waiting = screen.query_one("#waiting-table", DataTable)
        assert waiting.row_count == 1
        assert "••••••••" in str(waiting.get_row_at(0)[2])

        await pilot.press("[")
        await settle(pilot)
        assert screen.recap.period.first == today - timedelta(days=1)
        assert screen.recap.registered == 0
        await pilot.press("]", "r")
        await settle(pilot)
        assert screen.recap.period.days == 7 and screen.recap.registered == 2

        await pilot.press("f6")
        await settle(pilot)
        assert [p.suffix for p in out.iterdir()] == [".pdf"]

        await pilot.press("r", "r")  # back to one day
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.focused is not None and app.focused.id == "no"
        await pilot.click("#yes")
        await settle(pilot)
        assert get_close(db, supervisor.office_id, today) is not None
        title = str(screen.query_one("#recap-title", Static).render())
        assert "ditutup oleh Sri Supervisor" in title


async def test_an_operator_cannot_close_the_day(db: Database, operator: Actor) -> None:
    screen = RecapScreen(db, operator, "en")
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert app.screen is screen
        assert get_close(db, operator.office_id, TODAY) is None
        assert "not closed yet" in str(screen.query_one("#recap-title", Static).render())


async def test_hand_off_from_the_screen(
    db: Database, admin: Actor, operator: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    p3mi = add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024").id
    verify_all(db, operator, plan(db, operator, person(db, operator, 1), p3mi))
    screen = RecapScreen(db, supervisor, "en", output_dir=tmp_path / "out")
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen.query_one(TabbedContent).active = "tab-handoff"
        await pilot.press("f4")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        [exported] = (tmp_path / "out").iterdir()
        assert exported.suffix == ".xlsx"
        batches = screen.query_one("#batch-table", DataTable)
        assert batches.row_count == 1
        batches.focus()
        await pilot.press("a")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        overview = handoff_overview(db, supervisor)
        assert (overview.ready, overview.exported, overview.accepted) == (0, 0, 1)
        summary = str(screen.query_one("#handoff-summary", Static).render())
        assert "accepted centrally: 1" in summary
