"""The checklist of one placement plan: grouped by desk, single keys to record documents,
completeness and the next desk always visible, and re-evaluation after a rules change."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from forms.commands import Command, bindings
from forms.dialogs import ConfirmDialog
from forms.document import DocumentEntry, DocumentForm, WaiverDialog, WaiverRequest
from forms.i18n import ui
from forms.safe import literal
from ltsa_desk.db.models import ItemStatus
from ltsa_desk.findings import Finding
from ltsa_desk.identity import format_date
from ltsa_desk.printing.legal import age_lines, file_evaluation
from ltsa_desk.services.applications import (
    ReevaluationPreview,
    apply_reevaluation,
    preview_reevaluation,
)
from ltsa_desk.services.auth import authenticate
from ltsa_desk.services.checklist import TO_BRING, Checklist, ChecklistRow, get_checklist
from ltsa_desk.services.documents import DocumentDetails, record_document
from ltsa_desk.services.errors import ValidationFailed
from ltsa_desk.services.queue import issue_ticket
from ltsa_desk.services.rulesets import current_ruleset
from screens.base import (
    DESK_WIDTH,
    DeskFooter,
    DeskScreen,
    StatusBar,
    plan_summary,
    short_desk,
)
from screens.printing import PrintsChecklists

RECEIVED = Command("checklist.received", "r", "mark('received')", "mark_received")
VERIFIED = Command("checklist.verified", "v", "mark('verified')", "mark_verified")
REJECTED = Command("checklist.rejected", "x", "mark('rejected')", "mark_rejected")
WAIVED = Command("checklist.waived", "w", "mark('waived')", "mark_waived")
MISSING = Command("checklist.missing", "m", "mark('missing')", "mark_missing", show=False)
DETAILS = Command("checklist.details", "enter", "details", "details", show=False)
FILTER = Command("checklist.filter", "f", "filter", "filter_missing")
BASIS = Command("checklist.basis", "b", "basis", "basis", show=False)
TICKET = Command("checklist.ticket", "f4", "ticket", "ticket_next")
PRINT = Command("checklist.print", "f6", "print", "print")
REEVALUATE = Command("checklist.reevaluate", "f7", "reevaluate", "reevaluate")
FILE = Command("checklist.file", "f2", "file", "file")
BACK = Command("checklist.back", "escape", "back", "back")

SYMBOLS = {
    ItemStatus.MISSING: "○",
    ItemStatus.RECEIVED: "◐",
    ItemStatus.VERIFIED: "●",
    ItemStatus.REJECTED: "✖",
    ItemStatus.WAIVED: "◌",
}
STATUS_COLOURS = {
    ItemStatus.MISSING: "error",
    ItemStatus.RECEIVED: "warning",
    ItemStatus.VERIFIED: "success",
    ItemStatus.REJECTED: "error",
    ItemStatus.WAIVED: "secondary",
}


#: From this width the table also shows each document's number and expiry date.
WIDE = 110


class ChecklistScreen(PrintsChecklists, DeskScreen[None]):
    # The footer lists keys in this order and leaves out whole those that do not fit: at 80
    # columns the counter's main verbs (record, ticket, print) come first.
    BINDINGS = bindings(
        RECEIVED, VERIFIED, REJECTED, TICKET, PRINT, WAIVED, MISSING, DETAILS, FILTER, BASIS,
        FILE, REEVALUATE, BACK,
    )  # fmt: skip
    GATED = ("mark", "details", "ticket")

    @dataclass
    class Loaded(Message):
        checklist: Checklist
        current_rules: str
        #: Turns a stored basis into regulation names (older files stored source tags).
        cite: Callable[[str], str] = str
        #: Each age limit of the file: the age, the date it was measured at and why.
        ages: tuple[str, ...] = ()

    @dataclass
    class Recorded(Message):
        code: str
        warnings: list[Finding]

    @dataclass
    class DetailsRefused(Message):
        item_id: uuid.UUID
        entry: DocumentEntry
        findings: list[Finding]

    @dataclass
    class Preview(Message):
        preview: ReevaluationPreview

    class Changed(Message):
        """A write finished (or failed): the checklist is read again."""

    @dataclass
    class TicketIssued(Message):
        code: str
        desk: str

    def __init__(self, application_id: uuid.UUID) -> None:
        super().__init__()
        self.application_id = application_id
        self.checklist: Checklist | None = None
        self.rows: dict[str, ChecklistRow] = {}
        self.missing_only = False
        self.show_basis = False
        self.current_rules = ""
        self.cite: Callable[[str], str] = str
        self.ages: tuple[str, ...] = ()
        #: A write is on its way: keys typed meanwhile wait for the checklist it leaves.
        self.writing = False

    @property
    def accepts_keys(self) -> bool:
        """Keys typed ahead act on the rows as shown once loaded (see forms/typeahead.py)."""
        return self.checklist is not None and not self.writing

    @property
    def title_text(self) -> str:
        return ui("checklist.title")

    def compose(self) -> ComposeResult:
        yield StatusBar(ui("checklist.title"))
        yield Static("", id="checklist-head")
        yield Static("", id="completeness")
        yield Static("", id="rules-banner", classes="banner")
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield Static("", id="item-detail")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#rules-banner", Static).display = False
        self.watch(self.app, "theme", lambda _theme: self.render_rows(), init=False)
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.render_rows()

    def columns(self) -> list[tuple[str, int]]:
        """The document title takes what is left; number and expiry only where there is room
        (at 80 columns they are in the detail lines below the table)."""
        width = self.size.width or 80
        fixed = [("desk", DESK_WIDTH), ("status", 14)]
        if width >= WIDE:
            fixed += [("number", 14), ("expiry", 10)]
        fixed.append(("flag", 1))
        document = max(16, width - sum(w for _, w in fixed) - 2 * (len(fixed) + 1) - 2)
        return [fixed[0], ("document", document), *fixed[1:]]

    # --- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self.load_checklist(self.application_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_checklist(self, application_id: uuid.UUID) -> None:
        ruleset = current_ruleset()
        today = self.desk.today()
        checklist = get_checklist(self.desk.db, application_id, today=today)
        evaluation = file_evaluation(ruleset, checklist.applicant, checklist.application, today)
        ages = age_lines(evaluation, self.desk.lang) if evaluation else ()
        self.post_message(self.Loaded(checklist, ruleset.ref, ruleset.cite, ages))

    def on_checklist_screen_loaded(self, message: Loaded) -> None:
        self.writing = False
        self.checklist = message.checklist
        self.current_rules = message.current_rules
        self.cite, self.ages = message.cite, message.ages
        self.rows = {str(row.item.id): row for row in message.checklist.rows}
        self.render_head()
        self.render_rows()

    def colour(self, name: str) -> Style:
        """A theme colour for table cells, which are Rich text and cannot use $variables."""
        value = self.app.theme_variables.get(name)
        return Style(color=value) if value else Style()

    def render_head(self) -> None:
        checklist = self.checklist
        assert checklist is not None
        lang = self.desk.lang
        application, applicant = checklist.application, checklist.applicant
        head = Text()
        head.append_text(literal(applicant.full_name, style="bold"))
        head.append(f"  {application.registration_number}")
        if application.planned_departure:
            departure = format_date(application.planned_departure)
            head.append("  " + ui("checklist.departure", date=departure))
        head.append("\n")
        head.append_text(literal(plan_summary(application, lang)))
        if checklist.p3mi is not None:
            head.append(" · ")
            head.append_text(literal(checklist.p3mi.name))
            head.append(f" ({ui('p3mi_status.' + checklist.p3mi.status)})")
        self.query_one("#checklist-head", Static).update(head)
        done = checklist.completeness
        line = Text()
        line.append(
            ui("checklist.completeness", done=done.done, total=done.total, percent=done.percent),
            style="bold",
        )
        if done.complete:
            line.append("  " + ui("checklist.complete"), style=self.colour("success"))
        elif done.next_desk:
            desk = short_desk(done.next_desk_name(lang) or "")
            line.append("  " + ui("checklist.next_desk", desk=desk))
        self.query_one("#completeness", Static).update(line)
        stored = f"{application.ruleset_id}@{application.ruleset_version}"
        banner = self.query_one("#rules-banner", Static)
        banner.update(ui("checklist.rules_changed", stored=stored, current=self.current_rules))
        banner.display = bool(self.current_rules) and stored != self.current_rules

    def render_rows(self) -> None:
        if self.checklist is None:
            return
        lang = self.desk.lang
        table = self.query_one("#items", DataTable)
        keep = self.highlighted()
        table.clear(columns=True)
        columns = self.columns()
        for key, width in columns:
            table.add_column(ui(f"checklist.col.{key}"), key=key, width=width)
        previous_desk = None
        for row in self.visible_rows():
            item = row.item
            status = row.status
            desk = short_desk(row.desk_name(lang)) if item.desk != previous_desk else ""
            previous_desk = item.desk
            cells = {
                "desk": Text(desk, style="bold"),
                # A title longer than its column ends in "…", never cut mid-word unmarked.
                "document": self.ellipsis(literal(row.title(lang))),
                "status": Text(
                    f"{SYMBOLS[status]} {ui(f'item_status.{status}')}",
                    style=self.colour(STATUS_COLOURS[status]),
                ),
                "number": literal(item.number),
                "expiry": Text(format_date(item.expiry_date) if item.expiry_date else ""),
                "flag": Text("⚠", style=self.colour("warning")) if row.findings else Text(""),
            }
            table.add_row(*(cells[key] for key, _ in columns), key=str(item.id))
        if keep is not None and str(keep.item.id) in self.visible_keys():
            table.move_cursor(row=table.get_row_index(str(keep.item.id)))
        elif table.row_count:
            first_open = next(
                (i for i, r in enumerate(self.visible_rows()) if r.status in TO_BRING), 0
            )
            table.move_cursor(row=first_open)
        self.render_detail()
        self.update_bindings()

    @staticmethod
    def ellipsis(text: Text) -> Text:
        text.no_wrap, text.overflow = True, "ellipsis"
        return text

    def visible_rows(self) -> list[ChecklistRow]:
        rows = self.checklist.rows if self.checklist else []
        return [r for r in rows if not self.missing_only or r.status in TO_BRING]

    def visible_keys(self) -> set[str]:
        return {str(r.item.id) for r in self.visible_rows()}

    def highlighted(self) -> ChecklistRow | None:
        table = self.query_one("#items", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key or "")

    @on(DataTable.RowHighlighted, "#items")
    def row_highlighted(self) -> None:
        self.render_detail()
        self.update_bindings()

    def render_detail(self) -> None:
        row = self.highlighted()
        detail = Text()
        if row is not None:
            lang = self.desk.lang
            item = row.item
            detail.append_text(literal(row.title(lang), style="bold"))
            if item.number:
                detail.append(f"  {ui('checklist.number')} ")
                detail.append_text(literal(item.number))
            dates = []
            if item.issue_date:
                dates.append(ui("checklist.issued", date=format_date(item.issue_date)))
            if item.expiry_date:
                dates.append(ui("checklist.expires", date=format_date(item.expiry_date)))
            if dates:
                detail.append("  " + " · ".join(dates))
            if item.reason:
                detail.append("\n" + ui("checklist.reason") + " ")
                detail.append_text(literal(item.reason))
            for finding in row.findings:
                detail.append("\n⚠ ", style=self.colour("warning"))
                detail.append_text(literal(finding.message(lang)))
            if row.where(lang):
                detail.append("\n" + ui("checklist.where") + " ")
                detail.append_text(literal(row.where(lang)))
            if self.show_basis and item.basis:
                detail.append("\n" + ui("checklist.basis") + " ")
                detail.append_text(literal(self.cite(item.basis)))
            if self.show_basis:
                for line in self.ages:
                    detail.append("\n")
                    detail.append_text(literal(line))
        self.query_one("#item-detail", Static).update(detail)

    # --- recording ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "details"):
            return True if self.highlighted() is not None else None
        if action == "ticket":
            done = self.checklist.completeness if self.checklist else None
            return True if done is not None and done.next_desk else None
        return True

    def locked(self, row: ChecklistRow) -> bool:
        """A verified item is what the file rests on: only a supervisor changes it. Say so
        before the operator types a reason, not after."""
        if row.status == ItemStatus.VERIFIED and not self.desk.operator.can(
            "correct_verified_item"
        ):
            self.notify(ui("checklist.verified_locked"), severity="warning", timeout=6)
            return True
        return False

    def action_mark(self, status: str) -> None:
        row = self.highlighted()
        if row is None or (status != ItemStatus.WAIVED and self.locked(row)):
            return
        title = row.title(self.desk.lang)
        if status == ItemStatus.REJECTED:
            from forms.dialogs import ReasonDialog

            def rejected(reason: str | None) -> None:
                if reason:
                    self.record(
                        row.item.id,
                        row.item.version,
                        DocumentEntry(ItemStatus.REJECTED, self.details_of(row), reason),
                    )

            self.app.push_screen(
                ReasonDialog(
                    ui("checklist.reject_title"), ui("checklist.reject_prompt"), subject=title
                ),
                rejected,
            )
            return
        if status == ItemStatus.WAIVED:
            needs_supervisor = not self.desk.operator.can("waive_item")

            def waived(request: WaiverRequest | None) -> None:
                if request is not None:
                    entry = DocumentEntry(ItemStatus.WAIVED, self.details_of(row), request.reason)
                    self.record(row.item.id, row.item.version, entry, request)

            self.app.push_screen(WaiverDialog(title, needs_supervisor=needs_supervisor), waived)
            return
        self.record(
            row.item.id,
            row.item.version,
            DocumentEntry(ItemStatus(status), self.details_of(row), ""),
        )

    @staticmethod
    def details_of(row: ChecklistRow) -> DocumentDetails:
        """The item's details as stored, so that a status change keeps them."""
        return DocumentDetails.of(row.item)

    def action_details(self) -> None:
        row = self.highlighted()
        if row is not None and not self.locked(row):
            self.open_details(row)

    @on(DataTable.RowSelected, "#items")
    def row_selected(self) -> None:
        self.action_details()

    def open_details(
        self,
        row: ChecklistRow,
        entry: DocumentEntry | None = None,
        findings: list[Finding] | None = None,
    ) -> None:
        def saved(result: DocumentEntry | None) -> None:
            if result is not None:
                self.record(row.item.id, row.item.version, result)

        form = DocumentForm(
            row.item,
            row.title(self.desk.lang),
            can_waive=self.desk.operator.can("waive_item"),
            entry=entry,
            findings=findings,
        )
        self.app.push_screen(form, saved)

    def record(
        self,
        item_id: uuid.UUID,
        version: int,
        entry: DocumentEntry,
        waiver: WaiverRequest | None = None,
    ) -> None:
        self.writing = True
        self.write_item(item_id, version, entry, waiver)

    @work(thread=True, exclusive=True, exit_on_error=False, group="record")
    def write_item(
        self,
        item_id: uuid.UUID,
        version: int,
        entry: DocumentEntry,
        waiver: WaiverRequest | None = None,
    ) -> None:
        desk = self.desk
        actor = desk.operator
        if waiver is not None and waiver.supervisor:
            actor = authenticate(desk.db, waiver.supervisor, waiver.password)
        try:
            item, warnings = record_document(
                desk.db,
                actor,
                item_id,
                entry.status,
                details=entry.details,
                reason=entry.reason,
                expected_version=version,
                today=desk.today(),
            )
        except ValidationFailed as exc:
            self.post_message(self.DetailsRefused(item_id, entry, exc.findings))
            return
        finally:
            self.post_message(self.Changed())
        self.post_message(self.Recorded(item.document_code, warnings))

    def on_checklist_screen_changed(self) -> None:
        self.reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.state is WorkerState.ERROR:
            self.writing = False  # reported; the rows stay as they were

    def on_checklist_screen_recorded(self, message: Recorded) -> None:
        lang = self.desk.lang
        if message.warnings:
            text = "\n".join(f.message(lang) for f in message.warnings)
            self.notify(text, severity="warning", timeout=8, markup=False)

    def on_checklist_screen_details_refused(self, message: DetailsRefused) -> None:
        row = self.rows.get(str(message.item_id))
        if row is not None:
            self.open_details(row, message.entry, message.findings)

    # --- other verbs ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.missing_only = not self.missing_only
        self.notify(
            ui("checklist.filter_on" if self.missing_only else "checklist.filter_off"), timeout=2
        )
        self.render_rows()

    def action_basis(self) -> None:
        self.show_basis = not self.show_basis
        self.render_detail()

    def action_print(self) -> None:
        self.start_print(self.application_id)

    def action_file(self) -> None:
        if self.checklist is not None:
            from screens.file import FileScreen

            self.app.push_screen(FileScreen(self.checklist.applicant.id))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_ticket(self) -> None:
        if self.checklist is not None and self.checklist.completeness.next_desk:
            self.issue(self.checklist.completeness.next_desk)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ticket")
    def issue(self, desk_code: str) -> None:
        assert self.checklist is not None
        ticket = issue_ticket(
            self.desk.db,
            self.desk.operator,
            desk_code,
            applicant_id=self.checklist.applicant.id,
            application_id=self.application_id,
            today=self.desk.today(),
        )
        self.post_message(self.TicketIssued(ticket.code, desk_code))

    def on_checklist_screen_ticket_issued(self, message: TicketIssued) -> None:
        names = {d.code: d for d in current_ruleset().desks}
        known = names.get(message.desk)
        name = (known.name_en if self.desk.lang == "en" else known.name_id) if known else ""
        desk = short_desk(name or message.desk)
        self.notify(ui("checklist.ticket_issued", code=message.code, desk=desk), timeout=8)

    def action_reevaluate(self) -> None:
        self.preview()

    @work(thread=True, exclusive=True, exit_on_error=False, group="reevaluate")
    def preview(self) -> None:
        self.post_message(
            self.Preview(
                preview_reevaluation(self.desk.db, self.application_id, today=self.desk.today())
            )
        )

    def on_checklist_screen_preview(self, message: Preview) -> None:
        preview = message.preview
        if not preview.changed:
            self.notify(ui("checklist.rules_same", rules=preview.new_ruleset))
            return
        lines = [ui("checklist.rules_diff", old=preview.old_ruleset, new=preview.new_ruleset)]
        lines += [f"+ {self.title_of(code)}" for code in preview.added]
        lines += [f"− {self.title_of(code)}" for code in preview.removed]

        def answered(apply: bool | None) -> None:
            if apply and self.checklist is not None:
                self.apply(self.checklist.application.version)

        self.app.push_screen(
            ConfirmDialog(
                "\n".join(lines),
                confirm=ui("checklist.apply_rules"),
                keep=ui("checklist.keep_rules"),
                title=ui("checklist.reevaluate_title"),
            ),
            answered,
        )

    def title_of(self, code: str) -> str:
        document = current_ruleset().document(code)
        if document is None:
            return code
        return document.title_en if self.desk.lang == "en" else document.title_id

    @work(thread=True, exclusive=True, exit_on_error=False, group="reevaluate")
    def apply(self, version: int) -> None:
        try:
            apply_reevaluation(
                self.desk.db,
                self.desk.operator,
                self.application_id,
                expected_version=version,
                today=self.desk.today(),
            )
        finally:
            self.post_message(self.Changed())
