"""The desk's read services: today's figures, an applicant's file and history, plan preview."""

from __future__ import annotations

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicant_file import applicant_names, load_file
from ltsa_desk.services.checklist import load_items
from ltsa_desk.services.documents import record_document
from ltsa_desk.services.history import applicant_history, by_visit
from ltsa_desk.services.plan_preview import preview_plan
from ltsa_desk.services.summary import desk_summary
from tests.conftest import TODAY
from tests.unit.services.helpers import hk_domestic, siti


@pytest.fixture
def siti_with_plan(db: Database, operator: Actor, admin: Actor):  # type: ignore[no-untyped-def]
    from ltsa_desk.services.applicants import register_applicant
    from ltsa_desk.services.applications import open_application
    from ltsa_desk.services.offices import add_p3mi

    p3mi = add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024")
    person = register_applicant(db, operator, siti(), today=TODAY)
    plan = open_application(db, operator, person.id, hk_domestic(p3mi_id=str(p3mi.id)), today=TODAY)
    return person, plan


def test_summary_counts_this_office_today(db, operator, siti_with_plan) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    summary = desk_summary(db, operator)  # registered just now: the real today
    assert (summary.registered_today, summary.complete_today, summary.waiting_documents) == (
        1,
        0,
        1,
    )
    assert desk_summary(db, operator, today=date(2001, 1, 1)).registered_today == 0


def test_file_and_history_of_a_returning_applicant(db, operator, siti_with_plan) -> None:  # type: ignore[no-untyped-def]
    person, plan = siti_with_plan
    item = load_items(db, plan.id)[0]
    record_document(db, operator, item.id, "received", today=TODAY)
    file = load_file(db, operator, person.id)
    assert file.latest is not None and file.latest.application.id == plan.id
    assert file.latest.total == len(load_items(db, plan.id))
    assert file.latest.done == 0
    history = applicant_history(db, operator, person.id)
    assert [entry.action for entry in history] == [
        "document.record",
        "application.open",
        "applicant.register",
    ]
    assert history[0].subject_id == item.title_id
    assert history[0].operator == "Budi Operator"
    assert len(by_visit(history)) == 1
    assert applicant_names(db, operator, [person.id]) == {person.id: "Siti Rahayu"}


def test_plan_preview_checks_without_saving(db, operator) -> None:  # type: ignore[no-untyped-def]
    findings = preview_plan(db, operator, hk_domestic(), applicant=siti(), today=TODAY)
    assert "plan.p3mi_required" in {f.code for f in findings}
    findings = preview_plan(db, operator, hk_domestic(scheme=""), applicant=siti(), today=TODAY)
    assert "plan.scheme" in {f.code for f in findings}
