"""The desk's App: small on purpose. Screens live in their own modules.

Only Textual, the forms and the catalogs load before the first frame: the database code
(SQLAlchemy, the models, alembic, pydantic-settings) loads in the login screen's worker, and the
other screens when they are first shown (see screens/context.py).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input

from forms.commands import bindings
from forms.i18n import localize_bindings, ui
from forms.typeahead import TypeAhead
from screens.commands import HELP, NEXT_FIELD, PALETTE, PREVIOUS_FIELD, QUIT, THEME, DeskCommands
from screens.context import DeskContext
from screens.login import LoginScreen
from screens.theme import DESK_DARK, DESK_LIGHT, THEMES

IDLE_CHECK_SECONDS = 5
KEY_NAMES = {"tab": "Tab", "shift+tab": "Shift+Tab", "escape": "Esc", "enter": "Enter"}


class DeskApp(TypeAhead, App[int]):
    TITLE = "LTSA Desk"
    CSS_PATH = "desk.tcss"
    COMMANDS = {DeskCommands}
    # Tab moves focus as the key arrives (see forms/keys.py); keys are handed over one at a
    # time, each once the previous one is handled (see forms/typeahead.py).
    BINDINGS = bindings(HELP, PALETTE, QUIT, THEME, NEXT_FIELD, PREVIOUS_FIELD)

    def __init__(self, desk: DeskContext, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.use_desk_theme()
        self.desk = desk
        self.lang = desk.lang
        self.cursor_blink = cursor_blink
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
        from screens.help import HelpScreen

        title = getattr(self.screen, "title_text", "") or self.TITLE
        self.push_screen(HelpScreen(dict(self.screen.active_bindings), title))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if not self.screen.has_class("--textual-command-palette"):
            self.push_screen(CommandPalette(placeholder=ui("palette.placeholder")))

    def action_toggle_theme(self) -> None:
        self.theme = DESK_LIGHT.name if self.theme == DESK_DARK.name else DESK_DARK.name

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
