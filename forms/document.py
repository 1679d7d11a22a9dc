"""The document detail form (status, number, dates, issuer, note) and the waiver request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from forms.commands import Command, bindings
from forms.dialogs import DeskModal
from forms.field_input import FieldInput
from forms.fields import DATE_CHARS, iso_to_display
from forms.i18n import ui
from forms.keys import ENTER, EnterMovesOn
from forms.safe import literal
from forms.widgets import FieldRow
from ltsa_desk.db.models import ItemStatus, RequirementItem
from ltsa_desk.findings import Finding
from ltsa_desk.services.documents import NEEDS_REASON, DocumentDetails

DETAIL_FIELDS = ("number", "issue_date", "expiry_date", "issuer", "note", "reason")
PLACEHOLDERS = {
    "issue_date": "placeholder.date",
    "expiry_date": "placeholder.date",
    "reason": "document.reason_hint",
}
MAX_LENGTHS = {"number": 80, "issue_date": 10, "expiry_date": 10, "issuer": 200, "note": 1000}


@dataclass(frozen=True)
class DocumentEntry:
    status: ItemStatus
    details: DocumentDetails
    reason: str


SAVE = Command("document.save", "f10", "save", "save", palette=False)


class DocumentForm(EnterMovesOn, DeskModal[DocumentEntry]):
    """Enter on a checklist row: what the document says. A refused save reopens the form with
    the entry as typed and the core's findings under their fields. Enter in the last field or
    F10 saves; Enter elsewhere moves on, so Enter, Enter, … never lands on Cancel."""

    BINDINGS = bindings(SAVE, ENTER)
    SUBMIT_ON = frozenset({"d-reason"})

    def __init__(
        self,
        item: RequirementItem,
        title: str,
        *,
        can_waive: bool,
        entry: DocumentEntry | None = None,
        findings: list[Finding] | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.item = item
        self.title_text = title
        self.can_waive = can_waive
        self.entry = entry
        self.findings = findings or []

    def _input(self, name: str, value: str) -> Input:
        return FieldInput(
            value,
            id=f"d-{name}",
            max_length=MAX_LENGTHS.get(name, 500),
            restrict=DATE_CHARS if name.endswith("_date") else None,
            placeholder=ui(PLACEHOLDERS[name]) if name in PLACEHOLDERS else "",
            compact=True,
        )

    def compose(self) -> ComposeResult:
        item = self.item
        current = ItemStatus(item.status)
        statuses = [s for s in ItemStatus if s is not ItemStatus.WAIVED or self.can_waive]
        # The status as it stands: opening the details (an Enter too many) must never record
        # a document as handed in; the operator chooses the new status.
        chosen: ItemStatus = current
        if self.entry is not None:
            chosen = self.entry.status
        if chosen not in statuses:
            statuses.append(chosen)
        values = (
            self._entry_values()
            if self.entry is not None
            else {
                "number": item.number,
                "issue_date": iso_to_display(item.issue_date.isoformat())
                if item.issue_date
                else "",
                "expiry_date": iso_to_display(item.expiry_date.isoformat())
                if item.expiry_date
                else "",
                "issuer": item.issuer,
                "note": item.note,
                "reason": item.reason,
            }
        )
        with Vertical(classes="dialog-box wide"):
            yield Label(ui("document.title"), classes="dialog-title")
            yield Static(literal(self.title_text), classes="dialog-text")
            with VerticalScroll(id="document-fields"):
                status: Widget = Select(
                    [(ui(f"item_status.{s}"), s.value) for s in statuses],
                    value=chosen.value,
                    allow_blank=False,
                    compact=True,
                    id="d-status",
                )
                yield FieldRow("status", ui("document.status"), status)
                for name in DETAIL_FIELDS:
                    yield FieldRow(name, ui(f"document.{name}"), self._input(name, values[name]))
            with Horizontal(classes="dialog-buttons"):
                yield Button(ui("dialog.cancel"), id="cancel")
                yield Button(ui("document.save"), id="ok", variant="primary")

    def _entry_values(self) -> dict[str, str]:
        assert self.entry is not None
        details = self.entry.details
        return {
            "number": details.number,
            "issue_date": details.issue_date,
            "expiry_date": details.expiry_date,
            "issuer": details.issuer,
            "note": details.note,
            "reason": self.entry.reason,
        }

    def on_mount(self) -> None:
        rows = {row.field_name: row for row in self.query(FieldRow)}
        for row in rows.values():
            row.show_findings([f for f in self.findings if f.field == row.field_name])
        first = next((f.field for f in self.findings if f.field in rows), "number")
        control = rows[first].control
        self.set_focus(control)

    def submit_from_enter(self) -> None:
        self.submit()

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.submit()

    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        def text(name: str) -> str:
            return self.query_one(f"#d-{name}", Input).value

        status = ItemStatus(str(self.query_one("#d-status", Select).value))
        details = DocumentDetails(
            number=text("number"),
            issue_date=text("issue_date"),
            expiry_date=text("expiry_date"),
            issuer=text("issuer"),
            note=text("note"),
        )
        reason = text("reason") if status in NEEDS_REASON else ""
        entry = DocumentEntry(status, details, reason)
        # Nothing changed (F10 right after opening): nothing to record, no audit event.
        self.dismiss(None if self.entry is None and self._unchanged(entry) else entry)

    def _unchanged(self, entry: DocumentEntry) -> bool:
        item, typed = self.item, entry.details

        def shown(day: date | None) -> str:
            return iso_to_display(day.isoformat()) if day else ""

        stored = (item.status, item.number, shown(item.issue_date), shown(item.expiry_date))
        now = (entry.status, typed.number, typed.issue_date, typed.expiry_date)
        reason = item.reason if entry.status in NEEDS_REASON else ""
        return (
            now == stored
            and (typed.issuer, typed.note) == (item.issuer, item.note)
            and entry.reason == reason
        )


@dataclass(frozen=True)
class WaiverRequest:
    reason: str
    #: A supervisor's credentials when the operator at the desk may not waive.
    supervisor: str = ""
    password: str = ""


class WaiverDialog(EnterMovesOn, DeskModal[WaiverRequest]):
    """A waiver needs a reason and a supervisor: the logged-in one, or one who types their
    password at this desk (the waiver is then recorded under the supervisor's name)."""

    BINDINGS = bindings(ENTER)
    SUBMIT_ON = frozenset({"w-reason"})

    def __init__(self, subject: str, *, needs_supervisor: bool) -> None:
        super().__init__(classes="dialog")
        self.subject = subject
        self.needs_supervisor = needs_supervisor

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Label(ui("waiver.title"), classes="dialog-title")
            yield Static(literal(self.subject), classes="dialog-text")
            if self.needs_supervisor:
                yield Label(ui("waiver.supervisor_needed"), classes="hint")
                yield FieldRow(
                    "supervisor",
                    ui("waiver.supervisor"),
                    FieldInput(id="w-supervisor", max_length=64, compact=True),
                )
                yield FieldRow(
                    "password",
                    ui("waiver.password"),
                    FieldInput(id="w-password", password=True, max_length=200, compact=True),
                )
            yield FieldRow(
                "reason",
                ui("waiver.reason"),
                FieldInput(id="w-reason", max_length=500, compact=True),
            )
            yield Static("", id="waiver-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(ui("dialog.cancel"), id="cancel")
                yield Button(ui("waiver.submit"), id="ok", variant="warning")

    def on_mount(self) -> None:
        first = "#w-supervisor" if self.needs_supervisor else "#w-reason"
        self.set_focus(self.query_one(first, Input))

    def submit_from_enter(self) -> None:
        self.submit()

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        def text(name: str) -> str:
            found = self.query(f"#w-{name}")
            return found.first(Input).value if found else ""

        request = WaiverRequest(
            text("reason").strip(), text("supervisor").strip(), text("password")
        )
        missing = not request.reason or (
            self.needs_supervisor and not (request.supervisor and request.password)
        )
        if missing:
            self.query_one("#waiver-error", Static).update(ui("waiver.incomplete"))
            return
        self.dismiss(request)
