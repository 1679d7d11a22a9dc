"""The base of every desk screen: catalog-translated bindings, the desk context, one failure
handler for its workers, and the one-line status bar."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from forms.commands import bindings
from forms.failures import ReportsFailures
from forms.i18n import localize_bindings, ui
from forms.safe import literal
from forms.unexpected import CatchesUnexpected
from ltsa_desk.i18n import Lang
from screens.commands import HELP
from screens.context import DeskContext

if TYPE_CHECKING:
    # The models bring SQLAlchemy: the login screen, a DeskScreen, is drawn before they load.
    from ltsa_desk.db.models import Application

ResultT = TypeVar("ResultT")
#: Columns kept free at the right of the footer for the command palette key.
PALETTE_ROOM = 14


DESK_WIDTH = 14


def short_desk(name: str, width: int = DESK_WIDTH) -> str:
    """ "Ketenagakerjaan (Disnaker)" → "Disnaker": the shorter of a desk's name and its
    bracketed part, so that desk columns stay narrow at 80 columns."""
    if "(" in name and name.endswith(")"):
        before, inside = name[: name.index("(")].strip(), name[name.index("(") + 1 : -1]
        name = min(before, inside, key=len)
    return name if len(name) <= width else name[: width - 1] + "…"


def _label(labels: Mapping[str, Any], code: str, lang: Lang) -> str:
    label = labels.get(code)
    if label is None:
        return code
    return str(label.name_en if lang == "en" else label.name_id).split(" (")[0]


def plan_summary(application: Application, lang: Lang) -> str:
    """ "P to P · HK · Rumah tangga / PLRT": a placement plan in the ruleset's own words, short."""
    from ltsa_desk.services.rulesets import current_ruleset  # pydantic: not before login

    ruleset = current_ruleset()
    scheme = _label(cast(Mapping[str, Any], ruleset.schemes), application.scheme, lang)
    sector = _label(cast(Mapping[str, Any], ruleset.sectors), application.sector, lang)
    return f"{scheme} · {application.destination} · {sector}"


def desk_of(node: Any) -> DeskContext:
    desk = getattr(node.app, "desk", None)
    if not isinstance(desk, DeskContext):
        raise RuntimeError("not running inside the desk app")
    return desk


class DeskScreen(CatchesUnexpected, ReportsFailures, Screen[ResultT]):
    BINDINGS = bindings(HELP)
    #: Actions whose availability depends on what is highlighted (see ``update_bindings``).
    GATED: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)
        self._gates: tuple[bool | None, ...] = ()

    def update_bindings(self) -> None:
        """Refresh the footer only when a gated action became (un)available: every refresh
        rebuilds the footer, which is too costly on each cursor move."""
        gates = tuple(self.check_action(action, ()) for action in self.GATED)
        if gates != self._gates:
            self._gates = gates
            self.refresh_bindings()

    @property
    def desk(self) -> DeskContext:
        return desk_of(self)

    def keep_draft(self) -> None:
        """Save what is being typed on this screen now, in this thread (after an unexpected
        error, see screens/crash.py). Screens without a draft have nothing to keep."""


class StatusBar(Static):
    """Screen, date, operator and counter: who is working where, always on the first line.
    (The office is on the home screen's title: at 80 columns there is no room for both.)"""

    def __init__(self, title: str) -> None:
        super().__init__(classes="status-bar")
        self.title_text = title

    def on_mount(self) -> None:
        desk = desk_of(self)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" ")
        text.append_text(literal(self.title_text, style="bold"))
        # The date before the names: when 80 columns are not enough, the end of the line goes.
        text.append(f" · {desk.today().strftime('%d-%m-%Y')} ")
        if desk.actor is not None:
            text.append("· ")
            text.append_text(literal(desk.actor.full_name))
            text.append(f" ({ui('role.' + str(desk.actor.role))}) ")
        text.append(f"· {ui('status.counter', counter=desk.settings.counter)}")
        self.update(text)


class DeskFooter(Footer):
    """Textual's footer rebuilds itself on every bindings change, several times per focus move
    while a screen mounts; this one rebuilds once per refresh. Keys are listed by priority
    (their order in ``BINDINGS``) and those that do not fit are left out whole rather than cut
    in the middle of a word: F1 help and the command palette list them all."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._rebuild_pending = False

    def compose(self) -> ComposeResult:
        room = (self.size.width or self.app.size.width) - PALETTE_ROOM
        kept = []
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                room -= len(widget.key_display) + len(widget.description) + 2
                if room < 0:
                    continue
            kept.append(widget)
        self.styles.grid_size_columns = len(kept)
        yield from kept

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild, screen)

    def _rebuild(self, screen: Screen[Any]) -> None:
        self._rebuild_pending = False
        if not self._enable_in_place(screen):
            super().bindings_changed(screen)

    def _enable_in_place(self, screen: Screen[Any]) -> bool:
        """When the same keys are listed and only which are enabled changed (F5/F6 as search
        results come and go), flip them in place: a recompose lays the footer out again, some
        50 ms that the operator feels on the next key typed."""
        if not (self.is_attached and screen is self.screen and self.app.app_focus):
            return False
        shown = list(self.query(FooterKey))
        if not shown:
            return False
        wanted = [w for w in self.compose() if isinstance(w, FooterKey)]
        if [(k.key, k.action, k.description) for k in shown] != [
            (k.key, k.action, k.description) for k in wanted
        ]:
            return False
        for key, new in zip(shown, wanted, strict=True):
            # FooterKey keeps its state in ``_disabled`` and the "-disabled" class (Textual 8).
            key._disabled = new._disabled
            key.set_class(new._disabled, "-disabled")
        return True
