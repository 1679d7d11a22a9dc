"""An unexpected error in the desk: logged, the draft kept, and said in plain words.

Textual's default for an exception in a handler is to close the app and print a traceback with
its local variables (a NIK, a name, a password typed) on the terminal. The desk instead:

1. writes the traceback to the log file (``ltsa_desk.logs``, personal data masked);
2. asks every open screen to keep what is being typed as a draft, at once (``keep_draft``);
3. shows :class:`ErrorScreen`: what went wrong, that the draft is kept, and the log file to
   send; Esc goes back to the desk, which runs on.

If the error stopped a part of the desk (``fatal``: Textual's last-resort handler, see
forms/unexpected.py), or errors keep coming (three within :data:`REPEAT_SECONDS`, or one while
the error screen is showing), the desk cannot be trusted to run on: it closes with the same
sentences on the terminal and exit code 1.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from forms.commands import Command, bindings
from forms.dialogs import DeskModal
from forms.i18n import ui
from ltsa_desk import logs

log = logging.getLogger(__name__)

REPEAT_SECONDS = 10.0
REPEAT_LIMIT = 3

CLOSE = Command("error.close", "escape", "close_error", "back", palette=False)
QUIT_DESK = Command("error.quit", "ctrl+q", "app.quit", "quit", palette=False)


def error_text(error: BaseException, log_file: Path | None) -> str:
    """The sentences said on the error screen (and on the terminal if the desk must close)."""
    lines = [ui("crash.what", kind=type(error).__name__), ui("crash.draft_kept")]
    lines.append(ui("crash.log", path=log_file) if log_file else ui("crash.no_log"))
    return "\n".join(lines)


class ErrorScreen(DeskModal[None]):
    BINDINGS = bindings(CLOSE, QUIT_DESK)

    def __init__(self, text: str) -> None:
        super().__init__(classes="dialog")
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide", id="error-box"):
            yield Label(ui("crash.title"), classes="dialog-title")
            yield Static(Text(self.text), classes="dialog-text", id="error-text")
            yield Label(ui("crash.hint"), classes="dialog-hint")

    def action_close_error(self) -> None:
        self.dismiss(None)


def keep_drafts(app: App[Any]) -> None:
    """Every screen that holds typing saves it now; one failing does not stop the others."""
    for screen in app.screen_stack:
        keep = getattr(screen, "keep_draft", None)
        if keep is None:
            continue
        try:
            keep()
        except Exception:
            log.exception("could not keep the draft of %s", type(screen).__name__)


class CrashHandler:
    """Decides, error by error, whether the desk shows the error screen or closes."""

    def __init__(self) -> None:
        self.recent: list[float] = []

    def handle(self, app: App[Any], error: Exception, *, fatal: bool) -> None:
        where = type(app.screen).__name__
        log_file = logs.log_unexpected(log, error, f"the desk ({where})")
        keep_drafts(app)
        text = error_text(error, log_file)
        now = time.monotonic()
        self.recent = [t for t in self.recent if now - t < REPEAT_SECONDS] + [now]
        if fatal or isinstance(app.screen, ErrorScreen) or len(self.recent) >= REPEAT_LIMIT:
            log.error("closing the desk after this error")
            app.exit(1, return_code=1, message=Text(text))
            return
        app.push_screen(ErrorScreen(text))
