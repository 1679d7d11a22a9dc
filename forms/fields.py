"""The applicant form's fields, in reading order, bound to the core's input models.

Each spec names the ``ApplicantInput``/``PlanInput`` field it fills, so that a core finding's
``field`` lands under the right widget. Labels and choice names come from the ``ui`` catalog;
plan choices (scheme, sector, programme) come from the ruleset at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ltsa_desk.services.applicant_checks import (
    EDUCATION_LEVELS,
    MARITAL_STATUSES,
    SEXES,
    ApplicantInput,
)
from ltsa_desk.services.applications import PlanInput

Kind = Literal["text", "date", "choice", "region", "p3mi"]
Target = Literal["applicant", "plan", "form"]

SECTIONS = ("identity", "address", "family", "education", "plan")

DIGITS = r"[0-9]*"
DATE_CHARS = r"[0-9\-/]*"
PHONE_CHARS = r"[0-9+ \-]*"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    section: str
    kind: Kind = "text"
    max_length: int = 0
    restrict: str | None = None
    #: Fixed choices (values); their labels are ``ui.choice.<name>.<value>``.
    choices: tuple[str, ...] = ()
    #: Region pickers: 1 province … 4 village.
    level: int = 0
    #: The field is optional and shows no "required" mark.
    required: bool = False

    @property
    def target(self) -> Target:
        if self.name in ApplicantInput.model_fields:
            return "applicant"
        if self.name in PlanInput.model_fields:
            return "plan"
        return "form"


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("nik", "identity", max_length=16, restrict=DIGITS, required=True),
    FieldSpec("full_name", "identity", max_length=100, required=True),
    FieldSpec("birth_place", "identity", max_length=100),
    FieldSpec("birth_date", "identity", "date", max_length=10, restrict=DATE_CHARS, required=True),
    FieldSpec("sex", "identity", "choice", choices=SEXES, required=True),
    FieldSpec("marital_status", "identity", "choice", choices=MARITAL_STATUSES, required=True),
    FieldSpec("religion", "identity", max_length=20),
    FieldSpec("kk_number", "identity", max_length=16, restrict=DIGITS),
    FieldSpec("passport_number", "identity", max_length=12),
    FieldSpec("passport_name", "identity", max_length=100),
    FieldSpec("phone", "identity", max_length=20, restrict=PHONE_CHARS),
    FieldSpec("email", "identity", max_length=120),
    FieldSpec("address_line", "address", max_length=300),
    FieldSpec("province", "address", "region", level=1),
    FieldSpec("regency", "address", "region", level=2),
    FieldSpec("district", "address", "region", level=3),
    FieldSpec("village_code", "address", "region", level=4),
    FieldSpec("father_name", "family", max_length=100),
    FieldSpec("mother_name", "family", max_length=100),
    FieldSpec("spouse_name", "family", max_length=100),
    FieldSpec("emergency_name", "family", max_length=100),
    FieldSpec("emergency_relation", "family", max_length=40),
    FieldSpec("emergency_phone", "family", max_length=20, restrict=PHONE_CHARS),
    FieldSpec("education", "education", "choice", choices=tuple(e for e in EDUCATION_LEVELS if e)),
    FieldSpec("notes", "education", max_length=2000),
    FieldSpec("scheme", "plan", "choice", required=True),
    FieldSpec("destination", "plan", max_length=2, restrict=r"[A-Za-z]*"),
    FieldSpec("programme", "plan", "choice"),
    FieldSpec("sector", "plan", "choice", required=True),
    FieldSpec("job", "plan", max_length=100),
    FieldSpec("p3mi_id", "plan", "p3mi"),
    FieldSpec("job_order_number", "plan", max_length=60),
    FieldSpec("employer_name", "plan", max_length=200),
    FieldSpec("contract_name", "plan", max_length=100),
    FieldSpec(
        "planned_departure", "plan", "date", max_length=10, restrict=DATE_CHARS, required=False
    ),
)

BY_NAME = {spec.name: spec for spec in FIELDS}
REGION_FIELDS = tuple(spec.name for spec in FIELDS if spec.kind == "region")
PLAN_FIELDS = tuple(spec.name for spec in FIELDS if spec.target == "plan")
APPLICANT_FIELDS = tuple(spec.name for spec in FIELDS if spec.target == "applicant")
DATE_FIELDS = tuple(spec.name for spec in FIELDS if spec.kind == "date")


def applicant_input(values: dict[str, str]) -> ApplicantInput:
    return ApplicantInput(**{name: values.get(name, "") for name in APPLICANT_FIELDS})


def plan_input(values: dict[str, str]) -> PlanInput:
    return PlanInput(**{name: values.get(name, "") for name in PLAN_FIELDS})


def has_plan(values: dict[str, str]) -> bool:
    """Any field of the plan filled in means a plan is wanted: saving then checks all of it
    (a plan with no scheme is refused, never silently dropped)."""
    return any(values.get(name, "").strip() for name in PLAN_FIELDS)


def iso_to_display(value: str) -> str:
    """``1996-03-02`` → ``02-03-1996``, the order on Indonesian documents; other text unchanged."""
    parts = value.split("-")
    if len(parts) == 3 and len(parts[0]) == 4:
        return f"{parts[2]}-{parts[1]}-{parts[0]}"
    return value


def carried_search(searched: str) -> dict[str, str]:
    """What was searched for on the home screen, as the new form's first field: a NIK (16
    digits) or a name (letters); anything else (a registration number, a phone) is dropped."""
    text = " ".join(searched.split())
    if re.fullmatch(r"[0-9]{16}", text):
        return {"nik": text}
    too_long = len(text) > BY_NAME["full_name"].max_length
    if text and not too_long and re.fullmatch(r"[^\W\d_][\w .'-]*", text):
        # "siti rahayu" typed in a hurry in the search box: a name as the KTP prints it.
        return {"full_name": text.title() if text.islower() else text}
    return {}
