"""Catching a bug in a handler before it stops the screen that ran it.

Textual ends a node's message loop when one of its handlers raises (the node then answers
nothing more) and closes the app. The desk's App and screens run their handlers inside
:class:`CatchesUnexpected` instead, which hands the error to the App's ``unexpected_error``
(the error screen, see screens/crash.py), so that the loop, and the desk, run on. Widgets
without it still fall back to the App's last-resort handler, which closes the desk cleanly.
"""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump


class CatchesUnexpected(MessagePump):
    """Mixin for the App and the screens (listed before the Textual class)."""

    async def _on_message(self, message: Message) -> None:
        # ``_on_message`` is Textual's private dispatch of every event and message to its
        # handlers; textual is pinned below its next major version for this.
        try:
            await super()._on_message(message)
        except Exception as error:
            handler = getattr(self.app, "unexpected_error", None)
            if handler is None:
                raise
            handler(error)
