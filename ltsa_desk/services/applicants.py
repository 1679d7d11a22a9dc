"""Registering and updating applicants, with search-before-create.

A NIK is a person's lifelong key, so a second record with the same NIK is refused and the desk
offers to open the first. Softer signs of a duplicate (same passport, a similar name with the same
birth date) are warnings: real namesakes exist, so the operator may proceed with a reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from sqlmodel import Session, col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Office
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.identity import mask_nik
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.applicant_checks import (
    ApplicantInput,
    check_applicant,
    reasons_for,
    unacknowledged,
)
from ltsa_desk.services.audit import append_event, field_changes
from ltsa_desk.services.errors import NotFound, ValidationFailed
from ltsa_desk.services.tx import write
from ltsa_desk.services.versioning import check_version

#: Similarity (0-100, token order ignored) above which a same-birth-date name is a likely duplicate.
DUPLICATE_NAME_SCORE = 85.0


def duplicate_findings(
    session: Session, values: Mapping[str, Any], *, exclude: uuid.UUID | None = None
) -> list[Finding]:
    """Signs that this person is already registered.

    Only the four columns compared are read, and every applicant born the same day is
    compared: ten years of placements put several hundred people on each birth date, and a
    duplicate must not hide behind a cap on how many are looked at.
    """
    findings: list[Finding] = []
    columns = (
        col(Applicant.id),
        col(Applicant.full_name),
        col(Applicant.nik),
        col(Applicant.name_key),
    )

    def others(query: Any) -> Any:
        return query.where(col(Applicant.id) != exclude) if exclude else query

    nik = values.get("nik")
    if nik:
        same = session.execute(others(select(*columns).where(col(Applicant.nik) == nik))).first()
        if same is not None:
            findings.append(
                Finding.from_catalog(
                    "applicant.nik_exists",
                    Severity.ERROR,
                    "nik",
                    "services.nik_exists",
                    name=same.full_name,
                    applicant_id=str(same.id),
                )
            )
    passport = values.get("passport_number")
    if passport:
        same = session.execute(
            others(select(*columns).where(col(Applicant.passport_number) == passport))
        ).first()
        if same is not None:
            findings.append(_already_there("duplicate_passport", "passport_number", same))
    birth_date = values.get("birth_date")
    key = values.get("name_key")
    if isinstance(birth_date, date) and key:
        # Names and NIKs only: the one likely duplicate is read whole afterwards.
        born_same_day = [
            (row.nik, row.name_key)
            for row in session.execute(
                others(
                    select(col(Applicant.nik), col(Applicant.name_key)).where(
                        col(Applicant.birth_date) == birth_date
                    )
                )
            )
            if row.nik != nik
        ]
        best = process.extractOne(
            key,
            [name for _, name in born_same_day],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=DUPLICATE_NAME_SCORE,
        )
        if best is not None:
            other = session.execute(
                select(*columns).where(col(Applicant.nik) == born_same_day[best[2]][0])
            ).one()
            findings.append(_already_there("possible_duplicate", "full_name", other))
    return findings


def _already_there(code: str, field: str, other: Any) -> Finding:
    """A warning naming the applicant this one may already be (a row of id, name, NIK)."""
    return Finding.from_catalog(
        f"applicant.{code}",
        Severity.WARNING,
        field,
        f"services.{code}",
        name=other.full_name,
        nik=mask_nik(other.nik),
        applicant_id=str(other.id),
    )


def _office_regency(session: Session, office_id: uuid.UUID) -> str | None:
    regency: str | None = session.execute(
        select(col(Office.regency_code)).where(col(Office.id) == office_id)
    ).scalar()
    return regency


def preview_applicant(
    db: Database,
    actor: Actor,
    data: ApplicantInput,
    *,
    applicant_id: uuid.UUID | None = None,
    today: date | None = None,
) -> list[Finding]:
    """All findings for this input, duplicates included, without saving: the form's live check."""
    with db.read() as session:
        checked = check_applicant(
            data,
            office_regency_code=_office_regency(session, actor.office_id),
            today=today or clock.today(),
        )
        return checked.findings + duplicate_findings(session, checked.values, exclude=applicant_id)


def register_applicant(
    db: Database,
    actor: Actor,
    data: ApplicantInput,
    *,
    overrides: Mapping[str, str] | None = None,
    today: date | None = None,
) -> Applicant:
    """Create the applicant; errors and unacknowledged warnings refuse it, writing nothing."""
    require(actor, "register_applicant")
    overrides = overrides or {}
    with write(db) as session:
        checked = check_applicant(
            data,
            office_regency_code=_office_regency(session, actor.office_id),
            today=today or clock.today(),
        )
        findings = checked.findings + duplicate_findings(session, checked.values)
        blocking = unacknowledged(findings, overrides)
        if blocking:
            raise ValidationFailed(blocking)
        applicant = Applicant(
            office_id=actor.office_id,
            updated_by=actor.operator_id,
            acknowledged=reasons_for(findings, overrides),
            **checked.values,
        )
        session.add(applicant)
        session.flush()
        append_event(
            session,
            actor=actor,
            action="applicant.register",
            entity="applicant",
            entity_id=applicant.id,
            changes={
                **field_changes({}, {**checked.values, "nik": mask_nik(applicant.nik)}),
                "acknowledged": [None, applicant.acknowledged],
            },
        )
        return applicant


def update_applicant(
    db: Database,
    actor: Actor,
    applicant_id: uuid.UUID,
    data: ApplicantInput,
    *,
    expected_version: int | None,
    overrides: Mapping[str, str] | None = None,
    today: date | None = None,
) -> Applicant:
    """Replace the applicant's data after the same checks as registration."""
    require(actor, "update_applicant")
    overrides = overrides or {}
    with write(db) as session:
        applicant = session.get(Applicant, applicant_id)
        if applicant is None:
            raise NotFound(entity="applicant", key_value=str(applicant_id))
        check_version(session, applicant, expected_version, "applicant")
        checked = check_applicant(
            data,
            office_regency_code=_office_regency(session, actor.office_id),
            today=today or clock.today(),
        )
        findings = checked.findings + duplicate_findings(
            session, checked.values, exclude=applicant.id
        )
        # A warning acknowledged earlier stays acknowledged: the reason is already on file.
        known = {**applicant.acknowledged, **overrides}
        blocking = unacknowledged(findings, known)
        if blocking:
            raise ValidationFailed(blocking)
        before = {name: getattr(applicant, name) for name in checked.values}
        changes = field_changes(before, checked.values)
        if "nik" in changes:
            changes["nik"] = [mask_nik(before["nik"]), mask_nik(checked.values["nik"])]
        for name, value in checked.values.items():
            setattr(applicant, name, value)
        acknowledged = {**applicant.acknowledged, **reasons_for(findings, overrides)}
        if acknowledged != applicant.acknowledged:
            changes["acknowledged"] = [applicant.acknowledged, acknowledged]
            applicant.acknowledged = acknowledged
        applicant.updated_by = actor.operator_id
        session.add(applicant)
        if changes:
            append_event(
                session,
                actor=actor,
                action="applicant.update",
                entity="applicant",
                entity_id=applicant.id,
                changes=changes,
            )
        return applicant


def get_applicant(db: Database, applicant_id: uuid.UUID) -> Applicant:
    with db.read() as session:
        applicant = session.get(Applicant, applicant_id)
        if applicant is None:
            raise NotFound(entity="applicant", key_value=str(applicant_id))
        return applicant


def find_by_nik(db: Database, nik: str) -> Applicant | None:
    with db.read() as session:
        return session.exec(select(Applicant).where(col(Applicant.nik) == nik)).first()


def as_input(applicant: Applicant) -> ApplicantInput:
    """The stored applicant as form input, for editing."""
    values = {name: getattr(applicant, name) for name in ApplicantInput.model_fields}
    values["birth_date"] = applicant.birth_date.isoformat()
    return ApplicantInput(**{k: "" if v is None else str(v) for k, v in values.items()})
