"""Desk home: search as you type, today's queue and counts, and the main verbs on F-keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import get_current_worker

from forms.commands import Command, bindings
from forms.dialogs import ConfirmDialog
from forms.field_input import FieldInput
from forms.i18n import ui
from forms.safe import literal
from ltsa_desk import clock
from ltsa_desk.db.models import QueueTicket, TicketStatus
from ltsa_desk.identity import load_region_data, mask_nik
from ltsa_desk.services.queue import list_queue
from ltsa_desk.services.rulesets import current_ruleset
from ltsa_desk.services.search import (
    MAX_QUERY_LENGTH,
    MIN_NAME_LETTERS,
    SearchHit,
    search_applicants,
)
from ltsa_desk.services.summary import DeskSummary, desk_summary
from ltsa_desk.sync.status import SyncStatus, sync_status
from screens.base import DeskFooter, DeskScreen, StatusBar, short_desk
from screens.printing import PrintsChecklists

NEW = Command("home.new_applicant", "f2", "new_applicant", "new_applicant")
SEARCH = Command("home.search", "f3", "search", "search", show=False)
QUEUE = Command("home.queue", "f4", "queue", "queue")
CHECKLIST = Command("home.checklist", "f5", "checklist", "checklist")
PRINT = Command("home.print", "f6", "print", "print")
RECAP = Command("home.recap", "f9", "recap", "recap")
AUDIT = Command("home.audit", "f8", "audit", "audit")
CONFLICTS = Command("home.conflicts", "f7", "conflicts", "conflicts")
LOGOUT = Command("home.logout", "escape", "logout", "logout")
#: Actions offered only to the roles allowed to use them (the permission each needs).
ROLE_ACTIONS = {"audit": "read_audit", "conflicts": "resolve_sync_conflict"}
TO_RESULTS = Command("home.to_results", "down", "to_results", "to_results", show=False)

SEARCH_LIMIT = 20
#: Seconds after the last key before the search box searches, so that the prefixes of a name
#: being typed are never searched: a search's thread holds the GIL and its results rebuild the
#: table and footer, each delaying the next key's echo. Keys typed ~200 ms apart (the bench's
#: cadence, an ordinary typist's) outran a 0.15 s delay and had a search start before nearly
#: every key; at 0.25 s none did.
SEARCH_DELAY = 0.25
NIK_LENGTH = 16
NAME_WIDTH = 17
QUEUE_LIMIT = 30
OPEN_TICKETS = (TicketStatus.WAITING, TicketStatus.CALLED)


class HomeScreen(PrintsChecklists, DeskScreen[None]):
    BINDINGS = bindings(
        NEW, SEARCH, QUEUE, CHECKLIST, PRINT, RECAP, AUDIT, CONFLICTS, LOGOUT, TO_RESULTS
    )
    GATED = ("checklist", "print", "to_results")
    AUTO_FOCUS = "#search"

    @dataclass
    class SearchDone(Message):
        query: str
        hits: list[SearchHit]

    @dataclass
    class Overview(Message):
        summary: DeskSummary
        tickets: list[QueueTicket]
        drafts: list[str]
        sync: SyncStatus
        #: Each desk's name in the UI language, by code.
        desk_names: dict[str, str]

    def __init__(self) -> None:
        super().__init__()
        self.hits: dict[str, SearchHit] = {}
        #: The search box text ``hits`` answer (None: none yet).
        self._hits_for: str | None = None
        #: The search waiting for the pause after the last key.
        self._search_timer: Timer | None = None
        #: Enter was pressed before the results of this text arrived: act on them then.
        self._submit_when_found: str | None = None
        #: The name column's width: the columns are rebuilt only when it changes.
        self._name_width = 0

    @property
    def title_text(self) -> str:
        return ui("home.title")

    def compose(self) -> ComposeResult:
        yield StatusBar(self.desk.office_name or ui("home.title"))
        with Horizontal(id="search-row"):
            yield Label(ui("home.search_label"), id="search-label")
            yield FieldInput(
                id="search",
                placeholder=ui("home.search_placeholder"),
                max_length=MAX_QUERY_LENGTH,  # a pasted page of text is refused, not searched
                compact=True,
            )
        with Horizontal(id="home-body"):
            with Vertical(id="results-pane"):
                yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
                yield Static(ui("home.results_hint"), id="results-hint", classes="hint")
            with Vertical(id="side"):
                yield Static("", id="counts")
                yield Label(ui("home.queue_title"), classes="section-title")
                yield DataTable(id="queue", cursor_type="none", show_header=False)
        yield Static("", id="drafts-hint", classes="hint")
        yield DeskFooter()

    def on_mount(self) -> None:
        queue = self.query_one("#queue", DataTable)
        queue.add_column("code", key="code", width=7)
        queue.add_column("desk", key="desk", width=15)
        self.refresh_overview()
        self.warm_up()

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm-up")
    def warm_up(self) -> None:
        """Region tables and rules load now, so the first intake of the day does not wait."""
        load_region_data()
        current_ruleset()

    def on_screen_resume(self) -> None:
        self.refresh_overview()
        self.run_search(self.query_one("#search", Input).value)

    # --- search -----------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        """Search once the typing pauses (``SEARCH_DELAY``), a whole NIK at once. Text too
        short to search also waits for the pause before its hint replaces the results: the
        footer's keys change with them, and rebuilding it costs more than a key's budget."""
        self._cancel_pending_search()
        self._submit_when_found = None
        if is_whole_nik(event.value):
            self.run_search(event.value)
        else:
            self._search_timer = self.set_timer(SEARCH_DELAY, self._search_typed)

    def _search_typed(self) -> None:
        self._search_timer = None
        self.run_search(self.query_one("#search", Input).value)

    def _cancel_pending_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        """Enter searches at once if the results are not in yet, then acts on them: a NIK or
        registration number that finds one person opens the file, several take the focus."""
        query = self.query_one("#search", Input).value
        if self._hits_for != query:
            self._cancel_pending_search()
            self._submit_when_found = query
            self.run_search(query)
            return
        self._act_on_hits()

    def _act_on_hits(self) -> None:
        if len(self.hits) == 1:
            self.open_file(next(iter(self.hits.values())).applicant_id)
        elif self.hits:
            self.set_focus(self.query_one("#results", DataTable))

    def run_search(self, query: str) -> None:
        if not searchable(query):
            self._hits_for = query
            self.show_hits(query, [])
            return
        self.search(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def search(self, query: str) -> None:
        hits = search_applicants(self.desk.db, query, limit=SEARCH_LIMIT)
        if not get_current_worker().is_cancelled:
            self.post_message(self.SearchDone(query, hits))

    def on_home_screen_search_done(self, message: SearchDone) -> None:
        if message.query == self.query_one("#search", Input).value:
            self._hits_for = message.query
            self.show_hits(message.query, message.hits)
            if self._submit_when_found == message.query:
                self._submit_when_found = None
                self._act_on_hits()

    def on_resize(self) -> None:
        self.show_hits(self.query_one("#search", Input).value, list(self.hits.values()))

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        """The results table and the hint under it. This may run while the operator is still
        typing, so what re-lays out the screen is done only when needed: the columns are
        rebuilt when the terminal's width changes, the hint updated when its text does."""
        table = self.query_one("#results", DataTable)
        # The name takes the width a larger terminal gives; at 80 columns the registration
        # number is cut (it is on the file and the checklist).
        name = max(NAME_WIDTH, table.size.width - (16 + 10 + 17) - 2 * 4 - 2)
        columns = name != self._name_width
        table.clear(columns=columns)
        if columns:
            self._name_width = name
            for key, width in (("name", name), ("nik", 16), ("birth", 10), ("regno", 17)):
                table.add_column(ui(f"home.col.{key}"), key=key, width=width)
        for hit in hits:
            table.add_row(
                literal(hit.full_name),
                Text(mask_nik(hit.nik)),
                Text(hit.birth_date.strftime("%d-%m-%Y")),
                literal(hit.registration_number or "—"),
                key=str(hit.applicant_id),
            )
        self.hits = {str(hit.applicant_id): hit for hit in hits}
        if not searchable(query):
            text = ui("home.results_hint")
        elif not hits:
            text = ui("home.no_results")
        else:
            one = len(hits) == 1
            text = (
                ui("home.results_count_one") if one else ui("home.results_count", count=len(hits))
            )
        hint = self.query_one("#results-hint", Static)
        if str(hint.content) != text:
            hint.update(text)
        self.update_bindings()

    def highlighted(self) -> SearchHit | None:
        table = self.query_one("#results", DataTable)
        if not self.hits or table.cursor_row < 0 or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.hits.get(key or "")

    @on(DataTable.RowHighlighted, "#results")
    def result_highlighted(self) -> None:
        self.update_bindings()

    @on(DataTable.RowSelected, "#results")
    def result_selected(self, event: DataTable.RowSelected) -> None:
        hit = self.hits.get(event.row_key.value or "")
        if hit is not None:
            self.open_file(hit.applicant_id)

    def open_file(self, applicant_id: uuid.UUID) -> None:
        from screens.file import FileScreen

        self.app.push_screen(FileScreen(applicant_id))

    # --- counts, queue and drafts -------------------------------------------------------------

    def refresh_overview(self) -> None:
        self.load_overview()

    @work(thread=True, exclusive=True, exit_on_error=False, group="overview")
    def load_overview(self) -> None:
        desk = self.desk
        summary = desk_summary(desk.db, desk.operator, today=desk.today())
        tickets = [
            ticket
            for ticket in list_queue(desk.db, desk.operator.office_id, today=desk.today())
            if ticket.status in OPEN_TICKETS
        ][:QUEUE_LIMIT]
        drafts = desk.drafts.names(prefix=f"{desk.operator.username}.")
        sync = sync_status(desk.db, desk.operator.office_id)
        names = {
            d.code: d.name_en if desk.lang == "en" else d.name_id for d in current_ruleset().desks
        }
        self.post_message(self.Overview(summary, tickets, drafts, sync, names))

    def on_home_screen_overview(self, message: Overview) -> None:
        summary = message.summary
        counts = Text()
        for key, value in (
            ("registered_today", summary.registered_today),
            ("complete_today", summary.complete_today),
            ("waiting_documents", summary.waiting_documents),
        ):
            counts.append(f"{value:>4} ", style="bold")
            counts.append(ui(f"home.count.{key}") + "\n")
        counts.append(sync_line(message.sync))
        counts.rstrip()
        self.query_one("#counts", Static).update(counts)
        queue = self.query_one("#queue", DataTable)
        queue.clear()
        for ticket in message.tickets:
            called = ticket.status == TicketStatus.CALLED
            queue.add_row(
                literal(ticket.code, style="bold" if called else ""),
                literal(
                    ("▶ " if called else "")
                    + short_desk(message.desk_names.get(ticket.desk, ticket.desk))
                ),
                key=str(ticket.id),
            )
        if not message.tickets:
            queue.add_row(Text(""), Text(ui("home.queue_empty")))
        hint = ui("home.drafts_hint", count=len(message.drafts)) if message.drafts else ""
        self.query_one("#drafts-hint", Static).update(hint)

    # --- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("checklist", "print"):
            hit = self.highlighted()
            return True if hit is not None and hit.application_id is not None else None
        if action == "to_results":
            return bool(self.hits) and isinstance(self.focused, Input)
        if action in ROLE_ACTIONS:
            # Not offered at all (footer, palette, F1) to a role that may not use it.
            return self.desk.operator.can(ROLE_ACTIONS[action])
        return True

    def action_to_results(self) -> None:
        self.set_focus(self.query_one("#results", DataTable))

    def action_new_applicant(self) -> None:
        from screens.applicant import ApplicantScreen

        # What was searched for is not typed again: a NIK or a name goes into the new form.
        searched = self.query_one("#search", Input).value
        self.app.push_screen(ApplicantScreen(searched=searched))

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        self.set_focus(search)
        search.select_all()

    def action_queue(self) -> None:
        from screens.queue import QueueScreen

        self.app.push_screen(QueueScreen())

    def action_checklist(self) -> None:
        hit = self.highlighted()
        if hit is not None and hit.application_id is not None:
            from screens.checklist import ChecklistScreen

            self.app.push_screen(ChecklistScreen(hit.application_id))

    def action_print(self) -> None:
        hit = self.highlighted()
        if hit is not None and hit.application_id is not None:
            self.start_print(hit.application_id)

    def action_recap(self) -> None:
        from screens.recap import RecapScreen

        desk = self.desk
        self.app.push_screen(
            RecapScreen(
                desk.db,
                desk.operator,
                desk.lang,
                day=desk.today(),
                output_dir=desk.settings.output_dir,
            )
        )

    def action_audit(self) -> None:
        from screens.audit import AuditScreen

        if not self.desk.operator.can("read_audit"):
            self.notify(ui("audit.not_allowed"), severity="warning")
            return
        self.app.push_screen(AuditScreen())

    def action_conflicts(self) -> None:
        from screens.conflicts import ConflictsScreen

        if not self.desk.operator.can("resolve_sync_conflict"):
            self.notify(ui("conflicts.not_allowed"), severity="warning")
            return
        self.app.push_screen(ConflictsScreen())

    def action_logout(self) -> None:
        def done(confirmed: bool | None) -> None:
            if confirmed:
                from screens.login import LoginScreen

                # The actor is replaced at the next login; clearing it here would fail a
                # worker of this screen that is still finishing.
                self.app.switch_screen(LoginScreen())

        self.app.push_screen(
            ConfirmDialog(
                ui("home.logout_question"),
                confirm=ui("home.logout_confirm"),
                keep=ui("home.logout_keep"),
            ),
            done,
        )


def searchable(query: str) -> bool:
    """Text worth a search: the search service finds nothing under ``MIN_NAME_LETTERS``
    letters, so a shorter box keeps the "type to search" hint instead of "nothing found"."""
    return len(query.strip()) >= MIN_NAME_LETTERS


def is_whole_nik(query: str) -> bool:
    """A whole NIK (typed or scanned) has nothing left to type: it is searched at once."""
    text = query.strip()
    return len(text) == NIK_LENGTH and text.isdigit()


def sync_line(status: SyncStatus) -> Text:
    """Honest sync state: what has not left this desk yet, and when data last did."""
    line = Text()
    line.append(f"{status.pending_records:>4} ", style="bold")
    line.append(ui("home.sync.pending") + "\n")
    if status.last_export is None:
        line.append("     " + ui("home.sync.never") + "\n")
    else:
        when = clock.local(status.last_export.at).strftime("%d-%m %H:%M")
        line.append("     " + ui("home.sync.last", when=when) + "\n")
    if status.open_conflicts:
        line.append(f"{status.open_conflicts:>4} ", style="bold")
        line.append(ui("home.sync.conflicts") + "\n")
    return line
