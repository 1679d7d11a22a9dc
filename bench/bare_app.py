"""The floor for the desk's start and typing: a bare Textual app showing one Input.

It shows the login screen's title text so that the start-up measurement waits for the same
words in both apps. ``python bench/bare_app.py`` runs it in the terminal.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Label

TITLE = "Masuk petugas"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(TITLE)
        yield Input(id="field", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False


if __name__ == "__main__":
    BareApp().run()
