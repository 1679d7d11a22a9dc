"""A returning applicant found and resumed; the queue from ticket to file."""

from __future__ import annotations

from sqlmodel import select

from ltsa_desk.db.models import QueueTicket, TicketStatus
from ltsa_desk.services.queue import issue_ticket
from screens.checklist import ChecklistScreen
from screens.file import FileScreen
from screens.queue import QueueScreen
from tests.tui import seed
from tests.tui.conftest import SIZE, login, search_for, settle


async def test_returning_applicant_is_found_and_continues(make_app, db, operator, admin) -> None:
    _person, _application = seed.visit(db, operator, admin, received=2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await search_for(pilot, "siti rah")
        results = app.screen.query_one("#results")
        assert results.row_count == 1
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FileScreen)
        resume = str(screen.query_one("#file-resume").render())
        assert "1 kunjungan" in resume and "Budi Operator" in resume
        history = screen.query_one("#history")
        described = [str(history.get_row_at(i)[2]) for i in range(history.row_count)]
        assert any("Pemohon didaftarkan" in line for line in described)
        assert sum("→ diterima" in line for line in described) == 2
        await pilot.press("f5")
        await settle(pilot)
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        row = checklist.highlighted()
        assert row is not None and row.status == "missing"  # continues at the first open item
        assert "Kelengkapan 0/" in str(checklist.query_one("#completeness").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FileScreen)


async def test_queue_issue_call_serve_and_open_the_file(make_app, db, operator, admin) -> None:
    person, application = seed.visit(db, operator, admin, received=0)
    from tests.conftest import TODAY

    issue_ticket(
        db,
        operator,
        "kesehatan",
        applicant_id=person.id,
        application_id=application.id,
        today=TODAY,
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        await pilot.press("f4")
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        assert queue.query_one("#tickets").row_count == 1
        await pilot.press("f2")  # issue a ticket: pick the desk from a list
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert queue.query_one("#tickets").row_count == 2
        await pilot.press("f5")  # call the next one of a desk
        await settle(pilot)
        dialog = app.screen
        options = dialog.query_one("#choices")
        options.highlighted = [v for _, v in dialog.choices].index("kesehatan")
        await pilot.press("enter")
        await settle(pilot)
        ticket = queue.highlighted()
        assert ticket is not None and ticket.code == "KES-001"
        assert ticket.status == TicketStatus.CALLED
        await pilot.press("enter")  # the applicant's file opens from the ticket
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.application_id == application.id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f6")  # served
        await settle(pilot)
    with db.read() as session:
        served = session.exec(select(QueueTicket).where(QueueTicket.code == "KES-001")).one()
    assert served.status == TicketStatus.SERVED
