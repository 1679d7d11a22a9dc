"""Stored text shown literally, keys remappable, help and palette from the real bindings,
English on request, every UI string in both catalogs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from textual.command import CommandPalette

from ltsa_desk.db.models import Applicant
from ltsa_desk.i18n import catalog
from screens.applicant import ApplicantScreen
from screens.file import FileScreen
from tests.tui.conftest import SIZE, login, search_for, settle, type_into

MARKUP_NAME = "[bold]Siti[/bold] [@click=app.quit]Rahayu[/]\x1b[31m"


def legacy_applicant(db, office_id) -> Applicant:
    """A record from before the name checks (an old import): markup and an escape code."""
    person = Applicant(
        office_id=office_id,
        nik="3305014203960007",
        full_name=MARKUP_NAME,
        name_key="siti rahayu",
        birth_date=date(1996, 3, 2),
        sex="P",
        marital_status="single",
        address_line="[red]Jl. Mawar[/red] [@click=app.bell]No. 1[/]",
    )
    with db.transaction() as session:
        session.add(person)
    return person


async def test_markup_and_control_characters_in_stored_text_stay_inert(
    make_app, db, operator
) -> None:
    legacy_applicant(db, operator.office_id)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await search_for(pilot, "siti")
        name_cell = app.screen.query_one("#results").get_row_at(0)[0]
        assert name_cell.plain == "[bold]Siti[/bold] [@click=app.quit]Rahayu[/]␛[31m"
        assert not name_cell.spans and not name_cell.style
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)
        head = app.screen.query_one("#file-head").render()
        assert "[@click=app.quit]Rahayu[/]␛[31m" in str(head)
        assert "[red]Jl. Mawar[/red]" in str(head)
        await pilot.click("#file-head", offset=(20, 0))  # a click on the "link" does nothing
        await settle(pilot)
        assert app.is_running
        assert "\x1b" not in app.export_screenshot()


async def test_keys_are_remappable_and_help_shows_the_real_keys(make_app) -> None:
    app = make_app(keymap={"home.new_applicant": "f12"})
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert not isinstance(app.screen, ApplicantScreen)
        await pilot.press("f1")
        await settle(pilot)
        help_text = " ".join(str(s.render()) for s in app.screen.query(".help-row"))
        assert re.search(r"F12\s+Daftarkan pemohon baru", help_text)
        assert "Buka daftar periksa dokumen  (tidak tersedia sekarang)" in help_text
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, ApplicantScreen)


async def test_palette_offers_only_what_is_valid_now(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        provider = next(p for p in palette._providers if type(p).__name__ == "DeskCommands")
        offered = [text for text, _, _ in provider._entries()]
        assert any("Daftarkan pemohon baru" in text for text in offered)
        assert not any("daftar periksa" in text for text in offered)  # nothing selected yet
        type_into(pilot, "CommandInput", "antrean")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "QueueScreen"


async def test_english_from_settings(make_app) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Operator login" in str(app.screen.query_one(".dialog-title").render())
        await login(pilot)
        footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
        assert "New" in footer and "Queue" in footer


SOURCES = [*Path("screens").glob("*.py"), *Path("forms").glob("*.py")]


def test_every_literal_ui_key_and_command_is_in_both_catalogs() -> None:
    from forms.commands import REGISTRY

    keys = set()
    for path in SOURCES:
        keys |= set(re.findall(r'\bui\(\s*"([a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    for command in REGISTRY.values():
        keys |= {f"cmd.{command.label}", f"cmd_help.{command.label}"}
    for lang in ("id", "en"):
        missing = sorted(k for k in keys if f"ui.{k}" not in catalog(lang))
        assert missing == [], lang
