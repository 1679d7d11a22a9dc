"""The placement-plan form's live check: the same checks as ``open_application``, saving nothing.

The desk checks a plan while the applicant may not be registered yet, so the applicant can be
given either as a stored record or as the form's current input.
"""

from __future__ import annotations

import uuid
from datetime import date

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Office
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.rules import Ruleset, evaluate
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.applicant_checks import ApplicantInput, check_applicant
from ltsa_desk.services.applications import PlanInput, check_plan, profile_of
from ltsa_desk.services.errors import NotFound
from ltsa_desk.services.rulesets import current_ruleset


def preview_plan(
    db: Database,
    actor: Actor,
    plan: PlanInput,
    *,
    applicant_id: uuid.UUID | None = None,
    applicant: ApplicantInput | None = None,
    ruleset: Ruleset | None = None,
    today: date | None = None,
) -> list[Finding]:
    """Field findings of the plan, then the ruleset's eligibility findings for the profile.

    With ``applicant`` (form input) whose own checks fail, only the plan's field checks run:
    eligibility needs a valid birth date and sex.
    """
    require(actor, "view_records")
    ruleset = ruleset or current_ruleset()
    day = today or clock.today()
    with db.read() as session:
        person: Applicant | None = None
        if applicant_id is not None:
            person = session.get(Applicant, applicant_id)
            if person is None:
                raise NotFound(entity="applicant", key_value=str(applicant_id))
        elif applicant is not None:
            office = session.get(Office, actor.office_id)
            checked = check_applicant(
                applicant, office_regency_code=office.regency_code if office else None, today=day
            )
            if not checked.errors:
                # A transient record, never added to the session: only read by the checks.
                person = Applicant(office_id=actor.office_id, **checked.values)
        if person is None:
            person = Applicant(
                office_id=actor.office_id,
                nik="",
                full_name="",
                name_key="",
                birth_date=day,
                sex="",
                marital_status="",
            )
            # Names cannot be compared without a valid applicant: leave that to the save.
            blank_contract = plan.model_copy(update={"contract_name": ""})
            return check_plan(session, ruleset, blank_contract, person, day)[1]
        values, findings = check_plan(session, ruleset, plan, person, day)
        if not any(f.severity is Severity.ERROR for f in findings):
            findings.extend(evaluate(ruleset, profile_of(person, values), today=day).findings)
        return findings
