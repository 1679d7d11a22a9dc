"""What every screen needs from the running desk: the database, the operator, the settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ltsa_desk.config import Settings
from ltsa_desk.db.engine import Database
from ltsa_desk.drafts import DraftStore
from ltsa_desk.i18n import Lang
from ltsa_desk.services.access import Actor


@dataclass
class DeskContext:
    db: Database
    settings: Settings
    lang: Lang
    drafts: DraftStore
    #: The desk's "today"; tests fix it so that screens and snapshots do not drift.
    clock: Callable[[], date] = field(default=date.today)
    #: Set at login; every screen after the login screen can rely on it.
    actor: Actor | None = None
    office_name: str = ""

    def today(self) -> date:
        return self.clock()

    @property
    def operator(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("no operator logged in")
        return self.actor

    @property
    def database_label(self) -> str:
        path = self.db.path
        return str(path) if path else self.db.engine.url.render_as_string(hide_password=True)
