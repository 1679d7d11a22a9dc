"""The form widgets keep a keystroke cheap: no screen re-layout per key in a text field, fixed
choices filtered at once, an option list rebuilt only when the choices change, and a field row
left alone when its findings are the same."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.validation import Function
from textual.widgets import Input, OptionList, Static

from forms.field_input import FieldInput
from forms.widgets import Choice, FieldRow, Picker, PickerList, fixed_choices
from ltsa_desk.findings import Finding, Severity

MARITAL = [Choice("single", "Belum kawin"), Choice("married", "Kawin"), Choice("divorced", "Cerai")]


class FieldApp(App[None]):
    """A narrow field among a few rows, as in a form."""

    CSS = "FieldInput { width: 12; } .picker { width: 30; height: auto; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield FieldRow(
                "name",
                "Nama",
                FieldInput(
                    id="name",
                    compact=True,
                    validators=[Function(lambda v: "7" not in v)],
                ),
            )
            yield FieldRow("status", "Status", Picker(fixed_choices(MARITAL), id="status"))
            for index in range(5):
                yield Static(f"row {index}")


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        calls[0] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return calls


async def test_typing_repaints_the_field_without_a_layout(monkeypatch) -> None:
    app = FieldApp()
    changes: list[Input.Changed] = []

    def hook(message: object) -> None:
        # The hook sees a bubbling message at each node it reaches: keep it once.
        if isinstance(message, Input.Changed) and all(m is not message for m in changes):
            changes.append(message)

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        field = app.query_one("#name", FieldInput)
        field.focus()
        await pilot.pause()
        layouts = count_layouts(monkeypatch)
        await pilot.press(*"Siti")
        await pilot.pause()
        assert layouts[0] == 0
        assert field.value == "Siti"
        assert field.virtual_size.width == len("Siti") + 1  # room for the cursor at the end
        assert [c.value for c in changes] == ["S", "Si", "Sit", "Siti"]
        assert all(c.validation_result and c.validation_result.is_valid for c in changes)
        await pilot.press("7")
        await pilot.pause()
        assert field.has_class("-invalid")  # validation still runs on every change


async def test_a_value_longer_than_the_field_scrolls_to_the_cursor() -> None:
    app = FieldApp()
    text = "Siti Nurhaliza Rahmawati"
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one("#name", FieldInput)
        field.focus()
        await pilot.press(*text)
        await pilot.pause()
        assert field.value == text
        assert field.size.width == 12
        assert field.scroll_x == len(text) + 1 - 12  # the end of the text and the cursor show
        assert field.render_line(0).text[:12] == text[-11:] + " "
        await pilot.press("home")
        await pilot.pause()
        assert field.scroll_x == 0
        assert field.render_line(0).text[:12] == text[:12]
        await pilot.press("end", "backspace")
        await pilot.pause()
        assert field.value == text[:-1]
        assert field.scroll_x == len(text) - 12


async def test_first_value_puts_the_cursor_at_its_end() -> None:
    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield FieldInput("Kebumen", id="place")

    app = One()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert app.query_one(FieldInput).cursor_position == len("Kebumen")


async def test_fixed_choices_are_filtered_at_once_without_a_worker() -> None:
    app = FieldApp()
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.query_one("#status", Picker)
        picker.input.focus()
        await pilot.pause()
        await pilot.press("k")
        assert not [w for w in app.workers if w.group == "picker"]
        assert [c.value for c in picker.choices] == ["married", "single"]  # starts with k first
        await pilot.press("enter")
        await pilot.pause()
        assert picker.value == "married"


async def test_options_are_rebuilt_and_resized_only_when_they_change(monkeypatch) -> None:
    app = FieldApp()
    rebuilt: list[int] = []
    original = OptionList.set_options

    def set_options(self: OptionList, options: Any) -> OptionList:
        rebuilt.append(1)
        return original(self, options)

    monkeypatch.setattr(PickerList, "set_options", set_options)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.query_one("#status", Picker)
        picker.input.focus()
        await pilot.pause()
        options = app.query_one(PickerList)
        assert len(rebuilt) == 1 and options.option_count == 3
        assert options.styles.height is not None and options.styles.height.value == 3
        await pilot.press("c")  # "Cerai" only
        await pilot.pause()
        assert len(rebuilt) == 2 and options.option_count == 1
        await pilot.press("e", "r")  # still "Cerai" only: nothing rebuilt
        await pilot.pause()
        assert len(rebuilt) == 2 and [c.value for c in picker.choices] == ["divorced"]
        assert options.styles.height.value == 1
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        assert len(rebuilt) == 3 and options.option_count == 3


def finding(field: str, severity: Severity = Severity.ERROR, text: str = "Salah") -> Finding:
    return Finding(f"applicant.{field}", severity, field, text, text)


async def test_a_row_showing_the_same_findings_is_not_touched(monkeypatch) -> None:
    app = FieldApp()
    async with app.run_test(size=(80, 24)) as pilot:
        row = app.query_one("#row-name", FieldRow)
        row.show_findings([finding("name")])
        await pilot.pause()
        assert row.has_error and "Salah" in row.message_text
        updates: list[object] = []
        monkeypatch.setattr(Static, "update", lambda self, *a, **k: updates.append(a))
        monkeypatch.setattr(FieldRow, "set_class", lambda self, *a, **k: updates.append(a))
        row.show_findings([finding("name")])
        assert updates == []
        monkeypatch.undo()
        row.show_findings([finding("name", Severity.WARNING, "Periksa")])
        await pilot.pause()
        assert not row.has_error and row.has_class("-warning")
        assert "Periksa" in row.message_text
        row.show_findings([])
        await pilot.pause()
        assert not row.has_class("-warning") and row.message_text == ""
