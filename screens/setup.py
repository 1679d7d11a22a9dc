"""First run: set up an empty database from the desk, as ``ltsa-desk init`` does from a shell.

Offered on the login screen when the database has no office yet (F9). The same service runs
(``initialise``: office code and name, the served regency, the first admin's user name, name and
password, all with ``init``'s checks); the printer, optional, goes into a first config file
when there is none (an office's existing file is never rewritten: then it is said where to add
it). The printers this computer knows are listed as a hint.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static

from forms.commands import Command, bindings
from forms.dialogs import DeskModal
from forms.field_input import FieldInput
from forms.i18n import ui
from forms.keys import ENTER, EnterMovesOn
from forms.safe import literal
from screens.context import DeskContext

SAVE = Command("setup.save", "f10", "save", "save")
#: (field id, secret) in the order asked.
FIELDS = (
    ("office_code", False),
    ("office_name", False),
    ("regency", False),
    ("admin_user", False),
    ("admin_name", False),
    ("password", True),
    ("password_again", True),
    ("printer", False),
)


@dataclass(frozen=True)
class SetupDone:
    admin_user: str
    office_name: str
    office_code: str


class SetupScreen(EnterMovesOn, DeskModal[SetupDone]):
    BINDINGS = bindings(SAVE, ENTER)
    SUBMIT_ON = frozenset({"printer"})
    AUTO_FOCUS = "#office_code"

    @dataclass
    class Refused(Message):
        message: str

    @dataclass
    class Done(Message):
        result: SetupDone
        note: str

    def __init__(self, desk: DeskContext) -> None:
        super().__init__(classes="dialog")
        self.desk_context = desk

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide", id="setup-box"):
            yield Label(ui("setup.title"), classes="dialog-title")
            with VerticalScroll(id="setup-fields"):
                yield Static(ui("setup.intro"), classes="dialog-text")
                for name, secret in FIELDS:
                    yield Label(ui(f"setup.field.{name}"))
                    yield FieldInput(id=name, password=secret, max_length=200, compact=True)
                yield Static("", id="printers", classes="dialog-hint")
            yield Static("", id="setup-error", classes="field-error")
            yield Label(ui("setup.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.list_printers()

    @work(thread=True, exclusive=True, exit_on_error=False, group="printers")
    def list_printers(self) -> None:
        from ltsa_desk.printing.errors import PrintError
        from ltsa_desk.printing.printers import list_printers

        try:
            names = list_printers()
        except PrintError:
            names = []
        text = ui("setup.printers", names=", ".join(names)) if names else ui("setup.no_printers")
        self.app.call_from_thread(self.query_one("#printers", Static).update, literal(text))

    def submit_from_enter(self) -> None:
        self.action_save()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name, _ in FIELDS}

    def action_save(self) -> None:
        values = self.values()
        if values["password"] != values["password_again"]:
            self.show_error(ui("setup.password_mismatch"))
            return
        self.query_one("#setup-error", Static).update(ui("setup.saving"))
        self.initialise(values)

    @work(thread=True, exclusive=True, exit_on_error=False, group="setup")
    def initialise(self, values: dict[str, str]) -> None:
        from ltsa_desk.config import config_file, write_first_config
        from ltsa_desk.services.errors import ServiceError, ValidationFailed
        from ltsa_desk.services.offices import initialise

        desk = self.desk_context
        lang = desk.lang
        try:
            office, admin = initialise(
                desk.db,
                office_code=values["office_code"],
                office_name=values["office_name"],
                office_address="",
                regency_code=values["regency"].strip() or None,
                admin_username=values["admin_user"],
                admin_full_name=values["admin_name"],
                admin_password=values["password"],
            )
        except ValidationFailed as exc:
            self.post_message(self.Refused("\n".join(f.message(lang) for f in exc.errors)))
            return
        except ServiceError as exc:
            self.post_message(self.Refused(exc.message(lang)))
            return
        printer = values["printer"].strip()
        note = ""
        if printer:
            written = write_first_config({"printer": printer})
            key = "setup.printer_saved" if written else "setup.printer_by_hand"
            note = ui(key, lang, path=config_file(), printer=printer)
        result = SetupDone(admin.username, office.name, office.code)
        self.post_message(self.Done(result, note))

    def on_setup_screen_refused(self, message: Refused) -> None:
        self.show_error(message.message)

    def on_setup_screen_done(self, message: Done) -> None:
        if message.note:
            self.notify(message.note, timeout=10, markup=False)
        printer = self.values()["printer"].strip()
        opened = self.desk_context.opened
        if printer and opened is not None and opened.settings.printer != printer:
            from screens.context import OpenedDesk

            settings = opened.settings.model_copy(update={"printer": printer})
            self.desk_context.attach(OpenedDesk(opened.db, settings, opened.drafts))
        self.dismiss(message.result)

    def show_error(self, text: str) -> None:
        self.query_one("#setup-error", Static).update(Text(text))
