"""Closing a day: who may, once only, an audit event, and later edits flagged in the recap.

These run on the real calendar day: the audit trail's timestamps are the real clock's.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent
from ltsa_desk.reports import Period, compute_recap
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import as_input, update_applicant
from ltsa_desk.services.audit import verify_chain
from ltsa_desk.services.dayclose import DayAlreadyClosed, DayInFuture, close_day
from ltsa_desk.services.errors import PermissionDenied
from ltsa_desk.services.offices import add_p3mi
from tests.conftest import TODAY, at, travel
from tests.unit.reports.builders import person, plan, record


def test_only_a_supervisor_closes_a_day_once(
    db: Database, operator: Actor, supervisor: Actor
) -> None:
    today = TODAY
    person(db, operator, 1)
    with pytest.raises(PermissionDenied):
        close_day(db, operator, today)
    with pytest.raises(DayInFuture):
        close_day(db, supervisor, today + timedelta(days=1))
    close = close_day(db, supervisor, today, note="Semua berkas dicek")
    assert close.figures["registered"] == 1
    assert close.starts_at < close.closed_at < close.ends_at
    with pytest.raises(DayAlreadyClosed) as refused:
        close_day(db, supervisor, today)
    assert "Sri Supervisor" in refused.value.message("id")
    with db.read() as session:
        event = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "day.close")).one()
        assert event.operator_id == supervisor.operator_id
        assert event.changes["figures"][1]["registered"] == 1
        assert event.changes["service_date"][1] == today.isoformat()
        assert verify_chain(session) == []


def test_changes_after_the_close_are_counted_for_the_closed_day(
    db: Database, admin: Actor, operator: Actor, supervisor: Actor
) -> None:
    today = TODAY
    p3mi = add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024").id
    siti = person(db, operator, 1, name="Siti Rahayu")
    application = plan(db, operator, siti, p3mi)
    record(db, operator, application, "paspor", "received")
    close_day(db, supervisor, today)
    [close] = compute_recap(db, operator, Period.day(today)).closes
    assert (close.day, close.flagged, close.earlier) == (today, False, False)

    update_applicant(
        db,
        operator,
        siti.id,
        as_input(siti).model_copy(update={"full_name": "Siti Rahayu Ningsih"}),
        expected_version=siti.version,
    )
    person(db, operator, 2, name="Datang Terlambat")
    # Verified later the same day: the closed day's "verified" figure changes.
    record(db, supervisor, application, "paspor", "verified")
    recap = compute_recap(db, operator, Period.day(today))
    [close] = recap.flagged_closes
    assert (close.edited_after_close, close.added_after_close) == (2, 1)
    assert close.figures["registered"] == 1
    assert recap.registered == 2  # the figures now, beside those signed


def test_the_next_recap_flags_edits_to_an_earlier_closed_day(
    db: Database, admin: Actor, operator: Actor, supervisor: Actor
) -> None:
    today = TODAY
    yesterday = today - timedelta(days=1)
    with travel(at(yesterday, 15)):
        p3mi = add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024").id
        application = plan(db, operator, person(db, operator, 1), p3mi)
        record(db, operator, application, "paspor", "received")
        record(db, operator, application, "ktp_el", "received")
    with travel(at(yesterday, 17)):
        close_day(db, supervisor, yesterday)

    # Verifying on a later day what was received is the normal next step: not flagged.
    record(db, supervisor, application, "paspor", "verified")
    assert compute_recap(db, operator, Period.day(today)).flagged_closes == ()
    record(db, supervisor, application, "ktp_el", "rejected")
    [close] = compute_recap(db, operator, Period.day(today)).flagged_closes
    assert (close.day, close.earlier, close.edited_after_close) == (yesterday, True, 1)
    # Re-reading the closed day itself counts every change since its close.
    [own] = compute_recap(db, operator, Period.day(yesterday)).closes
    assert (own.earlier, own.edited_after_close, own.added_after_close) == (False, 1, 0)
    # A recap of a later period, after the edit, no longer reports it as new.
    assert compute_recap(db, operator, Period.day(today + timedelta(days=1))).closes == ()
