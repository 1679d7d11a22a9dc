"""Recording documents with single keys: rejection and the supervisor-only waiver."""

from __future__ import annotations

from sqlmodel import col, select

from ltsa_desk.db.models import AuditEvent, ItemStatus, Operator, RequirementItem
from screens.checklist import ChecklistScreen
from tests.conftest import PASSWORDS
from tests.tui import seed
from tests.tui.conftest import SIZE, login, settle, type_into


async def open_checklist(pilot, application_id) -> ChecklistScreen:
    screen = ChecklistScreen(application_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def item_status(db, item_id) -> str:
    with db.read() as session:
        return str(session.get(RequirementItem, item_id).status)


async def test_waiver_needs_a_supervisor(make_app, db, operator, admin) -> None:
    _, application = seed.visit(db, operator, admin, received=0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "operator")
        screen = await open_checklist(pilot, application.id)
        item = screen.highlighted().item
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert dialog.query("#w-supervisor")  # the operator may not waive alone
        type_into(pilot, "#w-supervisor", "operator")
        type_into(pilot, "#w-password", PASSWORDS["operator"])
        type_into(pilot, "#w-reason", "Sudah ada di berkas lama")
        dialog.query_one("#ok").press()
        await settle(pilot)
        assert item_status(db, item.id) == ItemStatus.MISSING  # an operator's login is refused
        await pilot.press("w")
        await settle(pilot)
        type_into(pilot, "#w-supervisor", "supervisor")
        type_into(pilot, "#w-password", PASSWORDS["supervisor"])
        type_into(pilot, "#w-reason", "Sudah ada di berkas lama")
        app.screen.query_one("#ok").press()
        await settle(pilot)
        assert item_status(db, item.id) == ItemStatus.WAIVED
    with db.read() as session:
        event = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "waive_item")).one()
        assert session.get(Operator, event.operator_id).username == "supervisor"


async def test_supervisor_waives_and_operator_rejects_with_reason(
    make_app, db, operator, admin
) -> None:
    _, application = seed.visit(db, operator, admin, received=0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "supervisor")
        screen = await open_checklist(pilot, application.id)
        first = screen.highlighted().item
        await pilot.press("w")
        await settle(pilot)
        assert not app.screen.query("#w-supervisor")
        type_into(pilot, "#w-reason", "Dibebaskan sesuai surat dinas")
        await pilot.press("enter")
        await settle(pilot)
        assert item_status(db, first.id) == ItemStatus.WAIVED
        second = screen.highlighted().item  # the cursor stays; move to the next item
        await pilot.press("down", "x")
        await settle(pilot)
        second = screen.highlighted().item
        type_into(pilot, "#reason", "Fotokopi tidak terbaca")
        await pilot.press("enter")
        await settle(pilot)
        assert item_status(db, second.id) == ItemStatus.REJECTED
        assert "Fotokopi tidak terbaca" in str(screen.query_one("#item-detail").render())
        await pilot.press("f")  # only what is still missing (a rejected one must be brought)
        await settle(pilot)
        shown = screen.visible_rows()
        assert all(r.status in ("missing", "rejected") for r in shown)
        assert first.id not in {r.item.id for r in shown}


async def test_reevaluation_shows_what_changed(make_app, db, operator, admin) -> None:
    _, application = seed.visit(db, operator, admin, received=0)
    with db.transaction() as session:
        dropped = session.exec(
            select(RequirementItem).where(col(RequirementItem.application_id) == application.id)
        ).first()
        dropped.required = False  # as if an older ruleset had not required it
        session.add(dropped)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        screen = await open_checklist(pilot, application.id)
        assert dropped.id not in {r.item.id for r in screen.visible_rows()}
        await pilot.press("f7")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "ConfirmDialog"
        assert "+ " in dialog.question
        assert dialog.focused.id == "keep"
        dialog.query_one("#confirm").press()
        await settle(pilot)
        assert dropped.id in {r.item.id for r in screen.visible_rows()}


async def test_escape_in_a_dialog_asks_before_losing_what_was_typed(
    make_app, db, operator, admin
) -> None:
    _, application = seed.visit(db, operator, admin, received=0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await open_checklist(pilot, application.id)
        await pilot.press("x")
        await settle(pilot)
        reason_dialog = app.screen
        type_into(pilot, "#reason", "Fotokopi tidak terbaca")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("enter")  # the safe choice: keep typing
        await settle(pilot)
        assert app.screen is reason_dialog


async def test_an_extra_enter_on_a_missing_document_records_nothing(
    make_app, db, operator, admin
) -> None:
    """Enter opens the details; F10 straight after must not record a document never handed in
    (the form used to open with "received" already chosen)."""
    _, application = seed.visit(db, operator, admin, received=0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "operator")
        screen = await open_checklist(pilot, application.id)
        item = screen.highlighted().item
        await pilot.press("enter", "f10")
        await settle(pilot)
        assert app.screen is screen
        assert item_status(db, item.id) == ItemStatus.MISSING
        await pilot.press("enter", "enter", "enter", "enter", "enter", "enter", "enter", "f10")
        await settle(pilot)
        assert item_status(db, item.id) == ItemStatus.MISSING
    with db.read() as session:
        recorded = select(AuditEvent).where(col(AuditEvent.action) == "document.record")
        assert session.exec(recorded).first() is None


async def test_print_without_a_printer_and_a_ticket_say_what_happened(
    make_app, db, operator, admin
) -> None:
    from forms.i18n import ui

    _, application = seed.visit(db, operator, admin)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot, "operator")
        await open_checklist(pilot, application.id)
        await pilot.press("f6", "f4")
        await settle(pilot)
        said = [n.message for n in app._notifications]
    assert any(ui("print.not_configured") in message for message in said), said
    tickets = [message for message in said if message.startswith("Tiket ")]
    assert tickets, said
    assert "meja " in tickets[0] and "pemohon" in tickets[0]


async def test_the_checklist_columns_use_a_wide_terminal(make_app, db, operator, admin) -> None:
    from textual.widgets import DataTable

    _, application = seed.visit(db, operator, admin)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot, "operator")
        screen = await open_checklist(pilot, application.id)
        table = screen.query_one("#items", DataTable)
        widths = {str(c.key.value): c.width for c in table.columns.values()}
        assert {"number", "expiry"} <= set(widths)  # shown in columns from 110 wide
        assert widths["document"] >= 50
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        widths = {str(c.key.value): c.width for c in table.columns.values()}
        assert "number" not in widths and widths["document"] < 50


async def test_basis_names_the_regulation_and_the_age_measuring_date(
    make_app, db, operator, admin
) -> None:
    _, application = seed.visit(db, operator, admin, received=0)
    with db.transaction() as session:  # a file stored before sources lived in the ruleset
        item = session.exec(
            select(RequirementItem).where(col(RequirementItem.document_code) == "pas_foto")
        ).one()
        item.basis = "Persyaratan pendaftaran dan rekomendasi paspor [S12][S13][S14]"
        session.add(item)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        screen = await open_checklist(pilot, application.id)
        row = next(r for r in screen.visible_rows() if r.item.document_code == "pas_foto")
        table = screen.query_one("#items")
        table.move_cursor(row=screen.visible_rows().index(row))
        await pilot.press("b")
        await settle(pilot)
        detail = str(screen.query_one("#item-detail").render())
        assert "SP AKAN Kota Ambon" in detail and "[S12]" not in detail
        assert "dihitung pada tanggal rencana keberangkatan" in detail  # UU 18/2017 Pasal 5
