"""The applicant form: identity, address, family, education and placement plan, in sections.

It holds no rules: it shows fields, collects what was typed, shows the core's findings under
the fields the operator has already visited, and fills the cascading region pickers from the
region tables. The screen runs the checks and the saves.

The first section is composed with the form so that the operator can type the NIK at once; the
other sections are mounted right after the first paint (keys typed meanwhile are queued, not
lost), and ``Ready`` is posted when every field exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from forms.field_input import FieldInput
from forms.fields import BY_NAME, DATE_FIELDS, FIELDS, REGION_FIELDS, SECTIONS, iso_to_display
from forms.i18n import current_lang, ui
from forms.safe import literal
from forms.widgets import Choice, FieldRow, Picker, filter_choices, fixed_choices
from ltsa_desk.findings import Finding
from ltsa_desk.identity import NikResult, children, format_date

#: Core finding codes of a value outside a fixed list of choices.
CHOICE_CODES = {
    f"{target}.{spec.name}"
    for spec in FIELDS
    if spec.kind == "choice"
    for target in ("applicant", "plan")
}
LABEL_SUFFIX = ":label"
DETAIL_SUFFIX = ":detail"
PLACEHOLDERS = {
    "nik": "nik",
    "birth_date": "date",
    "planned_departure": "date",
    "destination": "destination",
}


def region_choices(parent: str | None) -> list[Choice]:
    return [Choice(r.code, r.name) for r in children(parent)]


def region_source(parent: str | None, level: int) -> Callable[[str], list[Choice]] | None:
    """Filtering the children of ``parent``; None while a lower level has no parent chosen."""
    if level > 1 and not parent:
        return None
    return lambda query: filter_choices(region_choices(parent), query)


class ApplicantForm(VerticalScroll):
    """All sections in one scrolling column, so Tab and Shift+Tab follow the reading order."""

    @dataclass
    class FieldLeft(Message):
        """A field was left (or a choice made): time to check it."""

        name: str

    @dataclass
    class Edited(Message):
        """Something changed: time to save the draft."""

        name: str

    class Ready(Message):
        """Every section is mounted."""

    def __init__(self, *, id: str = "applicant-form") -> None:
        super().__init__(id=id)
        self.touched: set[str] = set()
        self.ready = False
        #: Labels of each choice field's values, to show a stored value by its name.
        self._labels: dict[str, dict[str, str]] = {
            spec.name: {value: ui(f"choice.{spec.name}.{value}") for value in spec.choices}
            for spec in FIELDS
            if spec.kind == "choice" and spec.choices
        }
        #: Values loaded before their choices arrived (the ruleset loads in a worker).
        self._pending: dict[str, str] = {}
        #: Each field's control by field name: looked up on every keystroke, so never queried.
        self._controls: dict[str, Widget] = {}
        #: The findings shown above the fields (about no field), to leave them alone when a
        #: check finds the same again.
        self._loose: tuple[Finding, ...] = ()

    # --- building ------------------------------------------------------------------------------

    def control_for(self, name: str) -> Widget:
        self._controls[name] = widget = self._new_control(name)
        return widget

    def _new_control(self, name: str) -> Widget:
        spec = BY_NAME[name]
        ident = f"f-{spec.name}"
        if spec.kind == "choice":
            choices = [Choice(value, label) for value, label in self._labels.get(name, {}).items()]
            return Picker(fixed_choices(choices), id=ident, placeholder=ui("choice.prompt"))
        if spec.kind in ("region", "p3mi"):
            source = region_source(None, 1) if spec.level == 1 else None
            return Picker(source, id=ident, placeholder=ui(f"placeholder.picker_{spec.kind}"))
        placeholder = PLACEHOLDERS.get(spec.name)
        field = FieldInput(
            id=ident,
            max_length=spec.max_length,
            restrict=spec.restrict,
            placeholder=ui(f"placeholder.{placeholder}") if placeholder else "",
            compact=True,
        )
        field.offer = self.offers().get(spec.name)
        return field

    def section(self, section: str) -> Vertical:
        rows: list[Widget] = [
            Label(ui(f"section.{section}"), id=f"section-{section}", classes="section-title")
        ]
        rows += [
            FieldRow(
                spec.name,
                ui(f"field.{spec.name}"),
                self.control_for(spec.name),
                required=spec.required,
            )
            for spec in FIELDS
            if spec.section == section
        ]
        return Vertical(*rows, classes="form-section")

    def compose(self) -> ComposeResult:
        messages = Static("", id="form-messages")
        messages.display = False
        yield messages
        yield self.section(SECTIONS[0])

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount_rest)

    # --- values carried from one field to another ---------------------------------------------

    def offers(self) -> dict[str, Callable[[], str]]:
        """What a field proposes when entered empty, from what was typed already: the KTP
        name for the passport and the contract, the spouse as emergency contact. Tab keeps
        the proposal, typing replaces it."""

        def text(name: str) -> str:
            control = self._controls.get(name)
            return control.value.strip() if isinstance(control, Input) else ""

        def passport_name() -> str:
            return text("full_name").upper() if text("passport_number") else ""

        def contract_name() -> str:
            return text("passport_name") or text("full_name").upper()

        def emergency_name() -> str:
            return text("spouse_name")

        def emergency_relation() -> str:
            spouse = text("spouse_name")
            if not spouse or text("emergency_name").casefold() != spouse.casefold():
                return ""
            sex = self.values().get("sex", "")
            return ui(f"offer.spouse_{sex}") if sex in ("L", "P") else ""

        return {
            "passport_name": passport_name,
            "contract_name": contract_name,
            "emergency_name": emergency_name,
            "emergency_relation": emergency_relation,
        }

    @on(FieldInput.TooLong)
    def too_long(self, event: FieldInput.TooLong) -> None:
        """A key refused because the field is full: said under the field, never cut silently."""
        row = event.input.parent
        if isinstance(row, FieldRow):
            note = Text(ui("form.too_long", max=event.max_length), style="bold")
            row.show_findings(row.shown_findings, note)

    async def mount_rest(self) -> None:
        later: list[Widget] = [self.section(section) for section in SECTIONS[1:]]
        later.append(
            Horizontal(Button(ui("form.save"), id="save", variant="primary"), id="form-buttons")
        )
        await self.mount_all(later)
        self.ready = True
        self.post_message(self.Ready())

    # --- values --------------------------------------------------------------------------------

    def control(self, name: str) -> Widget:
        return self._controls[name]

    def values(self) -> dict[str, str]:
        """Everything typed, as text; pickers add their label (and detail) for the draft."""
        out: dict[str, str] = {}
        for spec in FIELDS:
            widget = self._controls.get(spec.name)
            if widget is not None and not widget.is_mounted:
                widget = None
            if isinstance(widget, Picker):
                out[spec.name] = widget.value
                out[spec.name + LABEL_SUFFIX] = widget.label
                out[spec.name + DETAIL_SUFFIX] = widget.detail
            elif isinstance(widget, Input):
                out[spec.name] = widget.value
            else:
                out[spec.name] = ""
        return out

    def load(self, values: dict[str, str]) -> None:
        """Fill the form (a stored record or a draft) without counting it as typing."""
        with self.prevent(Input.Changed):
            for spec in FIELDS:
                self._set(spec.name, values.get(spec.name, ""), values)
        self._cascade_sources()

    def _set(self, name: str, value: str, values: dict[str, str]) -> None:
        widget = self._controls.get(name)  # None: its section is not mounted yet
        if isinstance(widget, Picker):
            label = values.get(name + LABEL_SUFFIX, "")
            if name in self._labels:
                label = self._labels[name].get(value, "")
                if value and not label:
                    self._pending[name] = value
                    return
            widget.set_value(value, label or value, values.get(name + DETAIL_SUFFIX, ""))
        elif isinstance(widget, Input):
            widget.value = iso_to_display(value) if name in DATE_FIELDS else value

    def set_value(self, name: str, value: str, label: str = "") -> None:
        """Set a field as if typed (drafts and checks follow), e.g. from the NIK."""
        self._set(name, value, {name + LABEL_SUFFIX: label})
        self.post_message(self.Edited(name))

    def set_choices(self, name: str, choices: Iterable[tuple[str, str]]) -> None:
        """Choices known only at run time (ruleset schemes, sectors, programmes)."""
        labels = {value: label for label, value in choices}
        self._labels[name] = labels
        picker = self.control(name)
        if isinstance(picker, Picker):
            picker.set_source(fixed_choices([Choice(v, label) for v, label in labels.items()]))
            wanted = self._pending.pop(name, picker.value)
            if wanted in labels:
                picker.set_value(wanted, labels[wanted])

    def set_placeholder(self, name: str, text: str) -> None:
        control = self.control(name)
        target = control.input if isinstance(control, Picker) else control
        if isinstance(target, Input) and target.placeholder != text:
            target.placeholder = text

    def set_picker_source(
        self, name: str, source: Callable[[str], list[Choice]], *, local: bool = True
    ) -> None:
        picker = self.control(name)
        if isinstance(picker, Picker):
            picker.set_source(source, local=local)

    def _cascade_sources(self) -> None:
        for upper, lower in pairwise(REGION_FIELDS):
            parent = self._controls.get(upper)
            child = self._controls.get(lower)
            if isinstance(parent, Picker) and isinstance(child, Picker):
                child.set_source(region_source(parent.value, BY_NAME[lower].level))

    def prefill_from_nik(self, nik: NikResult) -> list[str]:
        """Birth date, sex and region of origin read from the NIK, where still empty."""
        filled: list[str] = []
        current = self.values()
        if nik.birth_date and not current["birth_date"].strip():
            self.set_value("birth_date", format_date(nik.birth_date))
            filled.append("birth_date")
        if nik.sex and not current["sex"]:
            self.set_value("sex", nik.sex)
            filled.append("sex")
        if not current["province"]:
            for name, code, label in (
                ("province", nik.province_code, nik.province),
                ("regency", nik.regency_code, nik.regency),
                ("district", nik.district_code, nik.district),
            ):
                if code and label:
                    self.set_value(name, code, label)
                    filled.append(name)
            self._cascade_sources()
        return filled

    # --- events --------------------------------------------------------------------------------

    def field_of(self, widget: Widget | None) -> str | None:
        # A field's control is the input itself or its picker, one level up.
        for candidate in (widget, widget.parent if widget is not None else None):
            ident = getattr(candidate, "id", None) or ""
            if ident.startswith("f-") and ident[2:] in BY_NAME:
                return ident[2:]
        return None

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        name = self.field_of(event.input)
        if name:
            self.post_message(self.Edited(name))

    @on(Input.Blurred)
    def left(self, event: Input.Blurred) -> None:
        name = self.field_of(event.input)
        if name and not isinstance(self.control(name), Picker):
            self.touched.add(name)
            # Checked once the keys still queued in this input are in (see forms/keys.py).
            event.input.call_later(self.post_message, self.FieldLeft(name))

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    @on(Picker.Picked)
    def picked(self, event: Picker.Picked) -> None:
        name = self.field_of(event.picker)
        if not name:
            return
        if name in REGION_FIELDS:
            for lower in REGION_FIELDS[REGION_FIELDS.index(name) + 1 :]:
                picker = self.control(lower)
                if isinstance(picker, Picker):
                    picker.clear()
            self._cascade_sources()
        self.touched.add(name)
        self.post_message(self.Edited(name))
        self.post_message(self.FieldLeft(name))

    # --- findings ------------------------------------------------------------------------------

    @staticmethod
    def in_form_words(finding: Finding) -> Finding:
        """The core lists a choice's internal codes ("single, married, …"); beside a picker
        that shows names, "choose from the list" is what the operator needs."""
        if finding.code in CHOICE_CODES:
            return Finding.from_catalog(
                finding.code, finding.severity, finding.field, "ui.form.choose_from_list"
            )
        return finding

    def show_findings(self, findings: Sequence[Finding], *, everything: bool = False) -> None:
        """Findings under their fields; a field not yet visited shows nothing unless
        ``everything`` (on save). Findings about no field of the form go to the top.

        A check runs each time a field is left, while the operator types the next one, and
        mostly finds what it found before: only the rows whose findings changed are touched
        (a restyle or update of all ~35 rows would delay the keys typed meanwhile)."""
        if everything:
            self.touched.update(BY_NAME)
        by_field: dict[str, list[Finding]] = {}
        loose: list[Finding] = []
        for finding in map(self.in_form_words, findings):
            if finding.field in BY_NAME:
                by_field.setdefault(finding.field, []).append(finding)
            else:
                loose.append(finding)
        for name, control in self._controls.items():
            row = control.parent
            if isinstance(row, FieldRow):
                shown = by_field.get(name, []) if name in self.touched else []
                row.show_findings(shown)  # returns at once when the row shows these already
        if tuple(loose) != self._loose:
            self._loose = tuple(loose)
            messages = self.query_one("#form-messages", Static)
            lang = current_lang()
            messages.update(literal("\n".join(f"• {f.message(lang)}" for f in loose)))
            messages.display = bool(loose)

    def first_error_field(self) -> str | None:
        rows = ((name, control.parent) for name, control in self._controls.items())
        return next(
            (name for name, row in rows if isinstance(row, FieldRow) and row.has_error), None
        )

    def focus_field(self, name: str) -> None:
        widget = self.control(name)
        target = widget.input if isinstance(widget, Picker) else widget
        # Screen.set_focus moves focus at once (Widget.focus waits for the next idle), so keys
        # typed straight after land in this field.
        self.screen.set_focus(target)
        if isinstance(widget.parent, Widget):
            self.scroll_to_widget(widget.parent)

    def section_of_focus(self) -> int:
        name = self.field_of(self.screen.focused)
        return SECTIONS.index(BY_NAME[name].section) if name else 0

    def focus_section(self, index: int) -> None:
        section = SECTIONS[max(0, min(len(SECTIONS) - 1, index))]
        first = next(spec.name for spec in FIELDS if spec.section == section)
        self.focus_field(first)
        self.scroll_to_widget(self.query_one(f"#section-{section}"), top=True)
