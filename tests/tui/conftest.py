"""Pilot fixtures: the desk on the per-test database, no cursor blink (the clock is the suite's)."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerFailed

from ltsa_desk.config import Settings
from ltsa_desk.db.engine import Database
from ltsa_desk.drafts import DraftStore
from ltsa_desk.i18n import Lang
from screens.app import DeskApp
from screens.context import DeskContext, OpenedDesk
from tests.conftest import PASSWORDS

SIZE = (80, 24)


@pytest.fixture
def make_app(db: Database, tmp_path: Path) -> Callable[..., DeskApp]:
    def make(lang: Lang = "id", **settings: object) -> DeskApp:
        opened = OpenedDesk(
            db=db,
            settings=Settings(**{"output_dir": tmp_path / "out", **settings}),  # type: ignore[arg-type]
            drafts=DraftStore(tmp_path / "drafts"),
        )
        # Opened by the login screen's worker, as in the real desk (see screens/context.py).
        desk = DeskContext(lang=lang, opener=lambda: opened)
        return DeskApp(desk, cursor_blink=False)

    return make


async def settle(pilot: Pilot[object], rounds: int = 20) -> None:
    """Let workers finish and the messages they post be handled (which may start more)."""
    app = pilot.app
    for _ in range(rounds):
        # A superseded (exclusive) or failed worker is fine here: the desk reports failures.
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return


def type_into(pilot: Pilot[object], selector: str, text: str) -> None:
    """Set an Input's text at once (each pilot.press costs tens of milliseconds)."""
    pilot.app.screen.query_one(selector, Input).value = text


async def search_for(pilot: Pilot[object], text: str) -> None:
    """Type into the home search box at once and wait for its results: the box searches only
    after a pause in the typing (``SEARCH_DELAY``), which no worker waits for."""
    from screens.home import SEARCH_DELAY

    type_into(pilot, "#search", text)
    await pilot.pause(SEARCH_DELAY + 0.05)
    await settle(pilot)


async def login(pilot: Pilot[object], username: str = "operator") -> None:
    await settle(pilot)
    type_into(pilot, "#username", username)
    type_into(pilot, "#password", PASSWORDS[username])
    pilot.app.screen.query_one("#password", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests with asyncio.run: no async plugin needed for Pilot tests."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


async def choose(pilot: Pilot[object], name: str, text: str) -> None:
    """Type into a picker, wait for its options, pick the first with Enter."""
    from forms.widgets import Picker

    picker = pilot.app.screen.query_one(f"#f-{name}", Picker)
    picker.input.focus()
    picker.input.value = text
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def fill(pilot: Pilot[object], **values: str) -> None:
    """Type each field and leave it (Tab), as an operator would; checks run on leaving."""
    for name, text in values.items():
        field = pilot.app.screen.query_one(f"#f-{name}", Input)
        field.focus()
        field.value = text
        await pilot.press("tab")
    await settle(pilot)


def keys(*names: str) -> list[tuple[str, str | None]]:
    """Named keys (``tab``, ``enter``, ``down``, ``f10``…) for :func:`type_ahead`."""
    return [(name, None) for name in names]


def text(typed: str) -> list[tuple[str, str | None]]:
    """Characters typed one by one, for :func:`type_ahead`."""
    from textual.keys import _character_to_key

    return [(c if c.isalnum() else _character_to_key(c), c) for c in typed]


def type_ahead(pilot: Pilot[object], strokes: list[tuple[str, str | None]]) -> None:
    """Every key at once, with no pause at all between them: what a fast typist, a barcode
    scanner or a terminal multiplexer sends. Harsher than ``pilot.press``, which lets the App
    go idle after each key."""
    from textual import events

    for key, char in strokes:
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
