"""A new applicant from the first keystroke to a printed checklist, and the form's safeguards."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.widgets import Select

from forms.applicant import ApplicantForm
from ltsa_desk.db.models import Applicant, ItemStatus, RequirementItem
from ltsa_desk.services.offices import add_p3mi
from screens.checklist import ChecklistScreen
from tests.tui.conftest import SIZE, choose, fill, login, settle, type_into
from tests.unit.services.helpers import DEPARTURE

NIK = "3305014203960001"  # woman born 02-03-1996, Kec. Ayah, Kab. Kebumen
SITI_REST = {
    "full_name": "Siti Rahayu",
    "birth_place": "Kebumen",
    "phone": "081234567890",
    "marital_status": "married",
    "spouse_name": "Slamet",
    "scheme": "p2p",
    "destination": "HK",
    "sector": "domestic",
    "job": "Penata laksana rumah tangga",
    "planned_departure": f"{DEPARTURE:%d-%m-%Y}",
}


async def start_form(pilot) -> ApplicantForm:
    await login(pilot)
    await pilot.press("f2")
    await settle(pilot)
    return pilot.app.screen.query_one(ApplicantForm)


async def test_full_intake_to_printed_checklist(make_app, db, admin, tmp_path: Path) -> None:
    add_p3mi(db, admin, name="PT Contoh Jaya", licence_number="SIP3MI-9/2024")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await start_form(pilot)
        await fill(pilot, nik=NIK)
        values = form.values()
        assert values["birth_date"] == "02-03-1996"
        assert values["sex"] == "P"
        assert values["district"] == "33.05.01"
        await choose(pilot, "village_code", "Argopeni")
        assert form.values()["village_code"] == "33.05.01.2001"
        await choose(pilot, "p3mi_id", "Contoh")
        assert "SIP3MI-9/2024" in form.values()["p3mi_id:detail"]
        form.load({**form.values(), **SITI_REST})
        await pilot.press("f10")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChecklistScreen), screen
        assert screen.checklist is not None
        total = screen.checklist.completeness.total
        assert total > 3
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("down", "v")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        # Opening the details keeps the status as it is: the operator chooses the new one.
        status = app.screen.query_one("#d-status", Select)
        assert status.value == ItemStatus.MISSING
        status.value = ItemStatus.RECEIVED
        type_into(pilot, "#d-number", "KTP-123")
        type_into(pilot, "#d-issue_date", "01-02-2020")
        app.screen.query_one("#ok").press()
        await settle(pilot)
        refused = getattr(app.screen, "findings", None)
        assert isinstance(app.screen, ChecklistScreen), refused
        await pilot.press("f6")
        await settle(pilot)
    with db.read() as session:
        applicant = session.exec(select(Applicant)).one()
        assert applicant.full_name == "Siti Rahayu"
        statuses = sorted(i.status for i in session.exec(select(RequirementItem)))
    assert statuses.count(ItemStatus.MISSING) == total - 3
    assert ItemStatus.VERIFIED in statuses
    assert list((tmp_path / "out").rglob("*.pdf"))


async def test_existing_nik_offers_to_open_that_record(make_app, db, operator) -> None:
    from screens.file import FileScreen
    from tests.tui import seed

    existing = seed.applicant(db, operator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_form(pilot)
        await fill(pilot, nik=NIK)
        dialog = app.screen
        assert type(dialog).__name__ == "ConfirmDialog"
        assert dialog.focused is not None and dialog.focused.id == "confirm"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)
        assert app.screen.applicant_id == existing.id


async def test_errors_block_saving_and_warnings_need_a_reason(make_app, db) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await start_form(pilot)
        await fill(pilot, nik=NIK, full_name="Siti Rahayu", birth_date="31-02-1996")
        row = form.query_one("#row-birth_date")
        assert row.has_class("-error")
        assert "✖" in row.message_text
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen.focused is form.control("birth_date")
        with db.read() as session:
            assert session.exec(select(Applicant)).first() is None
        # A birth date that differs from the NIK's is only a warning: it needs a reason.
        form.load({**form.values(), "marital_status": "single"})
        await fill(pilot, birth_date="03-03-1996")
        assert form.query_one("#row-birth_date").has_class("-warning")
        await pilot.press("f10")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "WarningsDialog"
        await pilot.press("enter")  # no reason typed: refused, focus stays on the reason
        await settle(pilot)
        assert app.screen is dialog
        type_into(pilot, "#reason-0", "KTP lama, tanggal lahir di akta berbeda")
        dialog.query_one("#proceed").press()
        await settle(pilot)
    with db.read() as session:
        saved = session.exec(select(Applicant)).one()
    assert saved.birth_date.isoformat() == "1996-03-03"
    assert "KTP lama" in next(iter(saved.acknowledged.values()))


async def test_possible_duplicate_is_listed_and_needs_a_reason(make_app, db, operator) -> None:
    from tests.tui import seed

    seed.applicant(db, operator)  # Siti Rahayu, born 02-03-1996
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await start_form(pilot)
        await fill(pilot, nik="3305014203960002")
        form.load({**form.values(), "full_name": "Siti Rahayu", "marital_status": "single"})
        await pilot.press("f10")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "WarningsDialog"
        codes = [f.code for f in dialog.findings]
        assert "applicant.possible_duplicate" in codes
        dialog.query_one("#back").press()
        await settle(pilot)
        assert app.screen.query_one(ApplicantForm) is form


async def test_escape_asks_before_discarding_and_the_safe_choice_has_focus(make_app) -> None:
    from screens.home import HomeScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await start_form(pilot)
        await fill(pilot, full_name="Siti Rahayu")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        assert app.screen.focused.id == "keep"
        await pilot.press("enter")  # keeps the form
        await settle(pilot)
        assert form.values()["full_name"] == "Siti Rahayu"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "enter")  # the destructive choice must be chosen on purpose
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.desk.drafts.names() == []


async def test_draft_survives_a_crash_and_reopens(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_form(pilot)
        await fill(pilot, nik=NIK, full_name="Siti Rahayu", address_line="Dusun Krajan RT 01")
        await pilot.pause(0.6)  # the draft is written shortly after typing stops
        await settle(pilot)
        assert app.desk.drafts.names() == ["operator.applicant"]
    # The desk went down without saving; the next session finds the draft.
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await login(pilot)
        assert "draf" in str(again.screen.query_one("#drafts-hint").render())
        await pilot.press("f2")
        await settle(pilot)
        values = again.screen.query_one(ApplicantForm).values()
        assert values["full_name"] == "Siti Rahayu"
        assert values["address_line"] == "Dusun Krajan RT 01"
        assert values["district"] == "33.05.01"


async def test_programmes_offered_fit_the_plan_and_optional_pickers_never_choose(
    make_app,
) -> None:
    from forms.widgets import Picker

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await start_form(pilot)
        await choose(pilot, "scheme", "P to P")
        await fill(pilot, destination="HK")
        programme = form.control("programme")
        assert isinstance(programme, Picker)
        programme.input.focus()
        await settle(pilot)
        assert programme.choices == []  # EPS, EPA, SP2T… are not for P to P Hong Kong
        assert "tidak ada program" in programme.input.placeholder
        await pilot.press("enter")  # Enter on an optional picker leaves it empty
        await settle(pilot)
        assert form.values()["programme"] == ""
        await choose(pilot, "scheme", "G to G")
        await fill(pilot, destination="KR")
        programme.input.focus()
        await settle(pilot)
        assert [c.value for c in programme.choices] == ["eps"]
        await pilot.press("enter")
        await settle(pilot)
        assert form.values()["programme"] == ""
        programme.input.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert form.values()["programme"] == "eps"


async def test_a_value_too_long_is_refused_visibly_and_a_searched_name_is_carried(
    make_app,
) -> None:
    from screens.home import HomeScreen
    from tests.tui.conftest import search_for

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        assert isinstance(app.screen, HomeScreen)
        await search_for(pilot, "siti rahayu")
        await pilot.press("f2")
        await settle(pilot)
        form = app.screen.query_one(ApplicantForm)
        assert form.values()["full_name"] == "Siti Rahayu"
        assert app.screen.focused is form.control("nik")  # the NIK is still to be typed
        name = form.control("full_name")
        name.focus()
        await settle(pilot)
        name.value = "Siti " + "a" * 94  # 99 characters: one more fits
        name.cursor_position = len(name.value)
        await pilot.press("b", "c")
        await settle(pilot)
        assert len(form.values()["full_name"]) == 100
        row = form.query_one("#row-full_name")
        assert "100" in row.message_text  # said under the field, not cut without a word
