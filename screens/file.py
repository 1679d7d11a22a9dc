"""A returning applicant's file: who they are, their placement plans, and the history of
visits and changes, so the desk continues where the last visit stopped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from forms.commands import Command, bindings
from forms.i18n import ui
from forms.safe import literal
from ltsa_desk.identity import format_date, get_region, mask_nik
from ltsa_desk.services.applicant_file import ApplicantFile, PlanSummary, load_file
from ltsa_desk.services.history import HistoryEntry, applicant_history, by_visit
from ltsa_desk.services.rulesets import current_ruleset
from screens.base import DeskFooter, DeskScreen, StatusBar, plan_summary
from screens.printing import PrintsChecklists

CHECKLIST = Command("file.checklist", "f5", "checklist", "checklist")
EDIT = Command("file.edit", "f2", "edit", "edit_applicant")
PRINT = Command("file.print", "f6", "print", "print")
BACK = Command("file.back", "escape", "back", "back")

HISTORY_LIMIT = 200


class FileScreen(PrintsChecklists, DeskScreen[None]):
    BINDINGS = bindings(CHECKLIST, EDIT, PRINT, BACK)
    GATED = ("checklist", "print")

    @dataclass
    class Loaded(Message):
        file: ApplicantFile
        history: list[HistoryEntry]
        region: str

    def __init__(self, applicant_id: uuid.UUID) -> None:
        super().__init__()
        self.applicant_id = applicant_id
        self.file: ApplicantFile | None = None
        self.plans: dict[str, PlanSummary] = {}

    @property
    def title_text(self) -> str:
        return ui("file.title")

    def compose(self) -> ComposeResult:
        yield StatusBar(ui("file.title"))
        yield Static("", id="file-head")
        yield Static("", id="file-resume", classes="banner")
        yield Label(ui("file.plans"), classes="section-title")
        yield DataTable(id="plans", cursor_type="row")
        yield Label(ui("file.history"), classes="section-title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield DeskFooter()

    def on_mount(self) -> None:
        plans = self.query_one("#plans", DataTable)
        for key, width in (("regno", 20), ("plan", None), ("status", 12), ("progress", 11)):
            plans.add_column(ui(f"file.col.{key}"), key=key, width=width)
        history = self.query_one("#history", DataTable)
        for key, width in (("when", 16), ("who", 16), ("what", None)):
            history.add_column(ui(f"file.col.{key}"), key=key, width=width)
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.load(self.applicant_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load(self, applicant_id: uuid.UUID) -> None:
        desk = self.desk
        current_ruleset()  # loaded here, not on the UI thread, for the plans' scheme names
        file = load_file(desk.db, desk.operator, applicant_id)
        history = applicant_history(desk.db, desk.operator, applicant_id, limit=HISTORY_LIMIT)
        village = get_region(file.applicant.village_code) if file.applicant.village_code else None
        self.post_message(self.Loaded(file, history, village.path if village else ""))

    def on_file_screen_loaded(self, message: Loaded) -> None:
        self.file = message.file
        applicant = message.file.applicant
        head = Text()
        head.append_text(literal(applicant.full_name, style="bold"))
        head.append("  " + ui("file.nik", nik=mask_nik(applicant.nik)) + "  ")
        head.append(ui("file.born", date=format_date(applicant.birth_date)))
        head.append(f"  {ui('choice.sex.' + applicant.sex)}")
        if applicant.phone:
            head.append("  ☎ ")
            head.append_text(literal(applicant.phone))
        if message.region or applicant.address_line:
            head.append("\n")
            head.append_text(
                literal(", ".join(p for p in (applicant.address_line, message.region) if p))
            )
        self.query_one("#file-head", Static).update(head)
        self.render_plans(message.file)
        self.render_history(message.history)
        self.update_bindings()

    def render_plans(self, file: ApplicantFile) -> None:
        table = self.query_one("#plans", DataTable)
        table.clear()
        self.plans = {}
        for plan in file.plans:
            application = plan.application
            key = str(application.id)
            self.plans[key] = plan
            table.add_row(
                literal(application.registration_number),
                literal(plan_summary(application, self.desk.lang)),
                Text(ui(f"application_status.{application.status}")),
                Text(f"{plan.done}/{plan.total} ({plan.percent}%)"),
                key=key,
            )
        if file.plans:
            table.move_cursor(row=len(file.plans) - 1)
        else:
            table.add_row(Text(""), Text(ui("file.no_plan")), Text(""), Text(""))

    def render_history(self, history: list[HistoryEntry]) -> None:
        table = self.query_one("#history", DataTable)
        table.clear()
        visits = by_visit(history)
        resume = Text()
        if history:
            last = history[0]
            resume.append(ui("file.visits", count=len(visits)) + "  ")
            resume.append(
                ui(
                    "file.last_visit",
                    when=last.local_at.strftime("%d-%m-%Y %H:%M"),
                    who=last.operator or "—",
                )
            )
            resume.append(" — ")
            resume.append_text(self.describe(last))
        self.query_one("#file-resume", Static).update(resume)
        for visit in visits:
            for entry in visit.entries:
                table.add_row(
                    Text(entry.local_at.strftime("%d-%m-%Y %H:%M")),
                    literal(entry.operator or "—"),
                    self.describe(entry),
                )

    def describe(self, entry: HistoryEntry) -> Text:
        """One line in the operator's words: the action, its subject and a status change."""
        lang = self.desk.lang
        key = "history." + entry.action.replace(".", "_")
        try:
            text = Text(ui(key))
        except KeyError:
            text = literal(entry.action)
        subject = entry.subject(lang)
        if subject:
            text.append(": ")
            text.append_text(literal(subject))
        status: Any = entry.changes.get("status")
        if isinstance(status, list) and len(status) == 2 and entry.entity == "requirement_item":
            text.append(f" → {self.status_name(str(status[1]))}")
        return text

    @staticmethod
    def status_name(status: str) -> str:
        try:
            return ui(f"item_status.{status}")
        except KeyError:
            return status

    def highlighted_plan(self) -> PlanSummary | None:
        table = self.query_one("#plans", DataTable)
        if not self.plans or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.plans.get(key or "")

    @on(DataTable.RowHighlighted, "#plans")
    def plan_highlighted(self) -> None:
        self.update_bindings()

    @on(DataTable.RowSelected, "#plans")
    def plan_selected(self) -> None:
        self.action_checklist()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("checklist", "print"):
            return True if self.highlighted_plan() is not None else None
        return True

    def action_checklist(self) -> None:
        plan = self.highlighted_plan()
        if plan is not None:
            from screens.checklist import ChecklistScreen

            self.app.push_screen(ChecklistScreen(plan.application.id))

    def action_print(self) -> None:
        plan = self.highlighted_plan()
        if plan is not None:
            self.start_print(plan.application.id)

    def action_edit(self) -> None:
        from screens.applicant import ApplicantScreen

        self.app.push_screen(ApplicantScreen(self.applicant_id))

    def action_back(self) -> None:
        self.dismiss(None)
