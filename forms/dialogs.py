"""Modal dialogs shared by the screens: confirm (safe choice focused), reason, warnings."""

from __future__ import annotations

from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from forms.commands import Command, bindings
from forms.failures import ReportsFailures
from forms.i18n import current_lang, localize_bindings, ui
from forms.keys import ENTER, EnterMovesOn
from forms.safe import literal
from forms.unexpected import CatchesUnexpected
from ltsa_desk.findings import Finding

ResultT = TypeVar("ResultT")

CANCEL = Command("dialog.cancel", "escape", "cancel", "cancel", palette=False)


class DeskModal(CatchesUnexpected, ReportsFailures, ModalScreen[ResultT]):
    """A modal whose binding descriptions come from the catalog. Esc cancels (None), after
    asking when something typed here would be lost."""

    BINDINGS = bindings(CANCEL)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)
        self._typed_at_start: dict[str, str] = {}

    def on_mount(self) -> None:
        # Runs after a subclass's own on_mount (Textual calls each class's handler).
        self._typed_at_start = self._typed()

    def _typed(self) -> dict[str, str]:
        return {str(i.id): i.value for i in self.query(Input) if not i.password}

    def action_cancel(self) -> None:
        if self._typed() == self._typed_at_start:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                ui("dialog.discard_question"),
                confirm=ui("dialog.discard"),
                keep=ui("dialog.keep"),
            ),
            answered,
        )


class ConfirmDialog(DeskModal[bool]):
    """A yes/no question. The safe choice has the focus, so Enter never destroys by accident."""

    def __init__(
        self,
        question: str,
        *,
        confirm: str,
        keep: str,
        title: str = "",
        focus_confirm: bool = False,
    ) -> None:
        """``focus_confirm`` only where confirming destroys nothing (e.g. opening a record)."""
        super().__init__(classes="dialog")
        self.focus_confirm = focus_confirm
        self.question = question
        self.confirm_label = confirm
        self.keep_label = keep
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            if self.title_text:
                yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(literal(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.keep_label, id="keep", variant="primary")
                yield Button(
                    self.confirm_label,
                    id="confirm",
                    variant="primary" if self.focus_confirm else "error",
                )

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#confirm" if self.focus_confirm else "#keep", Button))

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class InfoDialog(DeskModal[None]):
    """Something to read in full (an audit event): one button, Enter or Esc closes it."""

    def __init__(self, text: str, *, title: str = "") -> None:
        super().__init__(classes="dialog")
        self.text = text
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            if self.title_text:
                yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(literal(self.text, multiline=True), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(ui("dialog.close"), id="close", variant="primary")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#close", Button))

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonDialog(EnterMovesOn, DeskModal[str]):
    """Asks for the reason of a rejection, a waiver or an override; returns it, or None."""

    BINDINGS = bindings(ENTER)
    SUBMIT_ON = frozenset({"reason"})

    def __init__(self, title: str, prompt: str, *, subject: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.prompt = prompt
        self.subject = subject

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            if self.subject:
                yield Static(literal(self.subject), classes="dialog-text")
            yield Label(self.prompt, markup=False)
            yield Input(id="reason", max_length=500, compact=True)
            yield Static("", id="reason-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(ui("dialog.cancel"), id="cancel")
                yield Button(ui("dialog.ok"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#reason", Input))

    def submit_from_enter(self) -> None:
        self.submit()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#reason-error", Static).update(ui("dialog.reason_required"))
            self.set_focus(self.query_one("#reason", Input))
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class WarningsDialog(EnterMovesOn, DeskModal[dict[str, str]]):
    """Lists the warnings that stop a save; each needs a reason to go ahead. Returns
    ``{finding code: reason}`` or None when the operator goes back to the form."""

    BINDINGS = bindings(ENTER)

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(classes="dialog")
        self.findings = findings

    def compose(self) -> ComposeResult:
        lang = current_lang()
        with Vertical(classes="dialog-box wide"):
            yield Label(ui("warnings.title"), classes="dialog-title")
            yield Label(ui("warnings.intro"))
            with VerticalScroll(classes="warning-list"):
                for index, finding in enumerate(self.findings):
                    yield Static(literal(f"⚠ {finding.message(lang)}"), classes="warning-text")
                    yield Input(
                        id=f"reason-{index}",
                        placeholder=ui("warnings.reason_placeholder"),
                        max_length=500,
                        compact=True,
                    )
            yield Static("", id="warnings-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(ui("warnings.back"), id="back")
                yield Button(ui("warnings.proceed"), id="proceed", variant="warning")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#reason-0", Input))

    def submits_on(self, input_id: str) -> bool:
        return input_id == f"reason-{len(self.findings) - 1}"

    def submit_from_enter(self) -> None:
        self.proceed()

    @on(Button.Pressed, "#back")
    def back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#proceed")
    def proceed(self) -> None:
        reasons = {
            finding.code: self.query_one(f"#reason-{index}", Input).value.strip()
            for index, finding in enumerate(self.findings)
        }
        missing = [code for code, reason in reasons.items() if not reason]
        if missing:
            self.query_one("#warnings-error", Static).update(ui("dialog.reason_required"))
            first = next(i for i, f in enumerate(self.findings) if f.code in missing)
            self.set_focus(self.query_one(f"#reason-{first}", Input))
            return
        self.dismiss(reasons)


class ChoiceDialog(DeskModal[str]):
    """Pick one of a few values (a desk, for example) with the arrow keys and Enter."""

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(
                *(Option(literal(label), id=value) for label, value in self.choices),
                id="choices",
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#choices", OptionList))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
