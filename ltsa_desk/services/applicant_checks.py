"""Checking one applicant's data, field by field, with the core identity checks.

The same function serves the desk form, the CLI and the CSV import, so a rule is written once.
It never raises on input: it returns the cleaned values and every finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict

from ltsa_desk.findings import Finding, Severity
from ltsa_desk.identity import (
    check_date,
    check_minimum_age,
    check_name,
    check_out_of_area,
    check_passport_number,
    compare_names,
    get_region,
    normalize_phone,
    parse_kk,
    parse_nik,
)
from ltsa_desk.services.search import name_key
from ltsa_desk.services.text import check_text

SEXES = ("L", "P")
MARITAL_STATUSES = ("single", "married", "divorced", "widowed")
EDUCATION_LEVELS = ("", "sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3")


class ApplicantInput(BaseModel):
    """What the operator typed or the CSV held: text, exactly as given."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    nik: str = ""
    full_name: str = ""
    birth_place: str = ""
    birth_date: str = ""
    sex: str = ""
    marital_status: str = ""
    religion: str = ""
    education: str = ""
    kk_number: str = ""
    passport_number: str = ""
    passport_name: str = ""
    phone: str = ""
    email: str = ""
    address_line: str = ""
    village_code: str = ""
    father_name: str = ""
    mother_name: str = ""
    spouse_name: str = ""
    emergency_name: str = ""
    emergency_relation: str = ""
    emergency_phone: str = ""
    notes: str = ""


#: Optional names checked like the applicant's own (letters, no control characters).
OPTIONAL_NAMES = ("passport_name", "father_name", "mother_name", "spouse_name", "emergency_name")
#: Free-text fields and their maximum lengths.
FREE_TEXT = {
    "birth_place": 100,
    "religion": 20,
    "email": 120,
    "address_line": 300,
    "emergency_relation": 40,
}


def check_email(value: str) -> tuple[str, list[Finding]]:
    """An address of the form ``name@domain.tld``, normalised; never looked up (offline desk)."""
    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return value, [
            Finding.from_catalog(
                "applicant.email", Severity.ERROR, "email", "services.email_invalid", value=value
            )
        ]
    return checked.normalized, []


@dataclass
class CheckedApplicant:
    values: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]


def _choice(
    value: str, allowed: tuple[str, ...], field_name: str, key: str
) -> tuple[str, list[Finding]]:
    cleaned = value.strip()
    cleaned = cleaned.upper() if field_name == "sex" else cleaned.lower()
    if cleaned in allowed:
        return cleaned, []
    shown = ", ".join(a for a in allowed if a)
    return cleaned, [
        Finding.from_catalog(
            f"applicant.{field_name}", Severity.ERROR, field_name, key, allowed=shown
        )
    ]


def check_applicant(
    data: ApplicantInput, *, office_regency_code: str | None, today: date
) -> CheckedApplicant:
    """Every field's checks, plus the checks across fields (NIK vs birth date, names, area)."""
    out = CheckedApplicant()
    add = out.findings.extend

    birth = check_date(data.birth_date, "birth_date", today=today)
    add(birth.findings)
    sex, found = _choice(data.sex, SEXES, "sex", "services.sex_choice")
    add(found)
    nik = parse_nik(
        data.nik,
        keyed_birth_date=birth.value,
        keyed_sex=sex if sex in SEXES else None,  # type: ignore[arg-type]
        today=today,
    )
    add(nik.findings)
    name = check_name(data.full_name, "full_name")
    add(name.findings)
    marital, found = _choice(
        data.marital_status, MARITAL_STATUSES, "marital_status", "services.marital_choice"
    )
    add(found)
    education, found = _choice(
        data.education, EDUCATION_LEVELS, "education", "services.education_choice"
    )
    add(found)
    out.values.update(
        nik=nik.nik or data.nik.strip(),
        full_name=name.value,
        name_key=name_key(name.value),
        birth_date=birth.value,
        sex=sex,
        marital_status=marital,
        education=education,
    )
    if birth.value is not None:
        # Age is decided at departure by the rules; at registration, under 18 is only a warning.
        add(replace(f, severity=Severity.WARNING) for f in check_minimum_age(birth.value, today))

    kk = parse_kk(data.kk_number, nik=nik.nik) if data.kk_number.strip() else None
    if kk is not None:
        add(kk.findings)
    out.values["kk_number"] = kk.kk or data.kk_number.strip() if kk else ""

    passport = check_passport_number(data.passport_number)
    add(passport.findings)
    out.values["passport_number"] = passport.value

    for field_name in OPTIONAL_NAMES:
        raw = getattr(data, field_name)
        if raw.strip():
            checked = check_name(raw, field_name)
            add(checked.findings)
            out.values[field_name] = checked.value
        else:
            out.values[field_name] = ""
    if out.values["passport_name"]:
        add(compare_names({"full_name": name.value, "passport_name": out.values["passport_name"]}))

    for field_name, required in (("phone", False), ("emergency_phone", False)):
        raw = getattr(data, field_name)
        phone = normalize_phone(raw, required=required, field=field_name)
        add(phone.findings)
        out.values[field_name] = phone.value or ""

    for field_name, maximum in FREE_TEXT.items():
        value, found = check_text(getattr(data, field_name), field_name, max_length=maximum)
        add(found)
        out.values[field_name] = value
    notes, found = check_text(data.notes, "notes", max_length=2000, multiline=True)
    add(found)
    out.values["notes"] = notes
    if out.values["email"] and not any(f.field == "email" for f in out.findings):
        email, found = check_email(out.values["email"])
        add(found)
        out.values["email"] = email

    village = data.village_code.strip()
    if village:
        region = get_region(village)
        if region is None or region.level != 4:
            add(
                [
                    Finding.from_catalog(
                        "applicant.village_code",
                        Severity.ERROR,
                        "village_code",
                        "services.village_unknown",
                        code=village,
                    )
                ]
            )
        else:
            village = region.code
    out.values["village_code"] = village

    if nik.regency_code and office_regency_code:
        add(check_out_of_area(nik.regency_code, office_regency_code))
    return out


def unacknowledged(findings: list[Finding], overrides: Mapping[str, str]) -> list[Finding]:
    """Errors, and warnings with no reason given: what still stops a save."""
    return [
        f for f in findings if f.severity is Severity.ERROR or not overrides.get(f.code, "").strip()
    ]


def reasons_for(findings: list[Finding], overrides: Mapping[str, str]) -> dict[str, str]:
    """The override reasons that apply to these warnings, trimmed, to store with the record."""
    return {
        f.code: overrides[f.code].strip()
        for f in findings
        if f.severity is Severity.WARNING and overrides.get(f.code, "").strip()
    }
