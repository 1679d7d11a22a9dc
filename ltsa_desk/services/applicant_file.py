"""An applicant's file as the desk opens it: the person, their placement plans with how far each
checklist is, and the P3MI of each plan. Read-only, one session."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application, ItemStatus, P3mi, RequirementItem
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.errors import NotFound

DONE = (ItemStatus.VERIFIED, ItemStatus.WAIVED)


@dataclass(frozen=True)
class PlanSummary:
    application: Application
    p3mi: P3mi | None
    total: int
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class ApplicantFile:
    applicant: Applicant
    #: Oldest first; the last one is the plan a returning applicant usually continues.
    plans: list[PlanSummary] = field(default_factory=list)

    @property
    def latest(self) -> PlanSummary | None:
        return self.plans[-1] if self.plans else None


def load_file(db: Database, actor: Actor, applicant_id: uuid.UUID) -> ApplicantFile:
    require(actor, "view_records")
    with db.read() as session:
        applicant = session.get(Applicant, applicant_id)
        if applicant is None:
            raise NotFound(entity="applicant", key_value=str(applicant_id))
        applications = list(
            session.exec(
                select(Application)
                .where(col(Application.applicant_id) == applicant_id)
                .order_by(col(Application.created_at))
            )
        )
        counts: dict[uuid.UUID, tuple[int, int]] = {}
        if applications:
            rows = session.exec(
                select(RequirementItem.application_id, RequirementItem.status, func.count())
                .where(
                    col(RequirementItem.application_id).in_([a.id for a in applications]),
                    col(RequirementItem.required).is_(True),
                )
                .group_by(col(RequirementItem.application_id), col(RequirementItem.status))
            ).all()
            for application_id, status, count in rows:
                total, done = counts.get(application_id, (0, 0))
                counts[application_id] = (total + count, done + (count if status in DONE else 0))
        plans = [
            PlanSummary(
                application=application,
                p3mi=session.get(P3mi, application.p3mi_id) if application.p3mi_id else None,
                total=counts.get(application.id, (0, 0))[0],
                done=counts.get(application.id, (0, 0))[1],
            )
            for application in applications
        ]
        return ApplicantFile(applicant, plans)


def applicant_names(
    db: Database, actor: Actor, applicant_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Full names for a bounded list of applicants (queue tickets show who holds them)."""
    require(actor, "view_records")
    if not applicant_ids:
        return {}
    with db.read() as session:
        rows = session.exec(
            select(Applicant.id, Applicant.full_name).where(col(Applicant.id).in_(applicant_ids))
        ).all()
        return {row[0]: row[1] for row in rows}
