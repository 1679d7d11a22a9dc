"""The desk's App: small on purpose. Screens live in their own modules.

Only Textual, the forms and the catalogs load before the first frame: the database code
(SQLAlchemy, the models, alembic, pydantic-settings) loads in the login screen's worker, and the
other screens when they are first shown (see screens/context.py).
"""

from __future__ import annotations

import argparse
import time
from functools import partial
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input

from forms.commands import bindings
from forms.i18n import localize_bindings, ui
from forms.typeahead import TypeAhead
from forms.unexpected import CatchesUnexpected
from ltsa_desk.preferences import load_preferences, remember
from screens.commands import HELP, NEXT_FIELD, PALETTE, PREVIOUS_FIELD, QUIT, THEME, DeskCommands
from screens.context import DeskContext
from screens.crash import CrashHandler
from screens.login import LoginScreen
from screens.theme import DESK_DARK, DESK_LIGHT, THEMES

IDLE_CHECK_SECONDS = 5
KEY_NAMES = {"tab": "Tab", "shift+tab": "Shift+Tab", "escape": "Esc", "enter": "Enter"}


class DeskApp(TypeAhead, CatchesUnexpected, App[int]):
    TITLE = "LTSA Desk"
    CSS_PATH = "desk.tcss"
    COMMANDS = {DeskCommands}
    # Tab moves focus as the key arrives (see forms/keys.py); keys are handed over one at a
    # time, each once the previous one is handled (see forms/typeahead.py).
    BINDINGS = bindings(HELP, PALETTE, QUIT, THEME, NEXT_FIELD, PREVIOUS_FIELD)

    def __init__(self, desk: DeskContext, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.use_desk_theme()
        if load_preferences().get("theme") == DESK_LIGHT.name:
            self.theme = DESK_LIGHT.name  # the operator's last choice on this PC
        self.desk = desk
        self.lang = desk.lang
        self.cursor_blink = cursor_blink
        self.crashes = CrashHandler()
        #: Pilot tests fail on an unexpected error unless they test this very handling.
        self.reraise_when_headless = True
        localize_bindings(self, desk.lang)

    def use_desk_theme(self) -> None:
        """Start in the desk's dark theme, chosen before the stylesheet is first parsed.

        Setting ``theme`` runs its watcher, which parses every rule again (a tenth of a second
        before the first frame). Only the CSS variables need to change when the default theme
        is dark too: the App's dark-mode class and colour filter are then already right.
        """
        default_is_dark = self.current_theme.dark
        for theme in THEMES:
            self.register_theme(theme)
        if default_is_dark != DESK_DARK.dark:  # TEXTUAL_THEME chose a light default
            self.theme = DESK_DARK.name
            return
        self.set_reactive(DeskApp.theme, DESK_DARK.name)
        self.set_class(True, f"-theme-{DESK_DARK.name}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    def unexpected_error(self, error: Exception) -> None:
        """A handler of the App or a screen raised (see forms/unexpected.py): logged, drafts
        kept, the error screen shown; the desk runs on."""
        self._fail_test_on(error)
        self.crashes.handle(self, error, fatal=False)

    def _handle_exception(self, error: Exception) -> None:
        """The last resort, for an error elsewhere (a widget's handler): its node has stopped,
        so the desk closes, but the same way: logged, drafts kept, one sentence naming the log
        instead of Textual's traceback. Overrides a private Textual hook (textual is pinned
        below its next major version for this)."""
        self._fail_test_on(error)
        self.crashes.handle(self, error, fatal=True)

    def _fail_test_on(self, error: Exception) -> None:
        if self.is_headless and self.reraise_when_headless and self._exception is None:
            # Under Pilot the test still fails on it, as Textual's own handler makes it.
            self._exception = error
            self._exception_event.set()

    def on_mount(self) -> None:
        self.last_activity = time.monotonic()
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)

    def on_ready(self) -> None:
        # Pushed once the App has started rather than on mount: nothing is drawn while it
        # starts (it batches its updates), so a screen mounted then cannot tell when it is on
        # the terminal, and the login screen defers its slower parts until it is.
        self.push_screen(LoginScreen())

    def on_login_screen_desk_opened(self, _message: LoginScreen.DeskOpened) -> None:
        # The settings load with the database; their keys apply from then on.
        self.set_keymap(self.desk.settings.keymap)

    async def on_event(self, event: events.Event) -> None:
        # Every key and click reaches the App first: the one place to notice activity.
        if isinstance(event, events.Key | events.MouseDown):
            self.last_activity = time.monotonic()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """Hide the desk behind the password once the operator has been away too long."""
        actor = self.desk.actor
        if actor is None:
            return
        from screens.lock import LockScreen  # loaded after the login, like the other screens

        idle = time.monotonic() - self.last_activity
        if isinstance(self.screen, LockScreen):
            return
        if idle >= self.desk.settings.idle_lock_minutes * 60:
            self.push_screen(LockScreen(actor))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Tests and screenshots need a steady cursor; a desk may prefer it too.
        if not self.cursor_blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def get_key_display(self, binding: Binding) -> str:
        # Keys as printed on the keyboard: F2, Tab, Esc (not f2, tab, escape).
        if binding.key in KEY_NAMES:
            return KEY_NAMES[binding.key]
        shown = super().get_key_display(binding)
        return shown.upper() if shown[:1] == "f" and shown[1:].isdigit() else shown

    def action_help(self) -> None:
        from screens.help import HelpScreen, about_rows

        title = getattr(self.screen, "title_text", "") or self.TITLE
        about = about_rows(self.desk)
        self.push_screen(HelpScreen(dict(self.screen.active_bindings), title, about))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if not self.screen.has_class("--textual-command-palette"):
            self.push_screen(CommandPalette(placeholder=ui("palette.placeholder")))

    def action_toggle_theme(self) -> None:
        self.theme = DESK_LIGHT.name if self.theme == DESK_DARK.name else DESK_DARK.name
        self.run_worker(partial(remember, "theme", self.theme), thread=True, group="preferences")

    def action_help_quit(self) -> None:
        self.notify(ui("quit_hint", key=self.get_key_display(QUIT.binding())))


def run(args: argparse.Namespace) -> int:
    """``ltsa-desk`` with no command: run the desk until it is closed (1 if its database was
    refused, which the login screen has said)."""
    from ltsa_desk.cli.desk import startup_lang

    desk = DeskContext(lang=startup_lang(args), db_argument=getattr(args, "db", None))
    try:
        result: Any = DeskApp(desk).run()
    finally:
        if desk.opened is not None:
            desk.opened.db.dispose()
    if desk.refusal is not None:
        return 1
    return int(result or 0)
