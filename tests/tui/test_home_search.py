"""The home search box searches once the typing pauses, at once on Enter or a whole NIK, and
not at all for text too short to search."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

import screens.home
from forms.i18n import ui
from screens.file import FileScreen
from screens.home import HomeScreen
from tests.tui import seed
from tests.tui.conftest import SIZE, login, settle

NIK = "3305014203960001"


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every query the home screen sends to the search service."""
    sent: list[str] = []
    original = screens.home.search_applicants

    def search_applicants(db, query, **kwargs):
        sent.append(query)
        return original(db, query, **kwargs)

    monkeypatch.setattr(screens.home, "search_applicants", search_applicants)
    return sent


def typed(pilot, *values: str) -> None:
    """Each value as the box shows it after a key, faster than any pause."""
    box = pilot.app.screen.query_one("#search", Input)
    for value in values:
        box.value = value


def hint(pilot) -> str:
    return str(pilot.app.screen.query_one("#results-hint", Static).render())


async def test_only_the_text_after_the_pause_is_searched(
    make_app, db, operator, searches, monkeypatch
) -> None:
    seed.applicant(db, operator)
    monkeypatch.setattr(screens.home, "SEARCH_DELAY", 0.5)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        searches.clear()
        typed(pilot, "s", "si", "sit", "siti")
        await settle(pilot)
        assert searches == []  # still typing, as far as the box knows
        await pilot.pause(0.6)
        await settle(pilot)
        assert searches == ["siti"]
        assert app.screen.query_one("#results", DataTable).row_count == 1


async def test_enter_searches_at_once_and_opens_the_only_match(
    make_app, db, operator, searches, monkeypatch
) -> None:
    seed.applicant(db, operator)
    monkeypatch.setattr(screens.home, "SEARCH_DELAY", 30)  # the pause never comes
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        searches.clear()
        typed(pilot, "siti r", "siti ra")
        await pilot.press("enter")
        await settle(pilot)
        assert searches == ["siti ra"]
        assert isinstance(app.screen, FileScreen)


async def test_enter_on_several_results_moves_to_the_list(
    make_app, db, operator, searches, monkeypatch
) -> None:
    seed.applicant(db, operator)
    seed.applicant(db, operator, nik="3305014203960002", full_name="Siti Rahmawati")
    monkeypatch.setattr(screens.home, "SEARCH_DELAY", 30)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        typed(pilot, "siti")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.focused is screen.query_one("#results", DataTable)
        assert hint(pilot) == ui("home.results_count", count=2)


async def test_a_whole_nik_is_searched_without_waiting(
    make_app, db, operator, searches, monkeypatch
) -> None:
    seed.applicant(db, operator)
    monkeypatch.setattr(screens.home, "SEARCH_DELAY", 30)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        searches.clear()
        typed(pilot, NIK[:15], NIK)
        await settle(pilot)
        assert searches == [NIK]
        assert app.screen.query_one("#results", DataTable).row_count == 1


async def test_too_short_text_keeps_the_hint_and_searches_nothing(
    make_app, db, operator, searches
) -> None:
    seed.applicant(db, operator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        searches.clear()
        typed(pilot, "s")
        await pilot.pause(screens.home.SEARCH_DELAY + 0.1)
        await settle(pilot)
        assert searches == []
        assert hint(pilot) == ui("home.results_hint")
        typed(pilot, "")
        await settle(pilot)
        assert searches == [] and hint(pilot) == ui("home.results_hint")


async def test_results_enable_f5_in_the_footer_without_rebuilding_it(
    make_app, db, operator, admin
) -> None:
    """Each result set enables or disables F5/F6; the footer flips those keys in place (a
    rebuild lays the footer out again, felt as a lag on the next key)."""
    from textual.widgets._footer import FooterKey

    from ltsa_desk.services.applicants import register_applicant
    from tests.conftest import TODAY
    from tests.tui.conftest import search_for
    from tests.unit.services.helpers import budi

    siti = seed.applicant(db, operator)
    seed.plan(db, operator, admin, siti.id)
    register_applicant(db, operator, budi(), today=TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await search_for(pilot, "siti")
        keys = {key.key: key for key in app.screen.query(FooterKey)}
        assert not keys["f5"].has_class("-disabled")
        await search_for(pilot, "budi")
        after = {key.key: key for key in app.screen.query(FooterKey)}
        assert after["f5"].has_class("-disabled") and after["f6"].has_class("-disabled")
        assert all(after[name] is keys[name] for name in keys)


async def test_a_pasted_page_of_text_is_refused_by_the_search_box(
    make_app, db, operator, searches
) -> None:
    """Issue 20: the search was quadratic in a word's length; the box now takes no more than
    the service reads (``MAX_QUERY_LENGTH``), so a paste of 100,000 letters changes nothing."""
    from ltsa_desk.services.search import MAX_QUERY_LENGTH

    seed.applicant(db, operator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        box = app.screen.query_one("#search", Input)
        box.insert_text_at_cursor("siti")
        box.insert_text_at_cursor("x" * 100_000)
        await settle(pilot)
        assert box.value == "siti"
        box.insert_text_at_cursor("r" * (MAX_QUERY_LENGTH - 4))
        assert len(box.value) == MAX_QUERY_LENGTH
