"""Recording what the applicant handed in, one requirement item at a time.

The lifecycle is missing → received → verified, with rejected (reason) and waived (supervisor,
reason) on the side. A verified item can only be changed by a supervisor: it is what the file
rests on. Validity against the planned departure is reported as warnings, never hidden.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application, ItemStatus, RequirementItem
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.identity import check_date
from ltsa_desk.rules import Ruleset
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.applications import refresh_status
from ltsa_desk.services.audit import append_event, field_changes
from ltsa_desk.services.checklist import item_validity
from ltsa_desk.services.errors import NotFound, PermissionDenied, ValidationFailed
from ltsa_desk.services.rulesets import current_ruleset
from ltsa_desk.services.text import check_text
from ltsa_desk.services.tx import write
from ltsa_desk.services.versioning import check_version

NEEDS_REASON = (ItemStatus.REJECTED, ItemStatus.WAIVED)


@dataclass(frozen=True)
class DocumentDetails:
    """What the operator keys from the document; dates as typed (ISO or DD-MM-YYYY)."""

    number: str = ""
    issue_date: str = ""
    expiry_date: str = ""
    issuer: str = ""
    note: str = ""
    is_original: bool | None = None

    @classmethod
    def of(cls, item: RequirementItem) -> DocumentDetails:
        """The item's details as stored: what a status change or a partial update keeps."""
        return cls(
            number=item.number,
            issue_date=item.issue_date.isoformat() if item.issue_date else "",
            expiry_date=item.expiry_date.isoformat() if item.expiry_date else "",
            issuer=item.issuer,
            note=item.note,
            is_original=item.is_original,
        )


def _error(code: str, field_name: str, key: str, **params: str) -> Finding:
    return Finding.from_catalog(code, Severity.ERROR, field_name, key, **params)


def check_details(
    details: DocumentDetails, status: ItemStatus, reason: str, today: date
) -> tuple[dict[str, object], list[Finding]]:
    findings: list[Finding] = []
    values: dict[str, object] = {}
    for name, maximum in (("number", 80), ("issuer", 200)):
        value, found = check_text(getattr(details, name), name, max_length=maximum)
        values[name] = value
        findings.extend(found)
    note, found = check_text(details.note, "note", max_length=1000, multiline=True)
    values["note"] = note
    findings.extend(found)
    issued = check_date(details.issue_date, "issue_date", today=today, required=False)
    expires = check_date(
        details.expiry_date, "expiry_date", today=today, allow_future=True, required=False
    )
    findings.extend(issued.findings)
    findings.extend(expires.findings)
    if issued.value and expires.value and expires.value <= issued.value:
        findings.append(
            _error("item.expiry_before_issue", "expiry_date", "services.item_expiry_before_issue")
        )
    values["issue_date"] = issued.value
    values["expiry_date"] = expires.value
    values["is_original"] = details.is_original
    clean_reason, found = check_text(reason, "reason", max_length=500)
    findings.extend(found)
    if status in NEEDS_REASON and not clean_reason:
        findings.append(_error("item.reason", "reason", "services.item_reason_required"))
    values["reason"] = clean_reason if status in NEEDS_REASON else ""
    return values, findings


def record_document(
    db: Database,
    actor: Actor,
    item_id: uuid.UUID,
    status: ItemStatus | str,
    *,
    details: DocumentDetails | None = None,
    reason: str = "",
    expected_version: int | None = None,
    ruleset: Ruleset | None = None,
    today: date | None = None,
) -> tuple[RequirementItem, list[Finding]]:
    """Set an item's status and details; returns the item and its validity warnings."""
    require(actor, "record_document")
    try:
        new_status = ItemStatus(status)
    except ValueError:
        raise ValidationFailed(
            [
                _error(
                    "item.status",
                    "status",
                    "services.item_status",
                    allowed=", ".join(s.value for s in ItemStatus),
                )
            ]
        ) from None
    if new_status is ItemStatus.WAIVED and not actor.can("waive_item"):
        raise PermissionDenied(action="waive_item", role=str(actor.role), username=actor.username)
    day = today or clock.today()
    ruleset = ruleset or current_ruleset()
    with write(db) as session:
        item = session.get(RequirementItem, item_id)
        if item is None:
            raise NotFound(entity="requirement_item", key_value=str(item_id))
        check_version(session, item, expected_version, "requirement_item")
        # Statuses load from the database as plain strings: compare with ==, never "is".
        if item.status == ItemStatus.VERIFIED and not actor.can("correct_verified_item"):
            raise PermissionDenied(
                action="correct_verified_item", role=str(actor.role), username=actor.username
            )
        if not item.required:
            raise ValidationFailed(
                [_error("item.not_required", "status", "services.item_not_required")]
            )
        values, findings = check_details(details or DocumentDetails(), new_status, reason, day)
        if any(f.severity is Severity.ERROR for f in findings):
            raise ValidationFailed(findings)
        application = session.get(Application, item.application_id)
        assert application is not None
        before = {"status": item.status, **{name: getattr(item, name) for name in values}}
        for name, value in values.items():
            setattr(item, name, value)
        now = clock.now()
        if new_status != item.status:
            if (
                new_status in (ItemStatus.RECEIVED, ItemStatus.VERIFIED)
                and item.received_at is None
            ):
                item.received_at = now
            if new_status is ItemStatus.VERIFIED:
                item.verified_at = now
                item.verified_by = actor.operator_id
            elif new_status is ItemStatus.MISSING:
                item.received_at = None
                item.verified_at = None
                item.verified_by = None
        item.status = new_status
        item.updated_by = actor.operator_id
        session.add(item)
        changes = field_changes(before, {"status": new_status, **values})
        append_event(
            session,
            actor=actor,
            action="waive_item" if new_status is ItemStatus.WAIVED else "document.record",
            entity="requirement_item",
            entity_id=item.id,
            changes={"document_code": [item.document_code, item.document_code], **changes},
        )
        session.flush()
        refresh_status(session, application)
        return item, item_validity(ruleset, item, application, day)
