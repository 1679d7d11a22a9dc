"""The supervisor's audit screen: the trail filtered by applicant, operator and day."""

from __future__ import annotations

import json
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from forms.commands import Command, bindings
from forms.i18n import ui
from forms.safe import literal
from ltsa_desk.identity import check_date
from ltsa_desk.services.audit_log import AuditFilter, list_audit
from ltsa_desk.services.history import HistoryEntry
from screens.base import DeskFooter, DeskScreen, StatusBar

BACK = Command("audit.back", "escape", "back", "back")


class AuditScreen(DeskScreen[None]):
    BINDINGS = bindings(BACK)
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
        table = self.query_one(DataTable)
        table.clear()
        for entry in message.entries:
            changes = json.dumps(entry.changes, ensure_ascii=False)[:200]
            what = f"{entry.subject(self.desk.lang)} {changes}".strip()
            table.add_row(
                entry.local_at.strftime("%d-%m %H:%M"),
                literal(entry.operator),
                literal(entry.action),
                literal(what),
            )
        self.query_one("#audit-status", Static).update(
            ui("audit.count", count=len(message.entries))
        )

    def action_back(self) -> None:
        self.dismiss(None)
