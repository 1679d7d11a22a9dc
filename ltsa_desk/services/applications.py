"""Placement plans (applications) and their checklists.

Opening an application evaluates the ruleset for the applicant's profile and stores one
requirement item per required document, together with the ruleset id and version. Later rule
changes never alter a stored checklist silently: ``preview_reevaluation`` reports what would
change, and ``apply_reevaluation`` applies it under the operator's name.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import (
    Applicant,
    Application,
    ApplicationStatus,
    ItemStatus,
    P3mi,
    P3miStatus,
    RequirementItem,
)
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.identity import check_date, check_name, compare_names
from ltsa_desk.rules import Evaluation, Profile, Ruleset, evaluate
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.applicant_checks import reasons_for, unacknowledged
from ltsa_desk.services.audit import append_event, field_changes
from ltsa_desk.services.errors import NotFound, ValidationFailed
from ltsa_desk.services.rulesets import current_ruleset
from ltsa_desk.services.sequences import registration_number
from ltsa_desk.services.text import check_text
from ltsa_desk.services.tx import write
from ltsa_desk.services.versioning import check_version

_COUNTRY = re.compile(r"^[A-Z]{2}$")


class PlanInput(BaseModel):
    """The placement plan as typed: scheme, destination, programme, sector, job and the P3MI."""

    model_config = ConfigDict(extra="forbid")

    scheme: str = ""
    destination: str = ""
    programme: str = ""
    sector: str = ""
    job: str = ""
    p3mi_id: str = ""
    job_order_number: str = ""
    employer_name: str = ""
    contract_name: str = ""
    planned_departure: str = ""


def _choice_finding(field_name: str, allowed: list[str]) -> Finding:
    return Finding.from_catalog(
        f"plan.{field_name}",
        Severity.ERROR,
        field_name,
        f"services.plan_{field_name}",
        allowed=", ".join(allowed),
    )


def check_plan(
    session: Session, ruleset: Ruleset, data: PlanInput, applicant: Applicant, today: date
) -> tuple[dict[str, Any], list[Finding]]:
    """Field checks of a plan, then the ruleset's eligibility findings for the whole profile."""
    findings: list[Finding] = []
    values: dict[str, Any] = {}
    scheme = data.scheme.strip().lower()
    if scheme not in ruleset.schemes:
        findings.append(_choice_finding("scheme", list(ruleset.schemes)))
    sector = data.sector.strip().lower()
    if sector not in ruleset.sectors:
        findings.append(_choice_finding("sector", list(ruleset.sectors)))
    programme = data.programme.strip().lower()
    if programme and programme not in ruleset.programmes:
        findings.append(_choice_finding("programme", list(ruleset.programmes)))
    destination = data.destination.strip().upper()
    if not _COUNTRY.match(destination):
        findings.append(
            Finding.from_catalog(
                "plan.destination", Severity.ERROR, "destination", "services.plan_destination"
            )
        )
    departure = check_date(
        data.planned_departure, "planned_departure", today=today, allow_future=True, required=False
    )
    findings.extend(departure.findings)
    if departure.value is not None and departure.value < today:
        findings.append(
            Finding.from_catalog(
                "plan.departure_past",
                Severity.ERROR,
                "planned_departure",
                "services.plan_departure_past",
            )
        )
    for field_name, maximum in (("job", 100), ("job_order_number", 60), ("employer_name", 200)):
        value, found = check_text(getattr(data, field_name), field_name, max_length=maximum)
        findings.extend(found)
        values[field_name] = value
    contract_name = ""
    if data.contract_name.strip():
        checked_name = check_name(data.contract_name, "contract_name")
        findings.extend(checked_name.findings)
        contract_name = checked_name.value
        names = {"full_name": applicant.full_name, "contract_name": contract_name}
        if applicant.passport_name:
            names["passport_name"] = applicant.passport_name
        findings.extend(compare_names(names))
    p3mi_id = _check_p3mi(session, data.p3mi_id, scheme, findings)
    values.update(
        scheme=scheme,
        sector=sector,
        programme=programme,
        destination=destination,
        planned_departure=departure.value,
        contract_name=contract_name,
        p3mi_id=p3mi_id,
    )
    return values, findings


def _check_p3mi(
    session: Session, raw: str, scheme: str, findings: list[Finding]
) -> uuid.UUID | None:
    if not raw.strip():
        if scheme == "p2p":
            findings.append(
                Finding.from_catalog(
                    "plan.p3mi_required", Severity.ERROR, "p3mi_id", "services.plan_p3mi_required"
                )
            )
        return None
    try:
        p3mi = session.get(P3mi, uuid.UUID(raw.strip()))
    except ValueError:
        p3mi = None
    if p3mi is None:
        findings.append(
            Finding.from_catalog(
                "plan.p3mi_unknown", Severity.ERROR, "p3mi_id", "services.plan_p3mi_unknown"
            )
        )
        return None
    if scheme and scheme != "p2p":
        # UU 18/2017 Art. 49: the Agency runs G to G and G to P, UKPS companies post their own
        # staff, perseorangan go without an implementer; only P to P goes through a P3MI.
        findings.append(
            Finding.from_catalog(
                "plan.p3mi_not_for_scheme",
                Severity.ERROR,
                "p3mi_id",
                "services.plan_p3mi_not_for_scheme",
            )
        )
    if p3mi.status != P3miStatus.ACTIVE:
        findings.append(
            Finding.from_catalog(
                "plan.p3mi_inactive",
                Severity.ERROR,
                "p3mi_id",
                f"services.plan_p3mi_{p3mi.status}",
                name=p3mi.name,
                licence=p3mi.licence_number,
            )
        )
    return p3mi.id


def registered_on(application: Application) -> date:
    """The office's day the file was opened: the registration date age windows may use."""
    created = application.created_at
    if created.tzinfo is None:  # SQLite gives back naive values; they are stored as UTC
        created = created.replace(tzinfo=UTC)
    return clock.local(created).date()


def profile_of(
    applicant: Applicant, plan: Mapping[str, Any], application_date: date | None = None
) -> Profile:
    """``application_date`` is the file's registration day; None (a new file) means today."""
    return Profile(
        scheme=plan["scheme"],
        destination=plan["destination"],
        sector=plan["sector"],
        marital_status=applicant.marital_status,
        programme=plan.get("programme") or None,
        sex=applicant.sex,  # type: ignore[arg-type]
        birth_date=applicant.birth_date,
        planned_departure=plan.get("planned_departure"),
        job=plan.get("job") or None,
        application_date=application_date,
    )


def _items_from(evaluation: Evaluation, application_id: uuid.UUID) -> list[RequirementItem]:
    return [
        RequirementItem(
            application_id=application_id,
            document_code=item.code,
            desk=item.desk,
            sort_order=index,
            title_id=item.title_id,
            title_en=item.title_en,
            basis=item.basis,
        )
        for index, item in enumerate(evaluation.items)
    ]


def open_application(
    db: Database,
    actor: Actor,
    applicant_id: uuid.UUID,
    plan: PlanInput,
    *,
    overrides: Mapping[str, str] | None = None,
    ruleset: Ruleset | None = None,
    today: date | None = None,
) -> Application:
    """Create a placement plan with its checklist; blocking rule findings refuse it."""
    require(actor, "open_application")
    overrides = overrides or {}
    ruleset = ruleset or current_ruleset()
    day = today or clock.today()
    with write(db) as session:
        applicant = session.get(Applicant, applicant_id)
        if applicant is None:
            raise NotFound(entity="applicant", key_value=str(applicant_id))
        values, findings = check_plan(session, ruleset, plan, applicant, day)
        if not any(f.severity is Severity.ERROR for f in findings):
            evaluation = evaluate(ruleset, profile_of(applicant, values), today=day)
            findings.extend(evaluation.findings)
        blocking = unacknowledged(findings, overrides)
        if blocking:
            raise ValidationFailed(blocking)
        application = Application(
            applicant_id=applicant.id,
            office_id=actor.office_id,
            registration_number=registration_number(
                session, actor.office_id, actor.office_code, day.year
            ),
            ruleset_id=evaluation.ruleset_id,
            ruleset_version=str(evaluation.ruleset_version),
            acknowledged=reasons_for(findings, overrides),
            updated_by=actor.operator_id,
            **values,
        )
        session.add(application)
        session.flush()
        items = _items_from(evaluation, application.id)
        session.add_all(items)
        append_event(
            session,
            actor=actor,
            action="application.open",
            entity="application",
            entity_id=application.id,
            changes={
                **field_changes({}, values),
                "registration_number": [None, application.registration_number],
                "ruleset": [None, f"{application.ruleset_id}@{application.ruleset_version}"],
                "items": [None, [i.document_code for i in items]],
                "acknowledged": [None, application.acknowledged],
            },
        )
        return application


def update_plan(
    db: Database,
    actor: Actor,
    application_id: uuid.UUID,
    plan: PlanInput,
    *,
    expected_version: int | None,
    overrides: Mapping[str, str] | None = None,
    ruleset: Ruleset | None = None,
    today: date | None = None,
) -> Application:
    """Change the plan's details. A change that alters the checklist goes through
    re-evaluation, so this refuses to touch the items itself."""
    require(actor, "open_application")
    overrides = overrides or {}
    ruleset = ruleset or current_ruleset()
    day = today or clock.today()
    with write(db) as session:
        application = _get_application(session, application_id)
        check_version(session, application, expected_version, "application")
        applicant = session.get(Applicant, application.applicant_id)
        assert applicant is not None
        values, findings = check_plan(session, ruleset, plan, applicant, day)
        if not any(f.severity is Severity.ERROR for f in findings):
            profile = profile_of(applicant, values, registered_on(application))
            findings.extend(evaluate(ruleset, profile, today=day).findings)
        known = {**application.acknowledged, **overrides}
        blocking = unacknowledged(findings, known)
        if blocking:
            raise ValidationFailed(blocking)
        before = {name: getattr(application, name) for name in values}
        changes = field_changes(before, values)
        for name, value in values.items():
            setattr(application, name, value)
        application.acknowledged = {**application.acknowledged, **reasons_for(findings, overrides)}
        application.updated_by = actor.operator_id
        session.add(application)
        if changes:
            append_event(
                session,
                actor=actor,
                action="application.update",
                entity="application",
                entity_id=application.id,
                changes=changes,
            )
        return application


def _get_application(session: Session, application_id: uuid.UUID) -> Application:
    application = session.get(Application, application_id)
    if application is None:
        raise NotFound(entity="application", key_value=str(application_id))
    return application


@dataclass(frozen=True)
class ReevaluationPreview:
    """What a re-evaluation under the current rules would change, for the operator to confirm."""

    application_id: uuid.UUID
    old_ruleset: str
    new_ruleset: str
    added: list[str]
    removed: list[str]
    findings: list[Finding]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed) or self.old_ruleset != self.new_ruleset


def _reevaluate(
    session: Session, application: Application, ruleset: Ruleset, today: date
) -> tuple[Evaluation, list[str], list[str]]:
    applicant = session.get(Applicant, application.applicant_id)
    assert applicant is not None
    plan = {name: getattr(application, name) for name in PlanInput.model_fields}
    profile = profile_of(applicant, plan, registered_on(application))
    evaluation = evaluate(ruleset, profile, today=today)
    current = {
        item.document_code
        for item in session.exec(
            select(RequirementItem).where(
                col(RequirementItem.application_id) == application.id,
                col(RequirementItem.required).is_(True),
            )
        )
    }
    wanted = [item.code for item in evaluation.items]
    added = [code for code in wanted if code not in current]
    removed = sorted(current - set(wanted))
    return evaluation, added, removed


def preview_reevaluation(
    db: Database,
    application_id: uuid.UUID,
    *,
    ruleset: Ruleset | None = None,
    today: date | None = None,
) -> ReevaluationPreview:
    ruleset = ruleset or current_ruleset()
    with db.read() as session:
        application = _get_application(session, application_id)
        evaluation, added, removed = _reevaluate(
            session, application, ruleset, today or clock.today()
        )
        return ReevaluationPreview(
            application_id=application.id,
            old_ruleset=f"{application.ruleset_id}@{application.ruleset_version}",
            new_ruleset=f"{evaluation.ruleset_id}@{evaluation.ruleset_version}",
            added=added,
            removed=removed,
            findings=list(evaluation.findings),
        )


def apply_reevaluation(
    db: Database,
    actor: Actor,
    application_id: uuid.UUID,
    *,
    expected_version: int | None,
    ruleset: Ruleset | None = None,
    today: date | None = None,
) -> ReevaluationPreview:
    """Bring the checklist to the current rules: new items added, dropped ones kept as history."""
    require(actor, "reevaluate_application")
    ruleset = ruleset or current_ruleset()
    day = today or clock.today()
    with write(db) as session:
        application = _get_application(session, application_id)
        check_version(session, application, expected_version, "application")
        evaluation, added, removed = _reevaluate(session, application, ruleset, day)
        old = f"{application.ruleset_id}@{application.ruleset_version}"
        by_code = {item.code: (index, item) for index, item in enumerate(evaluation.items)}
        existing = {
            item.document_code: item
            for item in session.exec(
                select(RequirementItem).where(col(RequirementItem.application_id) == application.id)
            )
        }
        for code in added:
            index, rule_item = by_code[code]
            item = existing.get(code)
            if item is None:
                item = RequirementItem(
                    application_id=application.id,
                    document_code=code,
                    desk=rule_item.desk,
                    sort_order=index,
                    title_id=rule_item.title_id,
                    title_en=rule_item.title_en,
                    basis=rule_item.basis,
                )
            item.required = True
            session.add(item)
        for code in removed:
            existing[code].required = False
            session.add(existing[code])
        application.ruleset_id = evaluation.ruleset_id
        application.ruleset_version = str(evaluation.ruleset_version)
        application.updated_by = actor.operator_id
        session.add(application)
        new = f"{application.ruleset_id}@{application.ruleset_version}"
        append_event(
            session,
            actor=actor,
            action="application.reevaluate",
            entity="application",
            entity_id=application.id,
            changes={"ruleset": [old, new], "added": [None, added], "removed": [None, removed]},
        )
        session.flush()
        refresh_status(session, application)
        return ReevaluationPreview(
            application.id, old, new, added, removed, list(evaluation.findings)
        )


def refresh_status(session: Session, application: Application) -> None:
    """Complete once every required item is verified or waived; back in progress otherwise."""
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.BLOCKED):
        return
    items = session.exec(
        select(RequirementItem).where(
            col(RequirementItem.application_id) == application.id,
            col(RequirementItem.required).is_(True),
        )
    ).all()
    done = bool(items) and all(i.status in (ItemStatus.VERIFIED, ItemStatus.WAIVED) for i in items)
    status = ApplicationStatus.COMPLETE if done else ApplicationStatus.IN_PROGRESS
    if application.status != status:
        application.status = status
        session.add(application)
