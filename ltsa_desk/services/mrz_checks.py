"""A passport's MRZ against what the desk already knows about its holder.

Reading the zone is ``ltsa_desk.identity.mrz``; this compares what it says with the NIK, the
applicant record and the plan: birth date and sex against the NIK's digits and the record, the
name against the KTP name (the name-consistency rule of ``identity.names``), the passport
number against the one recorded, and the expiry against the planned departure (the ruleset's
validity rules for ``paspor``). Every disagreement is a finding: a warning the operator resolves
by correcting the data or recording a reason, as the applicant form does; the validity rules keep
the severity their data gives them.

Read-only and free of screens, so the desk's passport fields, the home search and the CLI can
all call it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.identity import Sex, compare_names, format_date, normalize_for_compare, parse_nik
from ltsa_desk.identity.mrz import MrzResult
from ltsa_desk.rules import Ruleset, check_document
from ltsa_desk.services.checklist import application_and_applicant
from ltsa_desk.services.rulesets import current_ruleset

#: The ruleset's code of the passport, whose validity rules apply to the MRZ's expiry.
PASSPORT_DOCUMENT = "paspor"
#: The nationality of an Indonesian passport in the MRZ (ISO 3166-1 alpha-3).
INDONESIA = "IDN"
#: The document key of the MRZ's name in name findings ("the name on the passport …").
MRZ_NAME_DOCUMENT = "passport"


@dataclass(frozen=True, slots=True)
class KnownHolder:
    """What the desk knows before the passport is read; blank values are not compared."""

    nik: str = ""
    #: The name as on the KTP (the applicant record's full name).
    full_name: str = ""
    birth_date: date | None = None
    sex: Sex | None = None
    passport_number: str = ""
    planned_departure: date | None = None
    destination: str | None = None

    @classmethod
    def of(cls, applicant: Applicant, application: Application | None = None) -> KnownHolder:
        sex: Sex | None = "L" if applicant.sex == "L" else "P" if applicant.sex == "P" else None
        return cls(
            nik=applicant.nik,
            full_name=applicant.full_name,
            birth_date=applicant.birth_date,
            sex=sex,
            passport_number=applicant.passport_number,
            planned_departure=application.planned_departure if application else None,
            destination=application.destination if application else None,
        )


def _warning(code: str, field: str, **params: str) -> Finding:
    return Finding.from_catalog(code, Severity.WARNING, field, f"identity.{code}", **params)


def _sex_text(sex: Sex) -> str:
    """The MRZ writes M/F, the KTP L/P: show both so neither reader has to translate."""
    return {"L": "M/L", "P": "F/P"}[sex]


def _birth_and_sex(mrz: MrzResult, known: KnownHolder, today: date) -> list[Finding]:
    findings: list[Finding] = []
    nik = parse_nik(known.nik, keyed_birth_date=mrz.birth_date, today=today) if known.nik else None
    if mrz.birth_date is not None:
        shown = format_date(mrz.birth_date)
        if nik is not None and nik.birth_date is not None and nik.birth_date != mrz.birth_date:
            findings.append(
                _warning(
                    "mrz.birth_date_nik", "birth_date", mrz=shown, nik=format_date(nik.birth_date)
                )
            )
        if known.birth_date is not None and known.birth_date != mrz.birth_date:
            findings.append(
                _warning(
                    "mrz.birth_date_record",
                    "birth_date",
                    mrz=shown,
                    record=format_date(known.birth_date),
                )
            )
    if mrz.sex is not None:
        shown = _sex_text(mrz.sex)
        if nik is not None and nik.sex is not None and nik.sex != mrz.sex:
            findings.append(_warning("mrz.sex_nik", "sex", mrz=shown, nik=_sex_text(nik.sex)))
        if known.sex is not None and known.sex != mrz.sex:
            findings.append(
                _warning("mrz.sex_record", "sex", mrz=shown, record=_sex_text(known.sex))
            )
    return findings


def _truncated_match(mrz: MrzResult, ktp_key: str) -> bool:
    """A name cut to fit the zone: its whole words are the KTP's, its last word begins one.

    ICAO cuts the end of the line, the given names, which the KTP writes first; so words are
    matched regardless of order.
    """
    *whole, cut = normalize_for_compare(f"{mrz.surname} {mrz.given_names}").split()
    remaining = ktp_key.split()
    for word in whole:
        if word not in remaining:
            return False
        remaining.remove(word)
    return any(word.startswith(cut) for word in remaining)


def _name(mrz: MrzResult, known: KnownHolder) -> list[Finding]:
    """The KTP name against the MRZ's, by the name-consistency rule.

    The MRZ has already dropped accents, apostrophes and hyphens (9303 part 3 §6), which the
    rule's comparison key drops as well. Two things are the MRZ's own: the order of its parts
    (an Indonesian single name stands alone as the primary identifier, other names may be split
    either way round), so either order that matches the KTP is accepted; and truncation, so a
    name that filled the zone matches a KTP name it is cut from.
    """
    if not known.full_name.strip() or not mrz.surname:
        return []
    ktp = normalize_for_compare(known.full_name)
    orders = [mrz.full_name, f"{mrz.surname} {mrz.given_names}"]
    if any(normalize_for_compare(order) == ktp for order in orders) or (
        mrz.name_truncated and _truncated_match(mrz, ktp)
    ):
        return []
    return compare_names(
        {"full_name": known.full_name, MRZ_NAME_DOCUMENT: mrz.full_name}, reference="full_name"
    )


def cross_check_mrz(
    mrz: MrzResult, known: KnownHolder, *, ruleset: Ruleset, today: date | None = None
) -> list[Finding]:
    """Every disagreement between a readable MRZ and what is known; empty when all agree.

    An MRZ that failed its own checks is not compared: its fields may be misread, and the
    operator must scan it again first.
    """
    if not mrz.ok or mrz.lines is None:
        return []
    today = today or clock.today()
    findings = _birth_and_sex(mrz, known, today)
    findings.extend(_name(mrz, known))
    if mrz.nationality != INDONESIA:
        findings.append(_warning("mrz.nationality", "nationality", value=mrz.nationality))
    recorded = known.passport_number.strip().upper()
    if recorded and recorded != mrz.passport_number:
        findings.append(
            _warning(
                "mrz.passport_number_record",
                "passport_number",
                mrz=mrz.passport_number,
                record=recorded,
            )
        )
    findings.extend(
        check_document(
            ruleset,
            PASSPORT_DOCUMENT,
            expiry_date=mrz.expiry_date,
            planned_departure=known.planned_departure,
            destination=known.destination,
            today=today,
        )
    )
    return findings


def cross_check_mrz_for_application(
    db: Database,
    application_id: uuid.UUID,
    mrz: MrzResult,
    *,
    ruleset: Ruleset | None = None,
    today: date | None = None,
) -> list[Finding]:
    """:func:`cross_check_mrz` against a stored application and its applicant."""
    with db.read() as session:
        application, applicant = application_and_applicant(session, application_id)
        known = KnownHolder.of(applicant, application)
    return cross_check_mrz(mrz, known, ruleset=ruleset or current_ruleset(), today=today)
