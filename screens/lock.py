"""The idle lock: after a few idle minutes the desk hides everything until the operator who is
logged in types the password again. An unattended counter must not show anyone's NIK."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from forms.i18n import ui
from forms.safe import literal
from ltsa_desk.services.access import Actor
from ltsa_desk.services.auth import LockoutPolicy, authenticate
from ltsa_desk.services.errors import ServiceError
from screens.base import desk_of


class LockScreen(Screen[None]):
    """An opaque screen over the desk. It has no Esc: only the password lifts it."""

    AUTO_FOCUS = "#lock-password"

    class Unlocked(Message):
        pass

    class Refused(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, actor: Actor) -> None:
        super().__init__(id="lock-screen")
        self.actor = actor

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Label(ui("lock.title"), id="lock-title")
            yield Static(literal(ui("lock.prompt", name=self.actor.full_name)), id="lock-prompt")
            yield Input(password=True, id="lock-password", placeholder=ui("lock.password"))
            yield Static("", id="lock-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value:
            self.query_one("#lock-error", Static).update(ui("login.checking"))
            self.check(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def check(self, password: str) -> None:
        desk = desk_of(self)
        policy = LockoutPolicy(desk.settings.lockout_failures, desk.settings.lockout_minutes)
        try:
            authenticate(
                desk.db, self.actor.username, password, policy, time_zone=desk.settings.time_zone
            )
        except ServiceError as exc:
            self.post_message(self.Refused(exc.message(desk.lang)))
            return
        self.post_message(self.Unlocked())

    def on_lock_screen_refused(self, message: Refused) -> None:
        self.query_one("#lock-error", Static).update(literal(message.message))
        field = self.query_one("#lock-password", Input)
        field.value = ""
        field.focus()

    def on_lock_screen_unlocked(self, _message: Unlocked) -> None:
        self.dismiss(None)
