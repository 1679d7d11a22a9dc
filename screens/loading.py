"""What the applicant form starts from: the stored record, a draft, and the ruleset's choices.
Runs in the form's load worker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from forms.applicant import DETAIL_SUFFIX, LABEL_SUFFIX
from forms.fields import APPLICANT_FIELDS, PLAN_FIELDS
from forms.i18n import ui
from ltsa_desk.db.models import Applicant
from ltsa_desk.drafts import Draft
from ltsa_desk.i18n import Lang
from ltsa_desk.identity import get_region
from ltsa_desk.rules import Ruleset
from ltsa_desk.services.applicant_file import PlanSummary, load_file
from ltsa_desk.services.applicants import as_input
from ltsa_desk.services.rulesets import current_ruleset
from screens.context import DeskContext

REGION_LEVELS = (("province", 1), ("regency", 2), ("district", 3), ("village_code", 4))


@dataclass
class FormState:
    """Where the form stands against the database: which records exist, at which version."""

    applicant_id: uuid.UUID | None = None
    applicant_version: int | None = None
    application_id: uuid.UUID | None = None
    application_version: int | None = None
    registration_number: str | None = None
    #: Field values as last saved, to skip saving what did not change.
    saved_applicant: dict[str, str] = field(default_factory=dict)
    saved_plan: dict[str, str] = field(default_factory=dict)
    record_values: dict[str, str] = field(default_factory=dict)
    draft: Draft | None = None
    ruleset: Ruleset | None = None

    @property
    def editing(self) -> bool:
        return self.applicant_id is not None

    def copy(self) -> FormState:
        return replace(
            self, saved_applicant=dict(self.saved_applicant), saved_plan=dict(self.saved_plan)
        )


def applicant_values(applicant: Applicant) -> dict[str, str]:
    values = {k: v for k, v in as_input(applicant).model_dump().items() if k in APPLICANT_FIELDS}
    code = applicant.village_code
    if code:
        parts = code.split(".")
        for name, level in REGION_LEVELS:
            region = get_region(".".join(parts[:level]))
            values[name] = region.code if region else ""
            values[name + LABEL_SUFFIX] = region.name if region else ""
    return values


def plan_values(plan: PlanSummary) -> dict[str, str]:
    application = plan.application
    values = {name: str(getattr(application, name) or "") for name in PLAN_FIELDS}
    values["planned_departure"] = (
        application.planned_departure.isoformat() if application.planned_departure else ""
    )
    if plan.p3mi is not None:
        values["p3mi_id" + LABEL_SUFFIX] = plan.p3mi.name
        values["p3mi_id" + DETAIL_SUFFIX] = (
            f"{plan.p3mi.licence_number} · {ui('p3mi_status.' + plan.p3mi.status)}"
        )
    return values


def load_form_state(desk: DeskContext, applicant_id: uuid.UUID | None, draft_key: str) -> FormState:
    state = FormState(applicant_id=applicant_id, ruleset=current_ruleset())
    state.draft = desk.drafts.load(draft_key)
    if state.applicant_id is None and state.draft and state.draft.meta.get("applicant_id"):
        # The applicant was saved before the desk went down, but the plan was not yet.
        state.applicant_id = uuid.UUID(state.draft.meta["applicant_id"])
    if state.applicant_id is None:
        return state
    file = load_file(desk.db, desk.operator, state.applicant_id)
    state.applicant_version = file.applicant.version
    state.record_values = applicant_values(file.applicant)
    state.saved_applicant = {k: state.record_values.get(k, "") for k in APPLICANT_FIELDS}
    latest = file.latest
    if latest is not None:
        state.application_id = latest.application.id
        state.application_version = latest.application.version
        state.registration_number = latest.application.registration_number
        plan = plan_values(latest)
        state.record_values.update(plan)
        state.saved_plan = {k: plan.get(k, "") for k in PLAN_FIELDS}
    return state


def _name(label: object, lang: Lang) -> str:
    return str(getattr(label, "name_en" if lang == "en" else "name_id"))


def plan_choices(
    ruleset: Ruleset | None, lang: Lang, plan: dict[str, str] | None = None
) -> dict[str, list[tuple[str, str]]]:
    """Scheme, sector and programme choices as the ruleset names them; programmes only those
    that fit the scheme, destination and sector of ``plan`` chosen so far."""
    if ruleset is None:
        return {}
    return {
        "scheme": [(_name(label, lang), code) for code, label in ruleset.schemes.items()],
        "sector": [(_name(label, lang), code) for code, label in ruleset.sectors.items()],
        "programme": programme_choices(ruleset, lang, plan or {}),
    }


def programme_choices(ruleset: Ruleset, lang: Lang, plan: dict[str, str]) -> list[tuple[str, str]]:
    """The programmes a plan with these scheme, destination and sector may follow."""
    facts = {name: plan.get(name, "").strip() for name in ("scheme", "destination", "sector")}
    return [
        (_name(programme, lang), code)
        for code, programme in ruleset.programmes.items()
        if programme.admits(**facts)
    ]
