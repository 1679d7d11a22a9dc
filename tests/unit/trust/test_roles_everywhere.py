"""Every mutating service, called as every role: refused exactly where the role falls short."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import ItemStatus, Role
from ltsa_desk.services import (
    applicants,
    applications,
    auth,
    documents,
    offices,
    queue,
)
from ltsa_desk.services.access import RANK, Actor
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.errors import PermissionDenied, ServiceError
from ltsa_desk.services.imports import import_applicants
from tests.conftest import TODAY
from tests.unit.services.helpers import budi, hk_domestic, siti

Call = Callable[[Database, Actor, dict[str, uuid.UUID]], object]

SERVICES: dict[str, tuple[Role, Call]] = {
    "register_applicant": (
        Role.OPERATOR,
        lambda db, a, ids: applicants.register_applicant(
            db,
            a,
            budi(),
            today=TODAY,
        ),
    ),
    "update_applicant": (
        Role.OPERATOR,
        lambda db, a, ids: applicants.update_applicant(
            db, a, ids["applicant"], siti(birth_place="Cilacap"), expected_version=None, today=TODAY
        ),
    ),
    "open_application": (
        Role.OPERATOR,
        lambda db, a, ids: applications.open_application(
            db, a, ids["applicant"], hk_domestic(p3mi_id=str(ids["p3mi"])), today=TODAY
        ),
    ),
    "apply_reevaluation": (
        Role.OPERATOR,
        lambda db, a, ids: applications.apply_reevaluation(
            db, a, ids["application"], expected_version=None, today=TODAY
        ),
    ),
    "record_document": (
        Role.OPERATOR,
        lambda db, a, ids: documents.record_document(
            db, a, ids["item"], ItemStatus.RECEIVED, today=TODAY
        ),
    ),
    "waive_item": (
        Role.SUPERVISOR,
        lambda db, a, ids: documents.record_document(
            db, a, ids["item"], ItemStatus.WAIVED, reason="Surat Kadis", today=TODAY
        ),
    ),
    "issue_ticket": (Role.OPERATOR, lambda db, a, ids: queue.issue_ticket(db, a, "kesehatan")),
    "import_applicants": (
        Role.OPERATOR,
        lambda db, a, ids: import_applicants(db, a, "nik,full_name\n", today=TODAY),
    ),
    "create_operator": (
        Role.ADMIN,
        lambda db, a, ids: auth.create_operator(
            db, a, username="baru", full_name="Baru", role=Role.OPERATOR, password="long-enough"
        ),
    ),
    "disable_operator": (
        Role.ADMIN,
        lambda db, a, ids: auth.set_operator_active(db, a, "operator", active=False),
    ),
    "reset_password": (
        Role.ADMIN,
        lambda db, a, ids: auth.reset_password(db, a, "operator", "another-pass"),
    ),
    "add_p3mi": (
        Role.ADMIN,
        lambda db, a, ids: offices.add_p3mi(db, a, name="PT Baru", licence_number="SIP3MI-77"),
    ),
}


@pytest.fixture
def ids(db: Database, admin: Actor, operator: Actor) -> dict[str, uuid.UUID]:
    p3mi = offices.add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024")
    applicant = applicants.register_applicant(db, operator, siti(), today=TODAY)
    application = applications.open_application(
        db, operator, applicant.id, hk_domestic(p3mi_id=str(p3mi.id)), today=TODAY
    )
    item = load_items(db, application.id)[0]
    return {
        "p3mi": p3mi.id,
        "applicant": applicant.id,
        "application": application.id,
        "item": item.id,
    }


@pytest.mark.parametrize("service", sorted(SERVICES))
@pytest.mark.parametrize("role", list(Role))
def test_service_as_role(
    db: Database, admin: Actor, ids: dict[str, uuid.UUID], service: str, role: Role
) -> None:
    needed, call = SERVICES[service]
    actor = replace(admin, role=role)
    if RANK[role] >= RANK[needed]:
        try:
            call(db, actor, ids)
        except PermissionDenied:  # pragma: no cover - the assertion below explains
            pytest.fail(f"{role} was refused {service}")
        except ServiceError:
            pass  # allowed, but refused on its data (e.g. the second open of a plan)
    else:
        with pytest.raises(PermissionDenied):
            call(db, actor, ids)
