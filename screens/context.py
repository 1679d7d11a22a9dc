"""What every screen needs from the running desk: the database, the operator, the settings.

The desk is on screen before its database is open: importing SQLAlchemy, the models, alembic
and pydantic-settings takes most of a second, which the operator would otherwise spend looking
at an empty terminal. So the context starts with what the first frame needs (the language and
the ``--db`` argument) and the login screen's worker opens the rest (:meth:`DeskContext.open`),
which the UI thread then attaches. Every screen after the login screen can rely on ``db``,
``settings`` and ``drafts``; using them earlier is a bug and raises :class:`DatabaseNotReady`.

The heavy modules are imported for type checking only, or inside :func:`open_desk`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from ltsa_desk import clock
from ltsa_desk.i18n import Lang

if TYPE_CHECKING:
    from ltsa_desk.config import Settings
    from ltsa_desk.db.engine import Database
    from ltsa_desk.drafts import DraftStore
    from ltsa_desk.services.access import Actor


class DatabaseNotReady(RuntimeError):
    """The database was used before the login screen's worker had opened it."""


@dataclass(frozen=True)
class OpenedDesk:
    """What exists once the database is open: the three always travel together."""

    db: Database
    settings: Settings
    drafts: DraftStore


def open_desk(db_argument: str | None) -> OpenedDesk:
    """Load the settings, open (create or upgrade) the database and find the drafts folder.

    Runs in a worker thread and raises ``DatabaseError`` for a database refused as it is
    (damaged, not SQLite, written by a newer release…). The imports are here on purpose: they
    are the bulk of the desk's start-up time and must not delay the first frame.
    """
    from ltsa_desk.config import load_settings
    from ltsa_desk.db.migrate import open_database
    from ltsa_desk.drafts import DraftStore

    settings = load_settings()
    db = open_database(db_argument or settings.db)
    return OpenedDesk(db=db, settings=settings, drafts=DraftStore.beside(db))


def argument_label(db_argument: str) -> str:
    """How the login screen names a database before it is open: the file's full path, or the
    URL without its password (as SQLAlchemy shows it once open)."""
    if "://" not in db_argument:
        return str(Path(db_argument).expanduser().resolve())
    parts = urlsplit(db_argument.strip())
    if parts.password is None:
        return db_argument.strip()
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


@dataclass
class DeskContext:
    lang: Lang
    #: ``--db`` as given; None means ``LTSA_DESK_DB`` or the default path, from the settings.
    db_argument: str | None = None
    #: Opens the desk in a worker thread; tests hand in their own database and settings.
    opener: Callable[[], OpenedDesk] | None = None
    #: Set at login; every screen after the login screen can rely on it.
    actor: Actor | None = None
    office_name: str = ""
    #: Set on the UI thread by :meth:`attach` once the database is open.
    opened: OpenedDesk | None = None
    #: Why the database was refused, in the desk's language; no one can log in then.
    refusal: str | None = None

    @classmethod
    def ready(
        cls,
        *,
        db: Database,
        settings: Settings,
        drafts: DraftStore,
        lang: Lang,
    ) -> DeskContext:
        """A context whose database is already open (benchmarks, scripts driving the app)."""
        return cls(lang=lang, opened=OpenedDesk(db, settings, drafts))

    def today(self) -> date:
        """The office's day, from the core's clock (tests move that clock, not this one)."""
        return clock.today()

    def open(self) -> OpenedDesk:
        """Run in a worker thread: the opened desk, without attaching it (that is the UI
        thread's job, so that screens never see it half set)."""
        if self.opened is not None:
            return self.opened
        if self.opener is not None:
            return self.opener()
        return open_desk(self.db_argument)

    def attach(self, opened: OpenedDesk) -> None:
        self.opened = opened
        self.refusal = None

    @property
    def is_open(self) -> bool:
        return self.opened is not None

    def _open_desk(self) -> OpenedDesk:
        if self.opened is None:
            raise DatabaseNotReady("the database is not open yet (the login screen opens it)")
        return self.opened

    @property
    def db(self) -> Database:
        return self._open_desk().db

    @property
    def settings(self) -> Settings:
        return self._open_desk().settings

    @property
    def drafts(self) -> DraftStore:
        return self._open_desk().drafts

    @property
    def operator(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("no operator logged in")
        return self.actor

    @property
    def database_label(self) -> str:
        """The database in use, for the login screen: from ``--db`` until it is open."""
        if self.opened is None:
            return argument_label(self.db_argument) if self.db_argument else ""
        db = self.opened.db
        path = db.path
        return str(path) if path else db.engine.url.render_as_string(hide_password=True)
