"""The recap screen (F9): a day's or a range's figures, charts, waiting files and the hand-off.

Self-contained on purpose: ``RecapScreen(db, actor, lang)`` needs no desk context, so the app
wires it with one binding. Every query, file and close runs in a thread worker that posts a
typed message back; a failed worker becomes one notification. Strings come from the
``reports.screen`` catalog; names and numbers from the database are shown as plain text, never
as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Label,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import Worker, WorkerState

from ltsa_desk import clock
from ltsa_desk.config import load_settings
from ltsa_desk.db.engine import Database, DatabaseError
from ltsa_desk.i18n import Lang, t
from ltsa_desk.reports.export import RecapFormat, default_file_name, save_recap
from ltsa_desk.reports.period import Period
from ltsa_desk.reports.recap import Recap, compute_recap
from ltsa_desk.reports.tables import ReportTable, flag_lines, recap_tables
from ltsa_desk.services.access import Actor
from ltsa_desk.services.errors import ServiceError
from screens.base import DeskFooter

#: Range lengths the R key cycles through.
RANGES = (1, 7, 30)
BAR_WIDTH = 24
BREAKDOWNS = ("by_scheme", "by_destination", "by_sector", "by_sex", "by_regency")


def bars(rows: list[tuple[str, int]], width: int = BAR_WIDTH, label_width: int = 26) -> Text:
    """Horizontal bars, one per row: label, bar scaled to the largest value, the value."""
    text = Text()
    top = max((n for _label, n in rows), default=0)
    for label, n in rows:
        length = round(width * n / top) if top else 0
        shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
        text.append(f"{shown:<{label_width}} ")
        text.append("█" * length, style="bold")
        text.append("·" * (width - length), style="dim")
        text.append(f" {n}\n")
    return text


def _clip(value: str, width: int = 48) -> str:
    """Long titles cut so that the numbers beside them stay on an 80-column screen."""
    return value if len(value) <= width else value[: width - 1] + "…"


def _localized(bindings: BindingsMap, lang: Lang) -> BindingsMap:
    """Binding descriptions written as ``reports.*`` catalog keys, in the screen's language."""
    return BindingsMap.from_keys(
        {
            key: [
                replace(b, description=t(b.description, lang))
                if b.description.startswith("reports.")
                else b
                for b in found
            ]
            for key, found in bindings.key_to_bindings.items()
        }
    )


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no, with the safe answer ("no") focused."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 60; height: auto; padding: 1 2; border: thick $warning; background: $surface;
    }
    ConfirmDialog Horizontal { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "", show=False, id="recap.confirm_cancel")]

    def __init__(self, question: str, lang: Lang) -> None:
        super().__init__()
        self.question = question
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            with Horizontal():
                yield Button(t("reports.screen.no", self.lang), id="no", variant="primary")
                yield Button(t("reports.screen.yes", self.lang), id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class RecapScreen(Screen[None]):
    DEFAULT_CSS = """
    RecapScreen #recap-title { height: 1; background: $primary; color: $text; padding: 0 1; }
    RecapScreen #recap-figures { height: auto; padding: 0 1; }
    RecapScreen #recap-flags { height: auto; padding: 0 1; color: $error; }
    RecapScreen #recap-flags.hidden { display: none; }
    RecapScreen TabbedContent { height: 1fr; }
    RecapScreen Sparkline { height: 3; margin: 0 1; }
    RecapScreen .caption { padding: 0 1; color: $text-muted; }
    RecapScreen #missing-bars, RecapScreen #breakdowns, RecapScreen #handoff-summary {
        padding: 0 1;
    }
    RecapScreen DataTable { height: 1fr; }
    """

    BINDINGS = [
        Binding("f5", "refresh", "reports.screen.key_refresh", id="recap.refresh"),
        Binding("[", "shift(-1)", "reports.screen.key_previous", id="recap.previous"),
        Binding("]", "shift(1)", "reports.screen.key_next", id="recap.next"),
        Binding("r", "cycle_range", "reports.screen.key_range", id="recap.range"),
        Binding("f6", "save('pdf')", "reports.screen.key_pdf", id="recap.pdf"),
        Binding("f7", "save('xlsx')", "reports.screen.key_xlsx", id="recap.xlsx"),
        Binding("f8", "close_day", "reports.screen.key_close", id="recap.close_day"),
        Binding("f4", "handoff_export", "reports.screen.key_export", id="recap.handoff_export"),
        Binding("a", "handoff_accept", "reports.screen.key_accept", id="recap.handoff_accept"),
        Binding("escape", "back", "reports.screen.key_back", id="recap.back"),
    ]

    @dataclass
    class Loaded(Message):
        recap: Recap

    @dataclass
    class HandoffLoaded(Message):
        ready: int
        exported: int
        accepted: int
        changed: tuple[str, ...]
        batches: list[tuple[str, str, int, int]]

    @dataclass
    class Done(Message):
        """A save, close, export or acceptance finished: say so, then reload."""

        text: str

    def __init__(
        self,
        db: Database,
        actor: Actor,
        lang: Lang = "id",
        *,
        day: date | None = None,
        output_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.lang: Lang = lang
        self.last_day = day or clock.today()
        self.range_days = 1
        self.output_dir = output_dir
        self.recap: Recap | None = None
        self.batch_codes: list[str] = []
        self._bindings = _localized(self._bindings, lang)

    def s(self, key: str, **params: object) -> str:
        return t(f"reports.screen.{key}", self.lang, **params)

    @property
    def period(self) -> Period:
        return Period(self.last_day - timedelta(days=self.range_days - 1), self.last_day)

    # ------------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="recap-title")
        yield Static(id="recap-figures")
        yield Static(id="recap-flags", classes="hidden")
        with TabbedContent(id="recap-tabs"):
            with TabPane(self.s("tab_overview"), id="tab-overview"), VerticalScroll():
                yield Static(classes="caption", id="trend-caption")
                yield Sparkline([], id="trend")
                yield Static(classes="caption", id="missing-caption")
                yield Static(id="missing-bars")
            with TabPane(self.s("tab_missing"), id="tab-missing"):
                yield DataTable(id="missing-table", cursor_type="row", zebra_stripes=True)
            with TabPane(self.s("tab_breakdowns"), id="tab-breakdowns"), VerticalScroll():
                yield Static(id="breakdowns")
            with TabPane(self.s("tab_waiting"), id="tab-waiting"):
                yield DataTable(id="waiting-table", cursor_type="row", zebra_stripes=True)
            with TabPane(self.s("tab_handoff"), id="tab-handoff"):
                yield Static(id="handoff-summary")
                yield DataTable(id="batch-table", cursor_type="row", zebra_stripes=True)
        # Keys that do not fit at 80 columns are left out whole ("F6 Simpa▏" helped no one).
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#recap-title", Static).update(Text(self.s("loading")))
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_day":
            return self.actor.can("close_day")
        if action == "handoff_export":
            return self.actor.can("export_handoff")
        if action == "handoff_accept":
            return self.actor.can("accept_handoff")
        return True

    # ------------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, exit_on_error=False, group="recap")
    def load_recap(self, period: Period) -> None:
        self.post_message(self.Loaded(compute_recap(self.db, self.actor, period)))
        from ltsa_desk.services.handoff import handoff_overview

        overview = handoff_overview(self.db, self.actor)
        fmt = t("reports.datetime_format", self.lang)
        self.post_message(
            self.HandoffLoaded(
                overview.ready,
                overview.exported,
                overview.accepted,
                overview.changed_since_export,
                [
                    (b.code, clock.local(b.created_at).strftime(fmt), b.rows, b.accepted)
                    for b in overview.batches
                ],
            )
        )

    @work(thread=True, exit_on_error=False, group="recap-action")
    def save_file(self, recap: Recap, file_format: RecapFormat) -> None:
        folder = self.output_dir or load_settings().output_dir
        path = folder / default_file_name(recap, file_format)
        save_recap(recap, file_format, path, self.lang, printed_by=self.actor.full_name)
        self.post_message(self.Done(self.s("saved", path=str(path))))

    @work(thread=True, exit_on_error=False, group="recap-action")
    def close_the_day(self, day: date) -> None:
        from ltsa_desk.services.dayclose import close_day

        close_day(self.db, self.actor, day)
        self.post_message(self.Done(self.s("closed", day=day.strftime("%d-%m-%Y"))))

    @work(thread=True, exit_on_error=False, group="recap-action")
    def export_batch(self) -> None:
        from ltsa_desk.services.handoff import NothingToExport, export_handoff

        try:
            result = export_handoff(
                self.db,
                self.actor,
                file_format="xlsx",
                output_dir=self.output_dir or load_settings().output_dir,
                lang=self.lang,
            )
        except NothingToExport as exc:
            self.post_message(self.Done(exc.message(self.lang)))
            return
        self.post_message(self.Done(self.s("exported", rows=result.rows, code=result.batch_code)))

    @work(thread=True, exit_on_error=False, group="recap-action")
    def accept_batch(self, code: str) -> None:
        from ltsa_desk.services.handoff import accept_handoff

        result = accept_handoff(self.db, self.actor, [code])
        self.post_message(self.Done(self.s("accepted", count=len(result.accepted), code=code)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None:
            return
        if isinstance(error, ServiceError):
            message = error.message(self.lang)
        elif isinstance(error, DatabaseError):
            message = t(error.message_key, self.lang, **error.params)
        else:
            message = self.s("failed", kind=type(error).__name__)
        self.log.error(repr(error))
        self.notify(message, severity="error", timeout=8, markup=False)

    # ------------------------------------------------------------------------ showing

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        recap = self.recap = message.recap
        tables = {table.key: table for table in recap_tables(recap, self.lang)}
        self._show_header(recap)
        trend = [d.registered for d in recap.trend]
        self.query_one("#trend", Sparkline).data = trend
        self.query_one("#trend-caption", Static).update(
            Text(
                self.s(
                    "trend_caption",
                    first=recap.trend[0].day.strftime("%d-%m"),
                    last=recap.trend[-1].day.strftime("%d-%m"),
                    top=max(trend, default=0),
                    today=trend[-1] if trend else 0,
                )
            )
        )
        self.query_one("#missing-caption", Static).update(Text(self.s("missing_caption")))
        top = [
            (m.title_en if self.lang == "en" else m.title_id, m.files)
            for m in recap.missing_by_document[:8]
        ]
        self.query_one("#missing-bars", Static).update(
            bars(top) if top else Text(self.s("nothing_missing"))
        )
        self._fill(self.query_one("#missing-table", DataTable), tables["missing"])
        self._fill(self.query_one("#waiting-table", DataTable), tables["waiting_files"])
        self.query_one("#breakdowns", Static).update(self._breakdowns(tables))

    def _show_header(self, recap: Recap) -> None:
        period = recap.period
        status = ""
        if period.single_day:
            close = recap.closed(period.first)
            status = self.s("closed_by", name=close.closed_by) if close else self.s("open_day")
        scope = recap.scope
        where = " · ".join(
            part
            for part in (
                scope.office_code,
                scope.counter and self.s("counter", counter=scope.counter),
                scope.operator_username,
            )
            if part
        )
        title = f"{self.s('title')} {period.label()} · {where}"
        self.query_one("#recap-title", Static).update(
            Text(f"{title} · {status}" if status else title)
        )
        figures = Text()
        for name, value in recap.totals().items():
            if name in ("blocked", "withdrawn") and not value:
                continue
            figures.append(f"{self.s('short_' + name)} ")
            figures.append(str(value), style="bold")
            figures.append("  ")
        self.query_one("#recap-figures", Static).update(figures)
        flags = self.query_one("#recap-flags", Static)
        flagged = recap.flagged_closes
        flags.set_class(not flagged, "hidden")
        flags.update(Text("\n".join(flag_lines(recap, self.lang))))

    def _fill(self, table: DataTable[Text], report: ReportTable) -> None:
        table.clear(columns=True)
        for title in report.columns:
            table.add_column(Text(title))
        for row in report.rows:
            table.add_row(*(Text(_clip(str(cell))) for cell in row[1:]), key=str(row[0]))

    def _breakdowns(self, tables: dict[str, ReportTable]) -> Text:
        text = Text()
        for key in BREAKDOWNS:
            table = tables[key]
            text.append(f"{table.title}\n", style="bold underline")
            rows = [(str(row[1]), int(row[2])) for row in table.rows]
            text.append_text(bars(rows) if rows else Text(self.s("none") + "\n"))
            text.append("\n")
        return text

    @on(HandoffLoaded)
    def show_handoff(self, message: HandoffLoaded) -> None:
        summary = Text(
            self.s(
                "handoff_summary",
                ready=message.ready,
                exported=message.exported,
                accepted=message.accepted,
            )
        )
        if message.changed:
            summary.append("\n")
            summary.append(
                self.s("handoff_changed", numbers=", ".join(message.changed[:5])),
                style="bold",
            )
        self.query_one("#handoff-summary", Static).update(summary)
        table: DataTable[Text] = self.query_one("#batch-table", DataTable)
        table.clear(columns=True)
        for key in ("batch", "exported_at", "rows", "accepted"):
            table.add_column(Text(self.s(f"col_{key}")))
        self.batch_codes = [code for code, *_rest in message.batches]
        for code, at, rows, accepted in message.batches:
            table.add_row(Text(code), Text(at), Text(str(rows)), Text(str(accepted)), key=code)

    @on(Done)
    def done(self, message: Done) -> None:
        self.notify(message.text, markup=False)
        self.action_refresh()

    # ------------------------------------------------------------------------ actions

    def action_refresh(self) -> None:
        self.load_recap(self.period)

    def action_shift(self, direction: int) -> None:
        self.last_day += timedelta(days=direction * self.range_days)
        self.action_refresh()

    def action_cycle_range(self) -> None:
        self.range_days = RANGES[(RANGES.index(self.range_days) + 1) % len(RANGES)]
        self.action_refresh()

    def action_save(self, file_format: RecapFormat) -> None:
        if self.recap is not None:
            self.save_file(self.recap, file_format)

    def action_close_day(self) -> None:
        day = self.last_day
        question = self.s("confirm_close", day=day.strftime("%d-%m-%Y"))

        def answered(yes: bool | None) -> None:
            if yes:
                self.close_the_day(day)

        self.app.push_screen(ConfirmDialog(question, self.lang), answered)

    def action_handoff_export(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.export_batch()

        self.app.push_screen(ConfirmDialog(self.s("confirm_export"), self.lang), answered)

    def action_handoff_accept(self) -> None:
        table: DataTable[Text] = self.query_one("#batch-table", DataTable)
        if not self.batch_codes or table.cursor_row < 0:
            self.notify(self.s("no_batch"), markup=False)
            return
        code = self.batch_codes[min(table.cursor_row, len(self.batch_codes) - 1)]

        def answered(yes: bool | None) -> None:
            if yes:
                self.accept_batch(code)

        self.app.push_screen(
            ConfirmDialog(self.s("confirm_accept", code=code), self.lang), answered
        )

    def action_back(self) -> None:
        self.app.pop_screen()
