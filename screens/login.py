"""Login: operator and password; the office and the database in use are shown."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from forms.commands import Command, bindings
from forms.i18n import ui
from forms.keys import ENTER, EnterMovesOn
from forms.safe import literal
from ltsa_desk.db.backup import BackupError
from ltsa_desk.db.models import Office
from ltsa_desk.services.access import Actor
from ltsa_desk.services.auth import LockoutPolicy, authenticate
from ltsa_desk.services.backups import daily_backup_if_due
from ltsa_desk.services.errors import ServiceError
from ltsa_desk.services.offices import get_office
from screens.base import DeskFooter, DeskScreen
from screens.context import DeskContext

SUBMIT = Command("login.submit", "f10", "login", "login")


class LoginScreen(EnterMovesOn, DeskScreen[None]):
    BINDINGS = bindings(SUBMIT, ENTER)
    SUBMIT_ON = frozenset({"password"})
    AUTO_FOCUS = "#username"

    @dataclass
    class OfficeLoaded(Message):
        office: Office | None

    @dataclass
    class LoggedIn(Message):
        actor: Actor

    @dataclass
    class Refused(Message):
        message: str

    @property
    def title_text(self) -> str:
        return ui("login.title")

    def compose(self) -> ComposeResult:
        with Vertical(id="login-box"):
            yield Label(ui("login.title"), classes="dialog-title")
            yield Static("", id="office")
            yield Static(literal(ui("login.database", path=self.desk.database_label)), id="dbpath")
            yield Label(ui("login.username"))
            yield Input(id="username", max_length=64, compact=True)
            yield Label(ui("login.password"))
            yield Input(id="password", password=True, max_length=200, compact=True)
            yield Static("", id="login-error", classes="field-error")
            yield Button(ui("login.submit"), id="submit", variant="primary")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load_office()

    @work(thread=True, exclusive=True, exit_on_error=False, group="office")
    def load_office(self) -> None:
        office = get_office(self.desk.db, self.desk.settings.office_code)
        self.post_message(self.OfficeLoaded(office))

    def on_login_screen_office_loaded(self, message: OfficeLoaded) -> None:
        office = message.office
        text = Text(ui("login.office") + " ")
        if office is None:
            text.append(ui("login.no_office"), style="bold")
        else:
            self.desk.office_name = office.name
            text.append_text(literal(f"{office.name} ({office.code})", style="bold"))
        self.query_one("#office", Static).update(text)

    @on(Input.Submitted, "#username")
    def to_password(self) -> None:
        self.set_focus(self.query_one("#password", Input))

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        self.action_login()

    def submit_from_enter(self) -> None:
        self.action_login()

    def action_login(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not username or not password:
            self.show_error(ui("login.missing"))
            return
        self.query_one("#login-error", Static).update(ui("login.checking"))
        self.authenticate(username, password)

    @work(thread=True, exclusive=True, exit_on_error=False, group="login")
    def authenticate(self, username: str, password: str) -> None:
        settings = self.desk.settings
        policy = LockoutPolicy(settings.lockout_failures, settings.lockout_minutes)
        try:
            actor = authenticate(self.desk.db, username, password, policy)
        except ServiceError as exc:
            self.post_message(self.Refused(exc.message(self.desk.lang)))
            return
        self.post_message(self.LoggedIn(actor))

    def on_login_screen_refused(self, message: Refused) -> None:
        self.show_error(message.message)
        password = self.query_one("#password", Input)
        password.value = ""
        self.set_focus(password)

    def show_error(self, message: str) -> None:
        self.query_one("#login-error", Static).update(literal(message))

    def on_login_screen_logged_in(self, message: LoggedIn) -> None:
        from screens.home import HomeScreen

        self.desk.actor = message.actor
        # The day's first login makes the day's backup, off the UI thread and off this screen
        # (which is about to go away, taking its own workers with it).
        self.app.run_worker(
            partial(daily_backup, self.app, self.desk, message.actor),
            thread=True,
            group="daily-backup",
            exit_on_error=False,
        )
        self.app.switch_screen(HomeScreen())


def daily_backup(app: App[Any], desk: DeskContext, actor: Actor) -> None:
    """Run in a worker thread: back up once a day, and say so (or say it failed)."""
    settings = desk.settings
    try:
        path = daily_backup_if_due(
            desk.db, actor, dest_dir=settings.backup_dir, keep=settings.backup_keep
        )
    except (BackupError, OSError, ServiceError) as exc:
        reason = exc.message(desk.lang) if isinstance(exc, ServiceError) else str(exc)
        app.call_from_thread(
            app.notify, ui("backup.failed", reason=reason), severity="error", timeout=15
        )
        return
    if path is not None:
        app.call_from_thread(app.notify, ui("backup.done", path=path.name))
