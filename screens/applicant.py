"""New applicant (or edit one): the sectioned form, checks as fields are left, drafts as you
type, search-before-create on the NIK, and saving the applicant with their placement plan."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button
from textual.worker import Worker, WorkerState

from forms.applicant import ApplicantForm
from forms.commands import Command, bindings
from forms.dialogs import ConfirmDialog, WarningsDialog
from forms.fields import (
    APPLICANT_FIELDS,
    PLAN_FIELDS,
    applicant_input,
    carried_search,
    has_plan,
    plan_input,
)
from forms.i18n import ui
from forms.keys import ENTER, EnterMovesOn
from forms.widgets import Choice
from ltsa_desk import clock
from ltsa_desk.drafts import draft_name
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.identity import NikResult, parse_nik
from ltsa_desk.services.applicants import (
    preview_applicant,
    register_applicant,
    update_applicant,
)
from ltsa_desk.services.applications import open_application, update_plan
from ltsa_desk.services.errors import ValidationFailed
from ltsa_desk.services.offices import list_p3mi
from screens.base import DeskFooter, DeskScreen, StatusBar
from screens.loading import FormState, load_form_state, plan_choices, programme_choices

SAVE = Command("form.save", "f10", "save", "save")
PREVIOUS = Command("form.previous_section", "f7", "section(-1)", "previous_section")
NEXT = Command("form.next_section", "f8", "section(1)", "next_section")
BACK = Command("form.back", "escape", "back", "back")

DRAFT_DELAY = 0.4
NIK_EXISTS = "applicant.nik_exists"
P3MI_LIMIT = 20
#: The plan's fields a programme is bound to (see ``Programme.admits``).
PROGRAMME_FACTS = frozenset({"scheme", "destination", "sector"})


class ApplicantScreen(EnterMovesOn, DeskScreen[None]):
    BINDINGS = bindings(SAVE, PREVIOUS, NEXT, BACK, ENTER)

    @dataclass
    class Loaded(Message):
        state: FormState

    @dataclass
    class Checked(Message):
        findings: list[Finding]

    @dataclass
    class NikRead(Message):
        result: NikResult

    @dataclass
    class Saved(Message):
        applicant_id: uuid.UUID
        application_id: uuid.UUID | None
        registration_number: str | None

    @dataclass
    class Refused(Message):
        findings: list[Finding]
        state: FormState = field(repr=False)

    def __init__(self, applicant_id: uuid.UUID | None = None, *, searched: str = "") -> None:
        super().__init__()
        self.state = FormState(applicant_id=applicant_id)
        #: What the operator searched for on the home screen before pressing F2.
        self.searched = searched
        self.overrides: dict[str, str] = {}
        self.initial: dict[str, str] = {}
        self.offered_nik = ""
        self.ready = False
        #: Workers whose answer changes the form or the screen (the fields read from the NIK,
        #: the check that may offer an existing record, a save): keys wait for them.
        self.busy: set[str] = set()
        self._draft_timer: Timer | None = None
        self._draft_key = ""
        #: Loaded state waiting for the form's later sections to be mounted.
        self.loaded: FormState | None = None

    @property
    def title_text(self) -> str:
        return ui("applicant.title_edit" if self.state.applicant_id else "applicant.title_new")

    @property
    def accepts_keys(self) -> bool:
        """Keys typed ahead wait until the form is loaded and no answer is pending that
        would change it (see forms/typeahead.py)."""
        return self.ready and not self.busy

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.busy.discard(event.worker.group)

    @property
    def form(self) -> ApplicantForm:
        return self.query_one(ApplicantForm)

    @property
    def draft_key(self) -> str:
        """Fixed when the screen opens, so a new applicant saved halfway keeps one draft."""
        if not self._draft_key:
            record = str(self.state.applicant_id) if self.state.editing else None
            self._draft_key = draft_name(self.desk.operator.username, "applicant", record)
        return self._draft_key

    def compose(self) -> ComposeResult:
        yield StatusBar(self.title_text)
        yield ApplicantForm()
        yield DeskFooter()

    def on_mount(self) -> None:
        carried = carried_search(self.searched) if self.state.applicant_id is None else {}
        if carried:
            self.form.load(carried)
        self.form.focus_field("full_name" if "nik" in carried else "nik")
        self.load(self.draft_key)

    @on(ApplicantForm.Ready)
    def form_ready(self) -> None:
        self.form.set_picker_source("p3mi_id", self.p3mi_choices, local=False)
        if self.loaded is not None:
            self.apply_loaded(self.loaded)

    def p3mi_choices(self, query: str) -> list[Choice]:
        return [
            Choice(str(p.id), p.name, f"{p.licence_number} · {ui('p3mi_status.' + p.status)}")
            for p in list_p3mi(self.desk.db, query=query, limit=P3MI_LIMIT)
        ]

    # --- loading -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load(self, key: str) -> None:
        state = load_form_state(self.desk, self.state.applicant_id, key)
        self.post_message(self.Loaded(state))

    def on_applicant_screen_loaded(self, message: Loaded) -> None:
        self.loaded = message.state
        if self.form.ready:
            self.apply_loaded(message.state)

    def apply_loaded(self, state: FormState) -> None:
        self.loaded = None
        self.state = state
        form = self.form
        typed_already = any(self.comparable(form.values()).values())
        for name, choices in plan_choices(state.ruleset, self.desk.lang).items():
            form.set_choices(name, choices)
        if not typed_already:
            form.load(state.record_values)
        self.offer_programmes()
        loaded = form.values()
        self.initial = self.comparable(loaded)
        if state.editing:
            # As the form shows them (dates day first), so that an untouched field is no change.
            state.saved_applicant = {k: loaded[k] for k in APPLICANT_FIELDS}
        if state.application_id is not None:
            state.saved_plan = {k: loaded[k] for k in PLAN_FIELDS}
        if state.draft is not None and not typed_already:
            form.load(state.draft.values)
            saved = clock.local(state.draft.saved_at).strftime("%d-%m-%Y %H:%M")
            self.notify(ui("applicant.draft_restored", saved=saved), timeout=6)
        self.ready = True
        if state.editing and not typed_already:
            form.focus_field("full_name")
        if "nik" in carried_search(self.searched) and not state.editing:
            # The NIK came from the home search: read it as if typed here and left.
            form.touched.add("nik")
            self.field_left(ApplicantForm.FieldLeft("nik"))

    @staticmethod
    def comparable(values: dict[str, str]) -> dict[str, str]:
        return {k: v.strip() for k, v in values.items() if ":" not in k}

    @property
    def dirty(self) -> bool:
        return self.ready and self.comparable(self.form.values()) != self.initial

    # --- drafts --------------------------------------------------------------------------------

    def offer_programmes(self) -> None:
        """Only the programmes that fit the scheme, destination and sector chosen so far;
        when none does, the empty picker says so."""
        if self.state.ruleset is None:
            return
        choices = programme_choices(self.state.ruleset, self.desk.lang, self.form.values())
        self.form.set_choices("programme", choices)
        self.form.set_placeholder(
            "programme", ui("choice.prompt" if choices else "form.no_programme")
        )

    @on(ApplicantForm.Edited)
    def edited(self, event: ApplicantForm.Edited) -> None:
        if not self.ready:
            return
        if event.name in PROGRAMME_FACTS:
            self.offer_programmes()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft_now)

    def save_draft_now(self) -> None:
        if self.dirty:
            self.write_draft(self.draft_key, self.form.values(), self.draft_meta())

    def draft_meta(self) -> dict[str, str]:
        return {"applicant_id": str(self.state.applicant_id or "")}

    def keep_draft(self) -> None:
        if self.dirty:
            self.desk.drafts.save(self.draft_key, self.form.values(), meta=self.draft_meta())

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft")
    def write_draft(self, key: str, values: dict[str, str], meta: dict[str, str]) -> None:
        self.desk.drafts.save(key, values, meta=meta)

    # --- checks as fields are left ----------------------------------------------------------------

    @on(ApplicantForm.FieldLeft)
    def field_left(self, event: ApplicantForm.FieldLeft) -> None:
        if not self.ready:
            return
        self.save_draft_now()
        values = self.form.values()
        if event.name == "nik":
            self.busy.add("check")  # it may offer to open an existing record
        self.check(values)
        if event.name == "nik" and len(values["nik"]) == 16:
            self.busy.add("nik")
            self.read_nik(values["nik"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="check")
    def check(self, values: dict[str, str]) -> None:
        from ltsa_desk.services.plan_preview import preview_plan

        desk = self.desk
        findings = preview_applicant(
            desk.db,
            desk.operator,
            applicant_input(values),
            applicant_id=self.state.applicant_id,
            today=desk.today(),
        )
        if has_plan(values):
            findings += preview_plan(
                desk.db,
                desk.operator,
                plan_input(values),
                applicant=applicant_input(values),
                today=desk.today(),
            )
        self.post_message(self.Checked(findings))

    def on_applicant_screen_checked(self, message: Checked) -> None:
        self.busy.discard("check")
        self.form.show_findings(message.findings)
        existing = next((f for f in message.findings if f.code == NIK_EXISTS), None)
        nik = self.form.values()["nik"]
        if existing is not None and nik != self.offered_nik:
            self.offered_nik = nik
            self.offer_existing(existing)

    def offer_existing(self, finding: Finding) -> None:
        applicant_id = uuid.UUID(str(finding.params["applicant_id"]))

        def chosen(open_it: bool | None) -> None:
            if open_it:
                from screens.file import FileScreen

                self.desk.drafts.discard(self.draft_key)
                self.app.switch_screen(FileScreen(applicant_id))

        self.app.push_screen(
            ConfirmDialog(
                finding.message(self.desk.lang),
                confirm=ui("applicant.open_existing"),
                keep=ui("applicant.stay"),
                title=ui("applicant.nik_exists_title"),
                focus_confirm=True,
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="nik")
    def read_nik(self, nik: str) -> None:
        self.post_message(self.NikRead(parse_nik(nik, today=self.desk.today())))

    def on_applicant_screen_nik_read(self, message: NikRead) -> None:
        self.busy.discard("nik")
        filled = self.form.prefill_from_nik(message.result)
        if filled:
            names = ", ".join(ui(f"field.{name}") for name in filled)
            self.notify(ui("applicant.prefilled", fields=names), timeout=4)
            self.busy.add("check")
            self.check(self.form.values())  # the check that ran on leaving the NIK is stale

    # --- saving --------------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.ready:
            self.notify(ui("applicant.saving"), timeout=2)
            self.busy.add("save")
            self.save(self.form.values(), dict(self.overrides))

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def save(self, values: dict[str, str], overrides: dict[str, str]) -> None:
        desk, state = self.desk, self.state.copy()
        today = desk.today()
        applicant_data = applicant_input(values)
        try:
            if state.applicant_id is None:
                applicant = register_applicant(
                    desk.db, desk.operator, applicant_data, overrides=overrides, today=today
                )
                state.applicant_id, state.applicant_version = applicant.id, applicant.version
                state.saved_applicant = {k: values.get(k, "") for k in APPLICANT_FIELDS}
            elif state.saved_applicant != {k: values.get(k, "") for k in APPLICANT_FIELDS}:
                applicant = update_applicant(
                    desk.db,
                    desk.operator,
                    state.applicant_id,
                    applicant_data,
                    expected_version=state.applicant_version,
                    overrides=overrides,
                    today=today,
                )
                state.applicant_version = applicant.version
                state.saved_applicant = {k: values.get(k, "") for k in APPLICANT_FIELDS}
            plan = {k: values.get(k, "") for k in PLAN_FIELDS}
            if has_plan(values) and state.application_id is None:
                application = open_application(
                    desk.db,
                    desk.operator,
                    state.applicant_id,
                    plan_input(values),
                    overrides=overrides,
                    today=today,
                )
                state.application_id, state.application_version = (
                    application.id,
                    application.version,
                )
                state.registration_number = application.registration_number
                state.saved_plan = plan
            elif has_plan(values) and state.application_id and state.saved_plan != plan:
                application = update_plan(
                    desk.db,
                    desk.operator,
                    state.application_id,
                    plan_input(values),
                    expected_version=state.application_version,
                    overrides=overrides,
                    today=today,
                )
                state.application_version = application.version
                state.saved_plan = plan
        except ValidationFailed as exc:
            self.post_message(self.Refused(exc.findings, state))
            return
        desk.drafts.discard(self.draft_key)
        assert state.applicant_id is not None
        self.post_message(
            self.Saved(state.applicant_id, state.application_id, state.registration_number)
        )

    def on_applicant_screen_refused(self, message: Refused) -> None:
        self.busy.discard("save")
        self.state = message.state
        errors = [f for f in message.findings if f.severity is Severity.ERROR]
        if errors:
            self.form.show_findings(message.findings, everything=True)
            self.notify(ui("applicant.fix_errors", count=len(errors)), severity="error")
            first = self.form.first_error_field()
            if first:
                self.form.focus_field(first)
            return
        self.app.push_screen(WarningsDialog(message.findings), self.warnings_answered)

    def warnings_answered(self, reasons: dict[str, str] | None) -> None:
        if reasons:
            self.overrides.update(reasons)
            self.action_save()

    def on_applicant_screen_saved(self, message: Saved) -> None:
        self.busy.discard("save")
        self.initial = self.comparable(self.form.values())
        if message.registration_number:
            self.notify(ui("applicant.saved_plan", number=message.registration_number))
        else:
            self.notify(ui("applicant.saved"))
        if message.application_id is not None:
            from screens.checklist import ChecklistScreen

            self.app.switch_screen(ChecklistScreen(message.application_id))
        else:
            from screens.file import FileScreen

            self.app.switch_screen(FileScreen(message.applicant_id))

    # --- navigation ----------------------------------------------------------------------------

    def action_section(self, step: int) -> None:
        self.form.focus_section(self.form.section_of_focus() + step)

    def action_back(self) -> None:
        if not self.dirty:
            self.desk.drafts.discard(self.draft_key)
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.desk.drafts.discard(self.draft_key)
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                ui("applicant.discard_question"),
                confirm=ui("applicant.discard"),
                keep=ui("applicant.keep_editing"),
                title=ui("applicant.discard_title"),
            ),
            answered,
        )
