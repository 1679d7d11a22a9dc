"""An unexpected error in the desk: a log with the traceback and no personal data, the draft
kept, and a screen that names the log file; the desk runs on."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.applicant import ApplicantForm
from ltsa_desk import logs
from screens.applicant import ApplicantScreen
from screens.crash import ErrorScreen
from tests.tui.conftest import SIZE, fill, login, settle, type_into

NIK = "3305014203960001"
NAME = "Siti Rahayu"


class Boom(RuntimeError):
    pass


async def test_forced_error_keeps_the_draft_and_names_the_log(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: ApplicantScreen, step: int) -> None:
        # The kind of text a real bug carries: a value from the form in the exception.
        raise Boom(f"cannot use {NIK!r} here")

    monkeypatch.setattr(ApplicantScreen, "action_section", broken)
    logs.setup()  # as ``ltsa-desk`` does before it starts the desk
    app = make_app(lang="en")
    app.reraise_when_headless = False  # this test is about what the operator sees instead
    reached: list[bool] = []
    if True:
        async with app.run_test(size=SIZE) as pilot:
            await login(pilot)
            await pilot.press("f2")
            await settle(pilot)
            await fill(pilot, nik=NIK, full_name=NAME)
            # Typed, not yet left: the draft timer has not saved this field.
            type_into(pilot, "#f-address_line", "Dusun Krajan RT 01")
            await pilot.press("f8")
            await settle(pilot)

            assert isinstance(app.screen, ErrorScreen)
            shown = str(app.screen.query_one("#error-text").render())
            log_file = tmp_path / "logs" / "ltsa-desk.log"
            assert str(log_file) in shown
            assert "Boom" in shown and "draft" in shown

            logged = log_file.read_text(encoding="utf-8")
            assert "Traceback (most recent call last)" in logged
            assert "Boom" in logged and "in broken" in logged
            assert NIK not in logged and NAME not in logged
            assert "3305••••0001" in logged

            values = app.desk.drafts.load("operator.applicant")
            assert values is not None
            assert values.values["full_name"] == NAME
            assert values.values["address_line"] == "Dusun Krajan RT 01"

            # Esc goes back to the form, which is still there with what was typed.
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ApplicantScreen)
            assert app.screen.query_one(ApplicantForm).values()["full_name"] == NAME
            reached.append(True)
    assert reached == [True]


async def test_help_shows_version_rules_and_where_files_are(make_app, tmp_path: Path) -> None:
    from ltsa_desk import __version__
    from ltsa_desk.services.rulesets import current_ruleset

    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")  # before login: the version already
        await settle(pilot)
        shown = " ".join(str(s.render()) for s in app.screen.query(".about-row"))
        assert f"LTSA Desk {__version__}" in shown
        await pilot.press("escape")
        await login(pilot)
        await pilot.press("f1")
        await settle(pilot)
        shown = " ".join(str(s.render()) for s in app.screen.query(".about-row"))
        assert current_ruleset().ref in shown
        assert str(tmp_path / "logs" / "ltsa-desk.log") in shown
        assert "Backups" in shown and "Drafts" in shown


async def test_the_theme_chosen_is_kept_for_the_next_start(make_app, tmp_path: Path) -> None:
    from screens.theme import DESK_DARK, DESK_LIGHT

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == DESK_DARK.name
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == DESK_LIGHT.name
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == DESK_LIGHT.name
        await pilot.press("ctrl+t")
        await settle(pilot)
    assert make_app().theme == DESK_DARK.name
    # A damaged file is no preference, not a failure.
    (tmp_path / "state" / "desk-preferences.json").write_text("{not json", encoding="utf-8")
    assert make_app().theme == DESK_DARK.name


async def test_an_error_that_stops_a_widget_closes_the_desk_with_the_log_named(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A widget's handler is outside the screens' catch: its node stops, so the desk closes,
    still without a traceback on the terminal, the sentences naming the log instead."""
    from screens.base import StatusBar

    def broken(self: StatusBar) -> None:
        raise Boom("status bar")

    logs.setup()
    monkeypatch.setattr(StatusBar, "on_mount", broken)
    app = make_app(lang="en")
    app.reraise_when_headless = False
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)  # the home screen's status bar raises as it mounts
        await settle(pilot)
    assert app.return_code == 1
    log_file = tmp_path / "logs" / "ltsa-desk.log"
    logged = log_file.read_text(encoding="utf-8")
    assert "Boom: status bar" in logged and "closing the desk" in logged
