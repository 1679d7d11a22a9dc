"""F6 on any screen that knows an application: the checklist PDF, printed in a worker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.message import Message

from forms.i18n import ui
from screens.base import desk_of


class PrintsChecklists:
    """Mixin for desk screens: ``start_print`` renders and sends the PDF off the UI thread."""

    @dataclass
    class Printed(Message):
        message: str

    def start_print(self, application_id: uuid.UUID) -> None:
        screen: Any = self
        screen.notify(ui("print.started"), timeout=3)
        self._print(application_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="print")
    def _print(self, application_id: uuid.UUID) -> None:
        screen: Any = self
        desk = desk_of(screen)
        try:
            from ltsa_desk.printing import print_checklist
        except ImportError:
            screen.post_message(self.Printed(ui("print.unavailable", desk.lang)))
            return
        outcome = print_checklist(
            desk.db, desk.operator, application_id, lang=desk.lang, settings=desk.settings
        )
        message = outcome.message(desk.lang)
        if outcome.printer is None and not desk.settings.printer:
            # Saved only: say that printing is not set up, and how to set it up.
            message += "\n" + ui("print.not_configured", desk.lang)
        screen.post_message(self.Printed(message))

    def on_prints_checklists_printed(self, message: Printed) -> None:
        screen: Any = self
        screen.notify(message.message, title=ui("print.title"), timeout=8, markup=False)
