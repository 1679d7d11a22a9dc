"""Golden screenshots of key screens at 80×24, compared byte for byte.

Regenerate after an intended change with ``LTSA_UPDATE_SNAPSHOTS=1 pytest tests/tui -k snapshot``
and look at the SVG files in ``tests/tui/snapshots`` before keeping them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from screens.checklist import ChecklistScreen
from screens.context import DeskContext
from tests.conftest import at, travel
from tests.tui import seed
from tests.tui.conftest import SIZE, login, search_for, settle, type_into

SNAPSHOTS = Path(__file__).parent / "snapshots"
#: A day no test run will live through, so that "today" figures never depend on the clock.
DAY = date(2031, 3, 10)


@pytest.fixture(autouse=True)
def snapshot_day() -> Iterator[None]:
    """Snapshots show the date: they are taken on their own day, whatever day the suite is on."""
    with travel(at(DAY)):
        yield


@pytest.fixture(autouse=True)
def fixed_database_label(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DeskContext, "database_label", property(lambda _: "/data/desk.sqlite"))


async def assert_snapshot(pilot, name: str) -> None:
    """Compare once the screen has settled: workers done, the messages they posted handled, and
    no toast on screen (toasts leave after a time, which depends on the machine's speed)."""
    app = pilot.app
    await settle(pilot)
    app.clear_notifications()
    await settle(pilot)
    svg = app.export_screenshot(title="LTSA Desk")
    path = SNAPSHOTS / f"{name}.svg"
    if os.environ.get("LTSA_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(svg, encoding="utf-8")
        if not os.environ.get("LTSA_UPDATE_SNAPSHOTS"):
            pytest.fail(f"snapshot {path.name} was missing and has been written; check it")
    assert svg == path.read_text(encoding="utf-8"), f"{name} differs from {path}"


async def test_snapshot_login(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await assert_snapshot(pilot, "login")


async def test_snapshot_home_with_results(make_app, db, operator, admin) -> None:
    seed.visit(db, operator, admin, received=1)
    seed.applicant(db, operator, nik="3305014203960002", full_name="Siti Rahmawati")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await search_for(pilot, "siti")
        await assert_snapshot(pilot, "home")


async def test_snapshot_form_with_errors(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("f2")
        await settle(pilot)
        type_into(pilot, "#f-nik", "3305014203960001")
        await settle(pilot)
        type_into(pilot, "#f-full_name", "Siti 7")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await assert_snapshot(pilot, "applicant_form_errors")


async def test_snapshot_checklist(make_app, db, operator, admin) -> None:
    _, application = seed.visit(db, operator, admin, received=3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await app.push_screen(ChecklistScreen(application.id))
        await settle(pilot)
        await assert_snapshot(pilot, "checklist")
