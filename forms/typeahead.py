"""Type-ahead: every key reaches the widget it was meant for, in order, however fast it comes.

Textual hands each key to the widget focused when the App takes the key from its queue, into
that widget's own queue; a key the widget does not handle then bubbles, message by message, back
up to the App, where the screen's bindings are looked up against the focus *at that moment*.
With keys arriving faster than they are handled (a fast typist, a barcode scanner, tmux sending
a line at once) three things went wrong on the intake form:

* a key bubbling up late met a focus already moved by the next key (Down meant for the sector
  picker moved the next picker), and a picker chose on a list not yet narrowed;
* a key arriving while a screen was still mounting, before it had focused its first field, went
  to the screen and was lost;
* a key arriving while a worker was about to change the form (the ruleset's choices, the fields
  read from the NIK, a save switching screen) landed in a widget about to be replaced.

The App mixin :class:`TypeAhead` queues keys and hands them over one at a time: the next key
goes only once the previous one has travelled the whole way from the widget it was given to up
to the App (a callback is passed up the same chain of queues behind it), and only while nothing
*holds* the keys: the screen is mounted and focused, its ``accepts_keys`` is true, and no widget
has called :func:`hold` without :func:`release`. Holding is bounded (``HOLD_LIMIT``) so that a
worker that never answers cannot freeze the desk. Mouse and paste events are not queued.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from textual import events
from textual.dom import DOMNode
from textual.timer import Timer
from textual.widgets import Input

#: Longest a screen or a widget may hold the keys back (seconds); then they flow again.
HOLD_LIMIT = 5.0
#: Longest a key may take to come back up to the App before the next one goes anyway: long,
#: since a key let go early may land in the wrong widget; a busy 2-core counter PC can take a
#: second over a backlog of messages.
FLIGHT_LIMIT = 10.0
RETRY_SECONDS = 0.01


def _gate(node: DOMNode) -> TypeAhead | None:
    try:
        app = node.app
    except Exception:  # not attached to a running app (yet, or any more)
        return None
    return app if isinstance(app, TypeAhead) else None


def hold(node: DOMNode, holder: object | None = None) -> None:
    """Keep the keys typed from now on queued until :func:`release` (``holder`` defaults to
    ``node``): for a widget about to act on an answer it is still waiting for."""
    gate = _gate(node)
    if gate is not None:
        gate.key_holds.setdefault(holder if holder is not None else node, time.monotonic())


def release(node: DOMNode, holder: object | None = None) -> None:
    gate: Any = _gate(node)
    key = holder if holder is not None else node
    if gate is not None and key in gate.key_holds:
        del gate.key_holds[key]
        gate.call_later(gate.next_key)


class TypeAhead:
    """Mixin for the App (before ``App`` in the bases): keys queued and handed over in order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_holds: dict[object, float] = {}
        self._keys: deque[events.Key] = deque()
        self._in_flight: float | None = None
        #: Where the callback following the key in flight is queued: (node, chain, next index).
        self._hop: tuple[DOMNode, list[DOMNode], int] | None = None
        self._retry: Timer | None = None
        self._screen_waiting_since: float | None = None

    @property
    def keys_waiting(self) -> int:
        return len(self._keys) + (self._in_flight is not None)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._keys.append(event)
            await self.next_key()
            return
        await super().on_event(event)  # type: ignore[misc]

    async def next_key(self) -> None:
        """Hand over the next queued key, if the previous one is done and nothing holds."""
        app: Any = self
        now = time.monotonic()
        if self._in_flight is not None and self._hop is not None:
            node, chain, index = self._hop
            if not node.is_running or now - self._in_flight > FLIGHT_LIMIT:
                # The node closed with the callback queued (a screen dismissed): go on from
                # its parent; or it is stuck: let the keys flow rather than freeze the desk.
                self._hop = None
                if node.is_running:
                    self._land()
                else:
                    self._follow(chain, index)
        if self._in_flight is not None or not self._keys:
            if self._keys and self._retry is None:
                self._retry = app.set_timer(RETRY_SECONDS, self._retry_now)
            return
        if self._held(now):
            if self._retry is None:
                self._retry = app.set_timer(RETRY_SECONDS, self._retry_now)
            return
        event = self._keys.popleft()
        origin: DOMNode = app.focused or app.screen
        self._in_flight = now
        await super().on_event(event)  # type: ignore[misc]
        # A character typed into a text field stops there (Input handles printable keys and
        # stops them): the field's own queue is the whole way. Any other key may bubble up.
        typed = event.is_printable and isinstance(origin, Input)
        self._follow([origin, app] if typed else list(origin.ancestors_with_self), 0)
        if self._keys and self._retry is None:
            # A watchdog: should the key never come back (a widget closed with it queued),
            # the next one still goes after FLIGHT_LIMIT.
            self._retry = app.set_timer(RETRY_SECONDS, self._retry_now)

    async def _retry_now(self) -> None:
        self._retry = None
        await self.next_key()

    def _follow(self, chain: list[DOMNode], index: int) -> None:
        """Pass a callback up ``chain`` behind the key (and whatever it made each node post):
        when it reaches the App, the key has been handled wherever it went."""
        app: Any = self
        while index < len(chain):
            node = chain[index]
            index += 1
            if node is app:
                break
            if node.is_running and node.call_later(self._follow, chain, index):
                self._hop = (node, chain, index)
                return
        self._hop = None
        app.call_later(self._landed)

    def _land(self) -> None:
        self._in_flight = None
        self._hop = None

    async def _landed(self) -> None:
        self._land()
        await self.next_key()

    def _held(self, now: float) -> bool:
        for holder, since in list(self.key_holds.items()):
            gone = isinstance(holder, DOMNode) and not holder.is_attached
            if gone or now - since > HOLD_LIMIT:
                del self.key_holds[holder]
        if self.key_holds:
            return True
        screen_waits = not self._screen_ready()
        if not screen_waits:
            self._screen_waiting_since = None
            return False
        if self._screen_waiting_since is None:
            self._screen_waiting_since = now
        return now - self._screen_waiting_since <= HOLD_LIMIT

    def _screen_ready(self) -> bool:
        app: Any = self
        screen = app.screen
        if not screen.is_mounted or not getattr(screen, "accepts_keys", True):
            return False
        # A screen gives its first field the focus once mounted: wait for it, if it has one.
        return screen.focused is not None or not screen.focus_chain
