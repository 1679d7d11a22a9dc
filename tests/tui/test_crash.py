"""An unexpected error in the desk: a log with the traceback and no personal data, the draft
kept, and a screen that names the log file; the desk runs on."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.applicant import ApplicantForm
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
    app = make_app(lang="en")
    with pytest.raises(Boom):  # Pilot still re-raises it at the end, so that no bug hides
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
            assert "Boom" in logged and "action_section" in logged
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
