"""Each command declared once: its binding (with a stable id for the keymap), footer text,
palette entry and help row all derive from it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

#: Every declared command by binding id: the palette and F1 help look commands up here.
REGISTRY: dict[str, Command] = {}


@dataclass(frozen=True)
class Command:
    """A user action: ``id`` is what a keymap in the config file remaps (``home.new_applicant =
    "f2"``); ``label`` names ``ui.cmd.<label>`` in the catalogs."""

    id: str
    key: str
    action: str
    label: str
    show: bool = True
    palette: bool = True
    priority: bool = False

    def __post_init__(self) -> None:
        REGISTRY[self.id] = self

    @property
    def catalog_key(self) -> str:
        return f"ui.cmd.{self.label}"

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.catalog_key,
            show=self.show,
            priority=self.priority,
            id=self.id,
        )


def bindings(*commands: Command) -> list[BindingType]:
    return [command.binding() for command in commands]
