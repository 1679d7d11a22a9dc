"""Today's queue: issue a ticket for a desk, call the next one, mark it served or skipped, and
open the applicant's file from the ticket."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Static

from forms.commands import Command, bindings
from forms.dialogs import ChoiceDialog
from forms.i18n import ui
from forms.safe import literal
from ltsa_desk.db.models import QueueTicket, TicketStatus
from ltsa_desk.services.applicant_file import applicant_names
from ltsa_desk.services.queue import call_next, finish_ticket, issue_ticket, list_queue
from ltsa_desk.services.rulesets import current_ruleset
from screens.base import DeskFooter, DeskScreen, StatusBar, short_desk

ISSUE = Command("queue.issue", "f2", "issue", "issue_ticket")
DESK = Command("queue.desk", "f3", "choose_desk", "choose_desk")
CALL = Command("queue.call", "f5", "call", "call_next")
SERVE = Command("queue.serve", "f6", "finish(False)", "serve")
SKIP = Command("queue.skip", "f7", "finish(True)", "skip")
OPEN = Command("queue.open", "enter", "open", "open_ticket", show=False)
BACK = Command("queue.back", "escape", "back", "back")


class QueueScreen(DeskScreen[None]):
    BINDINGS = bindings(ISSUE, DESK, CALL, SERVE, SKIP, OPEN, BACK)
    GATED = ("finish", "open")

    @dataclass
    class Loaded(Message):
        tickets: list[QueueTicket]
        names: dict[uuid.UUID, str]
        desks: list[tuple[str, str]]
        focus: uuid.UUID | None

    def __init__(self) -> None:
        super().__init__()
        self.tickets: dict[str, QueueTicket] = {}
        self.names: dict[uuid.UUID, str] = {}
        self.desks: list[tuple[str, str]] = []
        #: The desk this counter calls for; None shows every desk.
        self.desk_code: str | None = None

    @property
    def title_text(self) -> str:
        return ui("queue.title")

    def compose(self) -> ComposeResult:
        yield StatusBar(ui("queue.title"))
        yield Static("", id="queue-desk")
        yield DataTable(id="tickets", cursor_type="row", zebra_stripes=True)
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one("#tickets", DataTable)
        for key, width in (
            ("code", 8),
            ("desk", 18),
            ("status", 10),
            ("counter", 6),
            ("who", None),
        ):
            table.add_column(ui(f"queue.col.{key}"), key=key, width=width)
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, focus: uuid.UUID | None = None) -> None:
        self.load(focus)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load(self, focus: uuid.UUID | None) -> None:
        desk = self.desk
        lang = desk.lang
        desks = [
            (d.name_en if lang == "en" else d.name_id, d.code)
            for d in sorted(current_ruleset().desks, key=lambda d: d.order)
        ]
        tickets = list_queue(
            desk.db, desk.operator.office_id, desk=self.desk_code, today=desk.today()
        )
        ids = [t.applicant_id for t in tickets if t.applicant_id is not None]
        names = applicant_names(desk.db, desk.operator, ids)
        self.post_message(self.Loaded(tickets, names, desks, focus))

    def desk_name(self, code: str) -> str:
        return short_desk(next((name for name, value in self.desks if value == code), code))

    def on_queue_screen_loaded(self, message: Loaded) -> None:
        self.desks, self.names = message.desks, message.names
        self.query_one("#queue-desk", Static).update(
            ui(
                "queue.showing",
                desk=self.desk_name(self.desk_code) if self.desk_code else ui("queue.all_desks"),
            )
        )
        table = self.query_one("#tickets", DataTable)
        table.clear()
        self.tickets = {str(t.id): t for t in message.tickets}
        for ticket in message.tickets:
            name = self.names.get(ticket.applicant_id) if ticket.applicant_id else None
            table.add_row(
                Text(ticket.code, style="bold"),
                literal(self.desk_name(ticket.desk)),
                Text(ui(f"ticket_status.{ticket.status}")),
                literal(ticket.counter),
                literal(name) if name else Text("—"),
                key=str(ticket.id),
            )
        focus = str(message.focus) if message.focus else None
        if focus in self.tickets:
            table.move_cursor(row=table.get_row_index(focus))
        self.update_bindings()

    def highlighted(self) -> QueueTicket | None:
        table = self.query_one("#tickets", DataTable)
        if not self.tickets or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.tickets.get(key or "")

    @on(DataTable.RowHighlighted)
    def row_highlighted(self) -> None:
        self.update_bindings()

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        ticket = self.highlighted()
        if action == "finish":
            return True if ticket is not None and ticket.status == TicketStatus.CALLED else None
        if action == "open":
            return True if ticket is not None else None
        return True

    # --- verbs ---------------------------------------------------------------------------------

    def with_desk(self, then: str) -> None:
        """Run ``then`` (issue or call) for this counter's desk, asking for it when not set."""
        if self.desk_code is not None and then == "call":
            self.call_for(self.desk_code)
            return

        def chosen(code: str | None) -> None:
            if code:
                (self.issue_for if then == "issue" else self.call_for)(code)

        self.app.push_screen(ChoiceDialog(ui(f"queue.pick_desk_{then}"), self.desks), chosen)

    def action_issue(self) -> None:
        self.with_desk("issue")

    def action_call(self) -> None:
        self.with_desk("call")

    def action_choose_desk(self) -> None:
        choices = [(ui("queue.all_desks"), ""), *self.desks]

        def chosen(code: str | None) -> None:
            if code is not None:
                self.desk_code = code or None
                self.reload()

        self.app.push_screen(ChoiceDialog(ui("queue.pick_desk_filter"), choices), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def issue_for(self, code: str) -> None:
        ticket = issue_ticket(self.desk.db, self.desk.operator, code, today=self.desk.today())
        self.notify_from_worker(ui("queue.issued", code=ticket.code))
        self.post_message(self.Refresh(ticket.id))

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def call_for(self, code: str) -> None:
        desk = self.desk
        ticket = call_next(
            desk.db, desk.operator, code, counter=desk.settings.counter, today=desk.today()
        )
        self.notify_from_worker(ui("queue.called", code=ticket.code, counter=desk.settings.counter))
        self.post_message(self.Refresh(ticket.id))

    def action_finish(self, skipped: bool) -> None:
        ticket = self.highlighted()
        if ticket is not None and ticket.status == TicketStatus.CALLED:
            self.finish(ticket.id, ticket.version, skipped)

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def finish(self, ticket_id: uuid.UUID, version: int, skipped: bool) -> None:
        finish_ticket(
            self.desk.db, self.desk.operator, ticket_id, expected_version=version, skipped=skipped
        )
        self.post_message(self.Refresh(ticket_id))

    @dataclass
    class Refresh(Message):
        focus: uuid.UUID | None = None

    @dataclass
    class Notice(Message):
        text: str

    def notify_from_worker(self, text: str) -> None:
        self.post_message(self.Notice(text))

    def on_queue_screen_notice(self, message: Notice) -> None:
        self.notify(message.text, timeout=6)

    def on_queue_screen_refresh(self, message: Refresh) -> None:
        self.reload(message.focus)

    def action_open(self) -> None:
        ticket = self.highlighted()
        if ticket is None:
            return
        if ticket.application_id is not None:
            from screens.checklist import ChecklistScreen

            self.app.push_screen(ChecklistScreen(ticket.application_id))
        elif ticket.applicant_id is not None:
            from screens.file import FileScreen

            self.app.push_screen(FileScreen(ticket.applicant_id))
        else:
            self.notify(ui("queue.not_linked", code=ticket.code), timeout=6)

    def action_back(self) -> None:
        self.dismiss(None)
