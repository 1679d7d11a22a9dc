"""Form widgets: a text field that keeps keystrokes cheap, a labelled field row with its
findings, and a picker that filters as you type.

A form has dozens of fields and each mounted widget costs a few milliseconds, so these widgets
mount their optional parts (the findings line, the option list) only when first needed, and a
keystroke repaints what changed instead of re-laying out the screen (bench/analysis.md §2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from forms.commands import Command, bindings
from forms.failures import ReportsFailures
from forms.field_input import FieldInput
from forms.i18n import current_lang, localize_bindings
from forms.safe import literal
from forms.typeahead import hold, release
from ltsa_desk.findings import Finding, Severity

PICKER_UP = Command("picker.up", "up", "move(-1)", "picker_up", show=False, palette=False)
PICKER_DOWN = Command("picker.down", "down", "move(1)", "picker_down", show=False, palette=False)
PICKER_ROWS = 6


class FieldRow(Widget):
    """The label, drawn by the row itself, with the control beside it and the findings line
    below (mounted the first time there is something to say). Drawing the label instead of
    mounting a Label widget keeps a long form light."""

    DEFAULT_CLASSES = "field-row"
    DEFAULT_CSS = """
    FieldRow { layout: vertical; height: auto; }
    FieldRow > * { margin-left: 22; }
    FieldRow > .field-message { height: auto; }
    """

    def __init__(self, name: str, label: str, control: Widget, *, required: bool = False) -> None:
        super().__init__(id=f"row-{name}")
        self.field_name = name
        self.label_text = f"{label} *" if required else label
        self.control = control
        #: What the row shows now: a check re-run while the operator types the next field
        #: mostly finds the same things, and an unchanged row must cost nothing.
        self._shown: tuple[tuple[Finding, ...], Text | None] = ((), None)

    def compose(self) -> ComposeResult:
        yield self.control

    def render(self) -> Text:
        return Text(self.label_text, no_wrap=True, overflow="ellipsis")

    def show_findings(self, findings: Sequence[Finding], note: Text | None = None) -> None:
        """Findings (errors first) and an optional note under the control; nothing is touched
        when they are what the row already shows."""
        shown = (tuple(findings), note)
        if shown == self._shown:
            return
        self._shown = shown
        lang = current_lang()
        lines = Text()
        for finding in sorted(findings, key=lambda f: f.severity is not Severity.ERROR):
            error = finding.severity is Severity.ERROR
            if lines:
                lines.append("\n")
            lines.append("✖ " if error else "⚠ ", style="bold")
            lines.append_text(literal(finding.message(lang)))
        if note is not None:
            if lines:
                lines.append("\n")
            lines.append_text(note)
        found = self.query(".field-message")
        if found:
            message = found.first(Static)
            message.update(lines)
            message.display = bool(lines)
        elif lines:
            self.mount(Static(lines, classes="field-message"))
        self.set_class(any(f.severity is Severity.ERROR for f in findings), "-error")
        self.set_class(
            bool(findings) and all(f.severity is Severity.WARNING for f in findings), "-warning"
        )

    @property
    def shown_findings(self) -> tuple[Finding, ...]:
        return self._shown[0]

    @property
    def has_error(self) -> bool:
        return self.has_class("-error")

    @property
    def message_text(self) -> str:
        found = self.query(".field-message")
        return str(found.first(Static).render()) if found and found.first().display else ""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    detail: str = ""


def filter_choices(choices: Iterable[Choice], query: str) -> list[Choice]:
    """Names containing what was typed, those starting with it first; all when nothing typed."""
    wanted = query.strip().casefold()
    found = [c for c in choices if wanted in c.label.casefold()]
    return sorted(found, key=lambda c: not c.label.casefold().startswith(wanted))


@dataclass(frozen=True)
class FixedChoices:
    """A short list known in advance (sex, marital status, education, scheme, sector…).

    Filtering it costs microseconds, so a picker with this source filters on the UI thread as
    each key arrives: a thread worker per key, and the message it posts back, cost more than
    the filtering and delayed the frame showing the key."""

    choices: tuple[Choice, ...]

    def __call__(self, query: str) -> list[Choice]:
        return filter_choices(self.choices, query)


def fixed_choices(choices: Iterable[Choice]) -> FixedChoices:
    return FixedChoices(tuple(choices))


class PickerList(OptionList):
    """The picker's options: never focused, so Tab order stays field to field."""

    can_focus = False


class Picker(ReportsFailures, Vertical):
    """An input that filters a list as you type; Up/Down move, Enter picks.

    ``source(query)`` runs in a thread worker (it may read the database or the region tables),
    except a ``FixedChoices`` source, filtered at once on each key. The chosen ``value`` is a
    code or id; the input shows its label. A ``local`` source (a list in memory) may also be
    filtered at once when keys outrun the worker; a database source is not queried on the UI
    thread: Enter then picks when the worker's answer arrives.

    The option list is rebuilt only when the filtered choices change and its height set only
    when it changes: both re-lay out the screen, and most keys in a picker narrow nothing.
    """

    DEFAULT_CLASSES = "picker"
    BINDINGS = bindings(PICKER_UP, PICKER_DOWN)

    @dataclass
    class Picked(Message):
        picker: Picker
        value: str
        label: str

        @property
        def control(self) -> Picker:
            return self.picker

    @dataclass
    class Options(Message):
        query: str
        choices: list[Choice]
        #: The source that answered: a list from a source replaced meanwhile is dropped.
        source: Callable[[str], list[Choice]] | None

    def __init__(
        self,
        source: Callable[[str], list[Choice]] | None = None,
        *,
        id: str,
        placeholder: str = "",
        local: bool = True,
    ) -> None:
        super().__init__(id=id)
        self.local = local
        #: What to do once the options for the current text arrive (keys outran the worker).
        self._then: Callable[[], None] | None = None
        localize_bindings(self)
        self.source = source
        self.value = ""
        self.label = ""
        self.detail = ""
        self.choices: list[Choice] = []
        #: The text the current ``choices`` were filtered for (None: not loaded yet).
        self._loaded_for: str | None = None
        self.input = FieldInput(placeholder=placeholder, compact=True, id=f"{id}-input")
        self._list: PickerList | None = None
        #: What the option list shows, and the height it was given (None: not yet set).
        self._listed: list[Choice] = []
        self._list_height: int | None = None
        self._detail: Static | None = None
        self._detail_text = ""

    def compose(self) -> ComposeResult:
        yield self.input

    def _options(self) -> PickerList:
        if self._list is None:
            self._list = PickerList(classes="picker-list")
            self.mount(self._list)
        return self._list

    def set_source(
        self, source: Callable[[str], list[Choice]] | None, *, local: bool = True
    ) -> None:
        self.source = source
        self.local = local
        self.choices = []
        self._loaded_for = None

    def set_value(self, value: str, label: str, detail: str = "") -> None:
        self.value, self.label, self.detail = value, label, detail
        with self.prevent(Input.Changed):
            self.input.value = label
        self._show_detail()

    def clear(self) -> None:
        self.set_value("", "")

    def _show_detail(self) -> None:
        """The chosen entry's detail (a P3MI's licence) under the input. Every key clears the
        choice, so an unchanged line is left alone: an update re-lays out the screen."""
        shown = bool(self.value and self.detail)
        if self._detail is not None:
            if shown and self.detail != self._detail_text:
                self._detail_text = self.detail
                self._detail.update(literal(self.detail))
            self._detail.display = shown
        elif shown:
            self._detail_text = self.detail
            self._detail = Static(literal(self.detail), classes="picker-detail")
            self.mount(self._detail, after=self.input)

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        self.value, self.label, self.detail = "", "", ""
        self._show_detail()
        self.refilter(event.value)

    def on_descendant_focus(self) -> None:
        self._options().display = True
        self.refilter("" if self.value else self.input.value)

    def refilter(self, query: str) -> None:
        """The options for ``query``: at once from a fixed list, else from a thread worker."""
        if isinstance(self.source, FixedChoices):
            self._show_options(query, self.source(query))
        else:
            self.load(query)

    def on_descendant_blur(self) -> None:
        self._options().display = False
        # Keys are handed over one at a time (forms/typeahead.py): every key typed before the
        # one that moved the focus away is already in the input.
        self._pick_typed()

    def _pick_typed(self) -> None:
        """Leaving with a name typed in full (or the only match) picks it."""
        text = self._query().strip()
        if not text:
            return
        if not self._fresh():
            self._wait_for_options(self._pick_typed)
            return
        exact = [c for c in self.choices if c.label.casefold() == text.casefold()]
        only = exact or (self.choices if len(self.choices) == 1 else [])
        if only:
            self.pick(only[0])

    @work(thread=True, exclusive=True, exit_on_error=False, group="picker")
    def load(self, query: str) -> None:
        source = self.source
        choices = source(query) if source is not None else []
        if not get_current_worker().is_cancelled:
            self.post_message(self.Options(query, choices, source))

    def on_picker_options(self, message: Options) -> None:
        message.stop()
        current = message.source is self.source
        if current and message.query == ("" if self.value else self.input.value):
            self._show_options(message.query, message.choices)  # else: overtaken by typing

    def _query(self) -> str:
        """What to filter for: nothing while the input shows the chosen entry, else the text
        (read from the input itself, which may be ahead of the ``Changed`` still queued)."""
        text = self.input.value
        return "" if self.value and text == self.label else text

    def _fresh(self) -> bool:
        """Whether the options match the text as it is now, filtering a local source at once:
        Enter or leaving the field must never act on the list of a shorter text."""
        text = self._query()
        if self._loaded_for == text:
            return True
        if self.source is not None and self.local:
            self._show_options(text, self.source(text))
            return True
        return False

    def _wait_for_options(self, then: Callable[[], None]) -> None:
        """Act once the worker's list for the current text arrives; the keys typed meanwhile
        wait too, so that they land where they would have had the list come at once."""
        self._then = then
        hold(self)

    def _show_options(self, query: str, choices: list[Choice]) -> None:
        self._loaded_for = query
        self.choices = choices
        then, self._then = self._then, None
        if then is not None:
            release(self)
        options = self._options()
        if choices != self._listed:
            self._listed = choices
            options.set_options(
                Option(self._prompt(choice), id=f"c{index}") for index, choice in enumerate(choices)
            )
        height = max(1, min(PICKER_ROWS, len(choices)))
        if height != self._list_height:
            self._list_height = height
            options.styles.height = height
        # The chosen entry, else the best match of what was typed; with nothing chosen and
        # nothing typed, nothing: Enter then leaves the field as it is (an optional picker
        # must not choose its first entry for the operator).
        current = next((i for i, c in enumerate(choices) if c.value == self.value), None)
        if current is None and query.strip() and choices:
            current = 0
        options.highlighted = current
        if then is not None:
            then()

    @staticmethod
    def _prompt(choice: Choice) -> Text:
        prompt = literal(choice.label)
        if choice.detail:
            prompt.append("  ")
            prompt.append_text(literal(choice.detail, style="dim"))
        return prompt

    def action_move(self, step: int) -> None:
        options = self._options()
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted)
    def submitted(self) -> None:
        if not self._fresh():
            self._wait_for_options(self.submitted)
            return
        options = self._options()
        if options.highlighted is not None and options.highlighted < len(self.choices):
            self.pick(self.choices[options.highlighted])

    @on(OptionList.OptionSelected)
    def clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick(self.choices[event.option_index])

    def pick(self, choice: Choice) -> None:
        changed = choice.value != self.value
        if changed or self.input.value != choice.label:
            self.set_value(choice.value, choice.label, choice.detail)
        if changed:
            self.post_message(self.Picked(self, choice.value, choice.label))
