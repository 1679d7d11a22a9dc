"""App-wide commands and the command palette provider that offers what is valid right now."""

from __future__ import annotations

from collections.abc import Coroutine, Iterator
from functools import partial
from typing import Any

from rich.text import Text
from textual.binding import ActiveBinding, Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from forms.commands import REGISTRY, Command
from forms.i18n import ui

#: Declared on every desk screen too, so that F1 comes first in the footer.
HELP = Command("app.help", "f1", "app.help", "help")
PALETTE = Command("app.palette", "ctrl+p", "command_palette", "palette", show=False, palette=False)
QUIT = Command("app.quit", "ctrl+q", "quit", "quit", show=False, priority=True)
NEXT_FIELD = Command(
    "app.focus_next", "tab", "focus_next", "focus_next", show=False, palette=False, priority=True
)
PREVIOUS_FIELD = Command(
    "app.focus_previous",
    "shift+tab",
    "focus_previous",
    "focus_previous",
    show=False,
    palette=False,
    priority=True,
)
THEME = Command("app.theme", "ctrl+t", "toggle_theme", "theme", show=False)


def help_text(binding: Binding) -> str:
    """The longer explanation of a command, for the palette and the F1 screen."""
    command = REGISTRY.get(binding.id or "")
    return ui(f"cmd_help.{command.label}") if command else binding.description


def available(
    screen_bindings: dict[str, ActiveBinding], *, include_disabled: bool = False
) -> Iterator[tuple[str, ActiveBinding]]:
    """(key, active binding) of each declared command the screen offers (and allows now)."""
    seen: set[str] = set()
    for key, active in screen_bindings.items():
        command = REGISTRY.get(active.binding.id or "")
        if command is None or command.id in seen:
            continue
        if not active.enabled and not include_disabled:
            continue
        seen.add(command.id)
        yield key, active


class DeskCommands(Provider):
    """Only the commands of the screen the palette was opened from, and only if allowed now."""

    def _entries(self) -> list[tuple[str, str, partial[Coroutine[Any, Any, bool]]]]:
        entries = []
        for _key, active in available(self.screen.active_bindings):
            binding = active.binding
            if not REGISTRY[binding.id or ""].palette:
                continue
            display = f"{help_text(binding)}  ({self.app.get_key_display(binding)})"
            run = partial(self.app.run_action, binding.action, active.node)
            entries.append((display, binding.description, run))
        return entries

    async def discover(self) -> Hits:
        for display, description, run in self._entries():
            yield DiscoveryHit(Text(display), run, text=display, help=description)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for display, description, run in self._entries():
            score = matcher.match(display)
            if score > 0:
                yield Hit(score, matcher.highlight(display), run, text=display, help=description)
