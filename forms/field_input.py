"""The desk's text field: typing repaints it, never re-lays out the screen.

Its own module so that the login screen, drawn before anything else loads, can use it without
importing the form widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.events import Focus
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input


class FieldInput(Input):
    """An ``Input`` whose keystrokes repaint the field instead of re-laying out the screen.

    Textual 8.2.8's ``Input._watch_value`` assigns ``virtual_size`` (the text's width) on every
    change, and ``virtual_size`` is a *layout* reactive: each key re-lays out the whole screen.
    On the intake form (~35 rows, ~100 widgets) or the home screen that layout is most of a
    keystroke's cost and kept the key → frame p95 above 16 ms. A desk field's width comes from
    the stylesheet, never from its text, so the virtual size (which only bounds horizontal
    scrolling inside the field) is stored without its watchers and the field is repainted.
    The rest is Textual's method unchanged: suggestions, validation, ``Changed``, and the
    cursor and scroll position. An auto-sized input still asks for a layout, as Textual does.

    Use it for every text field of the desk (the forms, the pickers, the home search box, the
    login screen), so that typing behaves, and costs, the same everywhere.

    Two things an operator at speed needs from a field:

    * ``offer``: what to propose when the field is entered empty (the KTP name for the name in
      the passport). It is filled in selected: Tab keeps it, typing replaces it. It runs on the
      field's own Focus event, which Textual queues before any key typed into the field, so a
      key typed ahead is never overwritten by the offer.
    * a key refused because the field is full posts ``TooLong``: the form says so under the
      field instead of cutting the value without a word.
    """

    @dataclass
    class TooLong(Message):
        input: FieldInput
        max_length: int

    #: Called when the field is entered empty; the text returned is filled in, selected.
    offer: Callable[[], str] | None = None

    def _on_focus(self, _event: Focus) -> None:
        # Textual then runs Input._on_focus, which selects the whole value.
        if self.offer is not None and not self.value:
            self.value = self.offer()

    def restricted(self) -> None:
        super().restricted()
        if self.max_length and len(self.value) >= self.max_length:
            self.post_message(self.TooLong(self, self.max_length))

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        self.refresh()
        self._suggestion = ""
        if self.suggester and value:
            self.run_worker(self.suggester._get_suggestion(self, value))
        if self.styles.auto_dimensions:
            self.refresh(layout=True)
        validation_result = self.validate(value) if "changed" in self.validate_on else None
        self.post_message(self.Changed(self, value, validation_result))
        if self._initial_value:
            # The first value set moves the cursor to its end.
            self.cursor_position = len(self.value)
            self._initial_value = False
        else:
            # Re-validating the selection clamps it to the new length and scrolls the cursor
            # into view (what keeps a long value scrolling horizontally).
            self.selection = self.selection
