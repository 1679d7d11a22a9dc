"""The desk's App: small on purpose. Screens live in their own modules."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Input

from forms.commands import bindings
from forms.i18n import localize_bindings, ui
from ltsa_desk.cli.context import db_argument
from ltsa_desk.config import load_settings
from ltsa_desk.db.engine import DatabaseError
from ltsa_desk.db.migrate import open_database
from ltsa_desk.drafts import DraftStore
from ltsa_desk.i18n import parse_lang, t
from screens.commands import HELP, NEXT_FIELD, PALETTE, PREVIOUS_FIELD, QUIT, THEME, DeskCommands
from screens.context import DeskContext
from screens.help import HelpScreen
from screens.lock import LockScreen
from screens.login import LoginScreen
from screens.theme import DESK_DARK, DESK_LIGHT, THEMES

IDLE_CHECK_SECONDS = 5
KEY_NAMES = {"tab": "Tab", "shift+tab": "Shift+Tab", "escape": "Esc", "enter": "Enter"}


class DeskApp(App[int]):
    TITLE = "LTSA Desk"
    CSS_PATH = "desk.tcss"
    COMMANDS = {DeskCommands}
    # Tab moves focus as the key arrives (see forms/keys.py for why that matters).
    BINDINGS = bindings(HELP, PALETTE, QUIT, THEME, NEXT_FIELD, PREVIOUS_FIELD)

    def __init__(self, desk: DeskContext, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.desk = desk
        self.lang = desk.lang
        self.cursor_blink = cursor_blink
        localize_bindings(self, desk.lang)

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DESK_DARK.name
        self.set_keymap(self.desk.settings.keymap)
        self.last_activity = time.monotonic()
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        self.push_screen(LoginScreen())

    async def on_event(self, event: events.Event) -> None:
        # Every key and click reaches the App first: the one place to notice activity.
        if isinstance(event, events.Key | events.MouseDown):
            self.last_activity = time.monotonic()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """Hide the desk behind the password once the operator has been away too long."""
        actor = self.desk.actor
        idle = time.monotonic() - self.last_activity
        if actor is None or isinstance(self.screen, LockScreen):
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
        title = getattr(self.screen, "title_text", "") or self.TITLE
        self.push_screen(HelpScreen(dict(self.screen.active_bindings), title))

    def action_command_palette(self) -> None:
        if not self.screen.has_class("--textual-command-palette"):
            self.push_screen(CommandPalette(placeholder=ui("palette.placeholder")))

    def action_toggle_theme(self) -> None:
        self.theme = DESK_LIGHT.name if self.theme == DESK_DARK.name else DESK_DARK.name

    def action_help_quit(self) -> None:
        self.notify(ui("quit_hint", key=self.get_key_display(QUIT.binding())))


def run(args: argparse.Namespace) -> int:
    """``ltsa-desk`` with no command: open the database and run the desk until it is closed."""
    settings = load_settings()
    lang = parse_lang(getattr(args, "lang", None) or settings.lang)
    try:
        db = open_database(db_argument(args))
    except DatabaseError as exc:
        print(t(exc.message_key, lang, **exc.params), file=sys.stderr)
        return 1
    try:
        desk = DeskContext(db=db, settings=settings, lang=lang, drafts=DraftStore.beside(db))
        result: Any = DeskApp(desk).run()
        return int(result or 0)
    finally:
        db.dispose()
