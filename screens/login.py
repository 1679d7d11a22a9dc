"""Login: operator and password; the office and the database in use are shown.

The login screen is the desk's first frame, so it is drawn before the database is open: its
``load_office`` worker opens the desk (SQLAlchemy, the models, alembic and the settings load
there, while the operator types the user name), then reads the office. A login asked for
before that waits for it; a database refused at start is said here, in full, and no one can
log in until the desk is restarted on a usable database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from forms.commands import Command, bindings
from forms.failures import failure_message
from forms.field_input import FieldInput
from forms.i18n import ui
from forms.keys import ENTER, EnterMovesOn
from forms.safe import literal
from screens.base import DeskFooter, DeskScreen
from screens.commands import QUIT
from screens.context import DeskContext, OpenedDesk

if TYPE_CHECKING:
    from ltsa_desk.db.models import Office
    from ltsa_desk.services.access import Actor

SUBMIT = Command("login.submit", "f10", "login", "login")
SETUP = Command("login.setup", "f9", "setup", "setup")
#: The widgets of the form itself, hidden when the database was refused.
FORM = ".login-form"


class LoginScreen(EnterMovesOn, DeskScreen[None]):
    BINDINGS = bindings(SUBMIT, SETUP, ENTER)
    SUBMIT_ON = frozenset({"password"})
    AUTO_FOCUS = "#username"

    @dataclass
    class DeskOpened(Message):
        """The database is open (bubbles to the App, which applies the settings' keymap)."""

        opened: OpenedDesk
        office: Office | None
        #: (username, password) of each demo account, on a demo database only.
        demo_accounts: tuple[tuple[str, str], ...] = ()

    @dataclass
    class LoggedIn(Message):
        actor: Actor

    @dataclass
    class Refused(Message):
        message: str

    def __init__(self) -> None:
        super().__init__()
        #: F10 or Enter came before the database was open: log in as soon as it is.
        self.login_pending = False
        #: The database has no office yet: F9 sets it up (screens/setup.py).
        self.needs_setup = False

    @property
    def title_text(self) -> str:
        return ui("login.title")

    def compose(self) -> ComposeResult:
        with Vertical(id="login-box"):
            yield Label(ui("login.title"), classes="dialog-title")
            yield Static("", id="office")
            yield Static(self.database_text(), id="dbpath")
            yield Label(ui("login.username"), classes="login-form")
            yield FieldInput(id="username", max_length=64, compact=True, classes="login-form")
            yield Label(ui("login.password"), classes="login-form")
            yield FieldInput(
                id="password", password=True, max_length=200, compact=True, classes="login-form"
            )
            yield Static("", id="login-error", classes="field-error")
            demo = Static("", id="demo-accounts", classes="hint")
            demo.display = False  # a demo database only
            yield demo
        yield DeskFooter()

    def database_text(self) -> Text:
        return literal(ui("login.database", path=self.desk.database_label))

    def on_mount(self) -> None:
        # The App pushes this screen once it has started (see DeskApp.on_ready): from then on
        # a callback "after refresh" runs once the screen is on the terminal.
        self.call_after_refresh(self.after_first_frame)

    def after_first_frame(self) -> None:
        """What the operator does not need to start typing waits until this screen is on the
        terminal: the button (Textual parses the Button's 57 style rules when the first one
        mounts, a tenth of the start-up; F10 and Enter log in meanwhile) and the database (the
        worker's imports would share the interpreter with the drawing)."""
        submit = Button(ui("login.submit"), id="submit", variant="primary", classes="login-form")
        self.query_one("#login-box", Vertical).mount(submit)
        self.load_office()

    @work(thread=True, exclusive=True, exit_on_error=False, group="office")
    def load_office(self) -> None:
        """Open the desk (the first time: most of the start-up's imports happen here), then
        read this desk's office. A failure is a refused database (see the state handler)."""
        from ltsa_desk.services.offices import get_office

        opened = self.desk.open()
        try:
            office = get_office(opened.db, opened.settings.office_code)
        except BaseException:
            if opened is not self.desk.opened:
                opened.db.dispose()
            raise
        accounts: tuple[tuple[str, str], ...] = ()
        if office is not None:
            from ltsa_desk.demo import ACCOUNTS, DEMO_OFFICE_CODE

            if office.code == DEMO_OFFICE_CODE:
                # A newcomer trying the desk needs the demo passwords here, not in a terminal
                # the desk has covered.
                accounts = tuple((user, password) for user, password, _, _ in ACCOUNTS)
        self.post_message(self.DeskOpened(opened, office, accounts))

    def on_login_screen_desk_opened(self, message: DeskOpened) -> None:
        self.desk.attach(message.opened)
        self.query_one("#dbpath", Static).update(self.database_text())
        self.show_office(message.office)
        if message.demo_accounts:
            accounts = ", ".join(f"{user} / {password}" for user, password in message.demo_accounts)
            demo = self.query_one("#demo-accounts", Static)
            demo.update(literal(ui("login.demo_accounts", accounts=accounts)))
            demo.display = True
        if self.login_pending:
            self.login_pending = False
            self.action_login()

    def show_office(self, office: Office | None) -> None:
        text = Text(ui("login.office") + " ")
        if office is None:
            key = self.app.get_key_display(SETUP.binding())
            text.append(ui("login.no_office", key=key), style="bold")
        else:
            self.desk.office_name = office.name
            # "… (demo)" with the code DEMO: the code is not said twice.
            named = office.name.casefold().endswith(f"({office.code.casefold()})")
            shown = office.name if named else f"{office.name} ({office.code})"
            text.append_text(literal(shown, style="bold"))
        self.query_one("#office", Static).update(text)
        self.needs_setup = office is None
        self.refresh_bindings()

    def action_setup(self) -> None:
        from screens.setup import SetupDone, SetupScreen

        def done(result: SetupDone | None) -> None:
            if result is None:
                return
            self.load_office()  # the office just created, read as at start
            self.query_one("#username", Input).value = result.admin_user
            self.set_focus(self.query_one("#password", Input))

        self.app.push_screen(SetupScreen(self.desk), done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Opening the database is this screen's business: its failure is said here in full
        # rather than in a notification that fades. Other failures go to ReportsFailures.
        error = event.worker.error
        if event.worker.group != "office" or event.state is not WorkerState.ERROR:
            return
        if error is not None:
            event.prevent_default()
            self.refuse(failure_message(error, self.desk.lang))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # On a refused database F10 leaves the footer: nothing would come of it. F9 is there
        # only while the database has no office.
        if action == "setup":
            return self.needs_setup and self.desk.refusal is None
        return not (action == "login" and self.desk.refusal is not None)

    def refuse(self, reason: str) -> None:
        """No login on this database: the form goes, the reason and the way out stay."""
        self.desk.refusal = reason
        self.login_pending = False
        for widget in self.query(FORM):
            widget.display = False
        self.refresh_bindings()
        key = self.app.get_key_display(QUIT.binding())
        text = literal(reason)
        text.append("\n\n")
        text.append_text(literal(ui("login.start.refused", key=key), style="bold"))
        self.query_one("#login-error", Static).update(text)

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
        if self.desk.refusal is not None:
            return
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not username or not password:
            self.show_error(ui("login.missing"))
            return
        if not self.desk.is_open:
            self.login_pending = True
            self.show_error(ui("login.start.opening"))
            return
        self.query_one("#login-error", Static).update(ui("login.checking"))
        self.authenticate(username, password)

    @work(thread=True, exclusive=True, exit_on_error=False, group="login")
    def authenticate(self, username: str, password: str) -> None:
        from ltsa_desk.services.auth import LockoutPolicy, authenticate
        from ltsa_desk.services.errors import ServiceError

        settings = self.desk.settings
        policy = LockoutPolicy(settings.lockout_failures, settings.lockout_minutes)
        try:
            actor = authenticate(
                self.desk.db, username, password, policy, time_zone=settings.time_zone
            )
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
    from ltsa_desk.db.backup import BackupError
    from ltsa_desk.services.backups import daily_backup_if_due
    from ltsa_desk.services.errors import ServiceError

    settings = desk.settings
    try:
        path = daily_backup_if_due(
            desk.db, actor, dest_dir=settings.backup_dir, keep=settings.backup_keep
        )
    except (BackupError, OSError, ServiceError) as exc:
        reason = exc.message(desk.lang) if isinstance(exc, ServiceError | BackupError) else str(exc)
        app.call_from_thread(
            app.notify,
            ui("backup.failed", reason=reason),
            severity="error",
            timeout=15,
        )
        return
    if path is not None:
        app.call_from_thread(app.notify, ui("backup.done", path=path.name))
