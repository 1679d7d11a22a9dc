"""Sync conflicts for a supervisor: a record changed in two offices, both versions side by
side, and a choice of which one to keep. Nothing is overwritten until that choice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Static

from forms.commands import Command, bindings
from forms.i18n import ui
from forms.safe import literal
from ltsa_desk import clock
from ltsa_desk.sync.conflicts import ConflictView, list_conflicts, resolve_conflict
from screens.base import DeskFooter, DeskScreen, StatusBar

KEEP_LOCAL = Command("conflicts.keep_local", "f5", "keep('local')", "keep_local")
KEEP_REMOTE = Command("conflicts.keep_remote", "f6", "keep('remote')", "keep_remote")
BACK = Command("conflicts.back", "escape", "back", "back")


class ConflictsScreen(DeskScreen[None]):
    BINDINGS = bindings(KEEP_LOCAL, KEEP_REMOTE, BACK)
    GATED = ("keep",)

    @dataclass
    class Loaded(Message):
        conflicts: list[ConflictView]

    def __init__(self) -> None:
        super().__init__()
        self.conflicts: dict[str, ConflictView] = {}

    def compose(self) -> ComposeResult:
        yield StatusBar(ui("conflicts.title"))
        yield DataTable(id="conflict-table", cursor_type="row")
        yield Static("", id="conflict-detail")
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("entity", "kind", "office", "detected"):
            table.add_column(ui(f"conflicts.col_{key}"), key=key)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="conflicts")
    def load(self) -> None:
        self.post_message(self.Loaded(list_conflicts(self.desk.db, self.desk.operator)))

    def on_conflicts_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.conflicts = {str(c.id): c for c in message.conflicts}
        for conflict in message.conflicts:
            table.add_row(
                literal(conflict.entity),
                literal(conflict.kind),
                literal(f"{conflict.source_office_code} #{conflict.bundle_sequence}"),
                clock.local(conflict.detected_at).strftime("%d-%m %H:%M"),
                key=str(conflict.id),
            )
        if not message.conflicts:
            self.query_one("#conflict-detail", Static).update(ui("conflicts.none"))
        self.show_highlighted()

    def highlighted(self) -> ConflictView | None:
        table = self.query_one(DataTable)
        if not self.conflicts or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.conflicts.get(str(key))

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_highlighted()

    def show_highlighted(self) -> None:
        conflict = self.highlighted()
        self.update_bindings()
        if conflict is None:
            return
        detail = Text(ui("conflicts.header") + "\n", style="bold")
        for diff in conflict.differences:
            detail.append(f"{diff.name}: ", style="bold")
            detail.append_text(literal(diff.local))
            detail.append("  →  ")
            detail.append_text(literal(diff.remote))
            detail.append("\n")
        self.query_one("#conflict-detail", Static).update(detail)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "keep":
            return True if self.highlighted() is not None else None
        return True

    def action_keep(self, keep: str) -> None:
        conflict = self.highlighted()
        if conflict is not None:
            self.resolve(conflict.id, conflict.version, keep)

    @work(thread=True, exclusive=True, exit_on_error=False, group="resolve")
    def resolve(self, conflict_id: uuid.UUID, version: int, keep: str) -> None:
        resolve_conflict(
            self.desk.db,
            self.desk.operator,
            conflict_id,
            keep,  # type: ignore[arg-type]
            expected_version=version,
        )
        self.app.call_from_thread(self.notify, ui("conflicts.resolved"))
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)
