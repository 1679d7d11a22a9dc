"""F1: the keys of the screen underneath, generated from its real (possibly remapped) bindings,
then what the support person asks first: the version, the rules in force and where the files are.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from forms.commands import Command, bindings
from forms.dialogs import DeskModal
from forms.i18n import current_lang, ui
from ltsa_desk import __version__
from ltsa_desk.i18n import t
from screens.commands import available, help_text
from screens.context import DeskContext

KEY_WIDTH = 12
#: Keys that are not bindings of a screen but work everywhere (Textual focus and Input keys).
NAVIGATION = {"tab": "tab", "shift_tab": "shift+tab", "enter": "enter", "arrows": "up"}


CLOSE = Command("help.close", "f1", "cancel", "close_help", show=False, palette=False)


def about_rows(desk: DeskContext) -> list[tuple[str, str]]:
    """Version, then (once the database is open) the ruleset and the places of ``ltsa-desk
    paths``, as ``(label, value)``."""
    rows = [(ui("help.version"), f"LTSA Desk {__version__}")]
    if desk.opened is None:
        return rows
    from ltsa_desk.locations import locations
    from ltsa_desk.rules import RulesetError
    from ltsa_desk.services.rulesets import current_ruleset

    settings = desk.settings
    try:
        ruleset = current_ruleset(settings.rules_file).ref
    except RulesetError:  # said where the rules are used; help still opens
        ruleset = "-"
    rows.append((ui("help.ruleset"), ruleset))
    db = desk.db
    argument = str(db.path) if db.path is not None else db.url
    for name, value in locations(settings, argument).rows():
        rows.append((t(f"cli.paths_{name}", current_lang()), value))
    return rows


class HelpScreen(DeskModal[None]):
    # A modal screen hides the app's bindings, so F1 closes help through its own binding.
    BINDINGS = bindings(CLOSE)

    def __init__(
        self,
        screen_bindings: dict[str, ActiveBinding],
        screen_title: str,
        about: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.screen_bindings = screen_bindings
        self.screen_title = screen_title
        self.about = about or []

    def rows(self) -> list[Text]:
        lines = []
        for _key, active in available(self.screen_bindings, include_disabled=True):
            binding = active.binding
            line = Text(no_wrap=False)
            line.append(f"{self.app.get_key_display(binding):<{KEY_WIDTH}}", style="bold")
            line.append(help_text(binding), style="" if active.enabled else "dim")
            if not active.enabled:
                line.append(f"  ({ui('help.unavailable')})", style="dim")
            lines.append(line)
        return lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide help"):
            yield Label(ui("help.title", screen=self.screen_title), classes="dialog-title")
            with VerticalScroll(id="help-rows"):
                for line in self.rows():
                    yield Static(line, classes="help-row")
                bound = {active.binding.key for active in self.screen_bindings.values()}
                # Keys already listed above, from the screen's own bindings, are left out; so
                # is the heading when nothing is left under it.
                moving = [name for name, key in NAVIGATION.items() if key not in bound]
                if moving:
                    yield Label(ui("help.navigation"), classes="help-section")
                for name in moving:
                    line = Text()
                    line.append(f"{ui('help.key.' + name):<{KEY_WIDTH}}", style="bold")
                    line.append(ui("help.nav." + name))
                    yield Static(line, classes="help-row")
                if self.about:
                    yield Label(ui("help.about"), classes="help-section")
                width = max((len(label) for label, _ in self.about), default=0) + 2
                for label, value in self.about:
                    line = Text(no_wrap=False)
                    line.append(f"{label:<{width}}", style="bold")
                    line.append(value)
                    yield Static(line, classes="help-row about-row")
            yield Label(ui("help.close"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help-rows", VerticalScroll))
