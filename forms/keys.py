"""Moving through a form with Enter, in step with the keys around it.

Textual routes each key to the widget focused when the key arrives, into that widget's own
queue, and an unhandled key (Enter, Tab) reaches the screen's bindings only after bubbling up
message by message. In a burst of keys (a fast typist, a barcode scanner, tmux) the characters
after Enter or Tab could therefore land in the old field. Enter (here) and Tab (on the App) are
priority bindings instead: they move focus as the key arrives, so later keys go to the next
field. Keys that arrived before are still queued in the old field, so whatever reads its text
(a picker's choice, a submit) is deferred with ``call_later`` until that queue is drained.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.actions import SkipAction
from textual.widgets import Input

from forms.commands import Command

ENTER = Command(
    "form.enter", "enter", "enter_next", "next_field", show=False, palette=False, priority=True
)


class EnterMovesOn:
    """Mixin for screens holding a form: Enter in a text field goes to the next field (after
    picking the highlighted choice in a picker); in a field listed in ``SUBMIT_ON`` it calls
    ``submit_from_enter``. Elsewhere (buttons, tables, lists) Enter keeps its usual meaning."""

    SUBMIT_ON: ClassVar[frozenset[str]] = frozenset()

    def action_enter_next(self) -> None:
        # Imported here: the login screen (the desk's first frame) has no picker to wait for.
        from forms.widgets import Picker

        screen: Any = self
        focused = screen.focused
        if not isinstance(focused, Input):
            raise SkipAction()
        if isinstance(focused.parent, Picker):
            focused.call_later(focused.parent.submitted)
        if self.submits_on(focused.id or ""):
            focused.call_later(self.submit_from_enter)
        else:
            screen.focus_next()

    def submits_on(self, input_id: str) -> bool:
        return input_id in self.SUBMIT_ON

    def submit_from_enter(self) -> None:
        raise SkipAction()
