"""The supervisor's audit screen: the trail filtered by applicant, operator and day, each event
in the UI language (what was done, to what, which fields changed from what to what), and Enter
on an event shows all of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from forms.commands import Command, bindings
from forms.dialogs import InfoDialog
from forms.i18n import current_lang, ui
from forms.safe import literal
from ltsa_desk.i18n import catalog
from ltsa_desk.identity import check_date
from ltsa_desk.services.audit_log import MAX_ROWS, AuditFilter, list_audit
from ltsa_desk.services.history import HistoryEntry
from screens.base import DeskFooter, DeskScreen, StatusBar

BACK = Command("audit.back", "escape", "back", "back")
OPEN = Command("audit.open", "enter", "open_event", "open_event")
#: How much of an event's changes the table shows; Enter shows them all.
CHANGES_SHOWN = 120


def action_name(action: str) -> str:
    """ "document.record" → "Dokumen dicatat"; an action the catalog does not know yet is
    shown as stored rather than hidden."""
    key = f"ui.audit.action.{action}"
    return ui(key[3:]) if key in catalog(current_lang()) else action


def field_name(name: str) -> str:
    key = f"ui.field.{name}"
    return ui(key[3:]) if key in catalog(current_lang()) else name


def shown_value(value: Any) -> str:
    return "—" if value in (None, "", [], {}) else str(value)


def change_lines(changes: dict[str, Any]) -> list[str]:
    """Each changed field as "Field: before → after" (the trail stores [before, after])."""
    lines = []
    for name, change in changes.items():
        if isinstance(change, list | tuple) and len(change) == 2:
            before, after = shown_value(change[0]), shown_value(change[1])
            if before == after:
                continue  # context stored with the event (the document's code), or "" → None
            lines.append(f"{field_name(name)}: {before} → {after}")
        else:
            lines.append(f"{field_name(name)}: {shown_value(change)}")
    return lines


class AuditScreen(DeskScreen[None]):
    BINDINGS = bindings(OPEN, BACK)
    AUTO_FOCUS = "#audit-applicant"

    @dataclass
    class Loaded(Message):
        entries: list[HistoryEntry]

    def compose(self) -> ComposeResult:
        yield StatusBar(ui("audit.title"))
        with Horizontal(id="audit-filters"):
            yield Input(placeholder=ui("audit.applicant"), id="audit-applicant")
            yield Input(placeholder=ui("audit.operator"), id="audit-operator")
            yield Input(placeholder=ui("audit.day"), id="audit-day", max_length=10)
        yield Static(ui("audit.hint"), id="audit-status")
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("when", "who", "action", "what"):
            table.add_column(ui(f"audit.col_{key}"), key=key)
        self.load(AuditFilter())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw_day = self.query_one("#audit-day", Input).value.strip()
        day = None
        if raw_day:
            checked = check_date(raw_day, "day", today=self.desk.today(), required=False)
            if checked.errors:
                self.query_one("#audit-status", Static).update(
                    literal(checked.errors[0].message(self.desk.lang))
                )
                return
            day = checked.value
        self.load(
            AuditFilter(
                applicant=self.query_one("#audit-applicant", Input).value,
                operator=self.query_one("#audit-operator", Input).value,
                day=day,
            )
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="audit")
    def load(self, flt: AuditFilter) -> None:
        self.post_message(self.Loaded(list_audit(self.desk.db, self.desk.operator, flt)))

    def on_audit_screen_loaded(self, message: Loaded) -> None:
        self.entries = message.entries
        table = self.query_one(DataTable)
        table.clear()
        for index, entry in enumerate(message.entries):
            what = " · ".join([entry.subject(self.desk.lang), *change_lines(entry.changes)])
            what = what.strip(" ·")
            if len(what) > CHANGES_SHOWN:
                what = what[: CHANGES_SHOWN - 1] + "…"
            table.add_row(
                entry.local_at.strftime("%d-%m %H:%M"),
                literal(entry.operator),
                literal(action_name(entry.action)),
                literal(what),
                key=str(index),
            )
        count = len(message.entries)
        shown = ui("audit.count_capped" if count >= MAX_ROWS else "audit.count", count=count)
        self.query_one("#audit-status", Static).update(shown)

    @on(DataTable.RowSelected, "#audit-table")
    def action_open_event(self) -> None:
        table = self.query_one(DataTable)
        entries = getattr(self, "entries", [])
        if not entries or table.row_count == 0:
            return
        entry = entries[table.cursor_row]
        lines = [
            ui("audit.event_when", when=entry.local_at.strftime("%d-%m-%Y %H:%M")),
            ui("audit.event_who", who=entry.operator),
            ui("audit.event_what", what=action_name(entry.action)),
        ]
        if entry.subject(self.desk.lang):
            lines.append(ui("audit.event_subject", subject=entry.subject(self.desk.lang)))
        lines += ["", *change_lines(entry.changes)]
        self.app.push_screen(InfoDialog("\n".join(lines), title=ui("audit.event_title")))

    def action_back(self) -> None:
        self.dismiss(None)
