"""Bundles between two offices: merge by UUID, re-import, updates, conflicts, audit chains."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlmodel import col, select

from ltsa_desk.db.models import (
    Applicant,
    Application,
    AuditEvent,
    Office,
    Operator,
    P3mi,
    RequirementItem,
    SyncConflict,
)
from ltsa_desk.services.audit import verify_chain
from ltsa_desk.services.auth import LoginFailed, authenticate
from ltsa_desk.services.errors import PermissionDenied
from ltsa_desk.sync import (
    get_conflict,
    import_bundle,
    list_conflicts,
    resolve_conflict,
    sync_status,
)
from tests.conftest import PASSWORDS
from tests.unit.sync.conftest import Desk
from tests.unit.sync.helpers import (
    edit,
    export,
    fingerprint,
    open_plan,
    register,
    register_cilacap,
)


def _chains_hold(desk: Desk) -> bool:
    with desk.db.read() as session:
        return verify_chain(session) == []


def _applicant(desk: Desk, applicant_id: object) -> Applicant:
    with desk.db.read() as session:
        found = session.get(Applicant, applicant_id)
        assert found is not None
        return found


def test_a_bundle_carries_records_and_audit_into_the_other_office(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    applicant = register_cilacap(other)
    application = open_plan(other, applicant)
    report = export(other, tmp_path)
    assert report.sequence == 1 and report.path.name == "ltsa-sync-CILACAP-000001.zip"
    assert report.counts["applicant"] == 1 and report.counts["application"] == 1
    with zipfile.ZipFile(report.path) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["office"]["code"] == "CILACAP" and manifest["sequence"] == 1
    assert manifest["parts"]["applicant"]["rows"] == 1
    assert len(manifest["parts"]["audit_event"]["sha256"]) == 64

    imported = import_bundle(home.db, home.supervisor, report.path)
    assert imported.inserted["applicant"] == 1 and imported.conflicts == 0
    with home.db.read() as session:
        copy = session.get(Application, application.id)
        assert copy is not None and copy.registration_number == application.registration_number
        assert copy.version == application.version
        items = session.exec(
            select(RequirementItem).where(col(RequirementItem.application_id) == application.id)
        ).all()
        assert len(items) > 5
        theirs = session.exec(
            select(AuditEvent).where(col(AuditEvent.office_id) == other.admin.office_id)
        ).all()
    assert {e.action for e in theirs} >= {"applicant.register", "application.open", "sync.export"}
    assert _chains_hold(home)
    # Their operators arrive as inactive stubs that cannot log in, under a distinct name.
    with home.db.read() as session:
        stub = session.get(Operator, other.operator.operator_id)
    assert stub is not None and stub.username == "operator@CILACAP" and not stub.active
    with pytest.raises(LoginFailed):
        authenticate(home.db, "operator@CILACAP", PASSWORDS["operator"])
    assert (
        authenticate(home.db, "operator", PASSWORDS["operator"]).office_id == home.admin.office_id
    )


def test_importing_the_same_bundle_again_changes_nothing(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    open_plan(other, register_cilacap(other))
    path = export(other, tmp_path).path
    import_bundle(home.db, home.supervisor, path)
    before = fingerprint(home.db)
    again = import_bundle(home.db, home.supervisor, path)
    assert again.already_imported
    assert fingerprint(home.db) == before


def test_later_bundles_carry_only_changes_and_update_the_copy(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    applicant = register_cilacap(other)
    import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    edit(other, applicant.id, phone="0813-1111-2222")
    second = export(other, tmp_path)
    assert second.sequence == 2
    assert second.counts == {
        "office": 0,
        "operator": 0,
        "p3mi": 0,
        "applicant": 1,
        "application": 0,
        "requirement_item": 0,
    }
    report = import_bundle(home.db, home.supervisor, second.path)
    assert report.updated == {"applicant": 1} and report.conflicts == 0
    copy = _applicant(home, applicant.id)
    assert copy.phone == "+6281311112222"
    assert copy.version == _applicant(other, applicant.id).version
    assert _chains_hold(home)


def test_status_is_honest_about_what_has_not_left(home: Desk, other: Desk, tmp_path: Path) -> None:
    applicant = register_cilacap(other)
    status = sync_status(other.db, other.admin.office_id)
    assert status.pending == {"p3mi": 0, "applicant": 1, "application": 0, "requirement_item": 0}
    assert status.last_export is None and status.pending_audit_events > 0
    export(other, tmp_path)
    status = sync_status(other.db, other.admin.office_id)
    assert status.pending_records == 0 and status.pending_audit_events == 0
    assert status.last_export is not None and status.last_export.sequence == 1
    edit(other, applicant.id, phone="0813-1111-2222")
    assert sync_status(other.db, other.admin.office_id).pending["applicant"] == 1

    import_bundle(home.db, home.supervisor, other.db and tmp_path / "ltsa-sync-CILACAP-000001.zip")
    mine = sync_status(home.db, home.admin.office_id)
    assert mine.last_imports[0].office_code == "CILACAP" and mine.last_imports[0].sequence == 1
    # Received records wait to be passed on, and are told apart from the office's own work.
    assert mine.pending["applicant"] == 1 and mine.pending_received == 1


def test_a_record_edited_in_both_offices_becomes_a_conflict_for_a_supervisor(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    applicant = register_cilacap(other)
    import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    edit(home, applicant.id, phone="0811-0000-1111", notes="dikoreksi di provinsi")
    edit(other, applicant.id, phone="0822-0000-2222")
    report = import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    assert report.conflicts == 1 and report.updated == {}
    assert _applicant(home, applicant.id).phone == "+6281100001111"  # nothing overwritten

    [conflict] = list_conflicts(home.db, home.operator)
    assert conflict.kind == "edited_apart" and conflict.source_office_code == "CILACAP"
    fields = {d.name: (d.local, d.remote) for d in conflict.differences}
    assert fields["phone"] == ("+6281100001111", "+6282200002222")
    assert fields["notes"] == ("dikoreksi di provinsi", "")
    with pytest.raises(PermissionDenied):
        resolve_conflict(home.db, home.operator, conflict.id, "remote")

    resolved = resolve_conflict(home.db, home.supervisor, conflict.id, "remote")
    assert resolved.resolution == "remote" and resolved.resolved_at is not None
    kept = _applicant(home, applicant.id)
    assert kept.phone == "+6282200002222" and kept.updated_by == home.supervisor.operator_id
    assert list_conflicts(home.db, home.operator) == []
    with home.db.read() as session:
        event = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "sync.conflict_resolve")
        ).one()
    assert event.changes["keep"] == [None, "remote"]
    assert _chains_hold(home)

    # The other office takes the supervisor's choice as a plain update: no conflict there.
    back = import_bundle(other.db, other.supervisor, export(home, tmp_path).path)
    assert back.conflicts == 0 and back.updated.get("applicant") == 1
    assert _applicant(other, applicant.id).phone == "+6282200002222"
    assert _chains_hold(other)


def test_keeping_the_local_version_reaches_the_other_office_too(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    applicant = register_cilacap(other)
    import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    edit(home, applicant.id, phone="0811-0000-1111")
    edit(other, applicant.id, phone="0822-0000-2222")
    import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    [conflict] = list_conflicts(home.db, home.supervisor)
    resolve_conflict(home.db, home.supervisor, conflict.id, "local", expected_version=1)
    assert get_conflict(home.db, home.supervisor, conflict.id).resolution == "local"
    assert _applicant(home, applicant.id).phone == "+6281100001111"
    back = import_bundle(other.db, other.supervisor, export(home, tmp_path).path)
    assert back.conflicts == 0
    assert _applicant(other, applicant.id).phone == "+6281100001111"
    # And the round trip is quiet: nothing left to disagree on.
    again = import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    assert again.conflicts == 0 and again.updated == {}


def test_the_same_person_registered_in_both_offices_is_linked_not_duplicated(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    ours = register(home, nik="3301014203960001", full_name="Ani Lestari")
    theirs = register_cilacap(other, phone="0857-1234-5678")
    their_plan = open_plan(other, theirs, licence="SIP3MI-7/2025")
    mine_p3mi_plan = open_plan(home, ours, licence="SIP3MI-7/2025")
    report = import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    assert report.inserted.get("applicant") is None and report.conflicts == 1
    with home.db.read() as session:
        assert len(session.exec(select(Applicant)).all()) == 1
        assert len(session.exec(select(P3mi)).all()) == 1
        copy = session.get(Application, their_plan.id)
        assert copy is not None and copy.applicant_id == ours.id
        assert copy.p3mi_id == mine_p3mi_plan.p3mi_id
    [conflict] = list_conflicts(home.db, home.supervisor)
    assert conflict.kind == "same_key" and conflict.record_id == ours.id
    resolve_conflict(home.db, home.supervisor, conflict.id, "remote")
    merged = _applicant(home, ours.id)
    assert merged.phone == "+6285712345678" and merged.office_id == home.admin.office_id
    # Their next edit of the person attaches to our record (as a new conflict, never a copy).
    edit(other, theirs.id, notes="catatan baru")
    later = import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    assert later.inserted == {} and later.conflicts == 1
    assert _chains_hold(home)


def test_a_province_forwards_district_records_to_the_centre(
    home: Desk, other: Desk, open_office: object, tmp_path: Path
) -> None:
    centre = open_office("PROVINSI")  # type: ignore[operator]
    applicant = register_cilacap(other)
    import_bundle(home.db, home.supervisor, export(other, tmp_path / "d").path)
    forwarded = export(home, tmp_path / "p")
    assert forwarded.counts["applicant"] == 1
    report = import_bundle(centre.db, centre.supervisor, forwarded.path)
    assert report.inserted["applicant"] == 1
    assert _applicant(centre, applicant.id).full_name == "Ani Lestari"
    with centre.db.read() as session:
        offices = {
            e.office_id for e in session.exec(select(AuditEvent)).all() if e.office_id is not None
        }
    assert {other.admin.office_id, home.admin.office_id} <= offices
    assert _chains_hold(centre)
    with centre.db.read() as session:
        stub = session.get(Operator, other.operator.operator_id)
    assert stub is not None and stub.username == "operator@CILACAP"  # not "…@CILACAP@KEBUMEN"
    # The district's own bundle reaching the centre later adds nothing twice.
    direct = import_bundle(
        centre.db, centre.supervisor, tmp_path / "d" / "ltsa-sync-CILACAP-000001.zip"
    )
    assert direct.inserted.get("applicant") is None and direct.audit_events == 0
    assert _chains_hold(centre)


def test_a_late_receiver_gets_everything_with_since(
    home: Desk, other: Desk, open_office: object, tmp_path: Path
) -> None:
    centre = open_office("PROVINSI")  # type: ignore[operator]
    applicant = register_cilacap(other)
    export(other, tmp_path)
    edit(other, applicant.id, phone="0813-1111-2222")
    export(other, tmp_path)
    register_cilacap(
        other, nik="3301015508990002", full_name="Dewi Sartika", birth_date="1999-08-15"
    )
    third = export(other, tmp_path)
    from ltsa_desk.sync import BundleRejected

    with pytest.raises(BundleRejected) as caught:
        import_bundle(centre.db, centre.supervisor, third.path)
    assert caught.value.reason == "out_of_sequence"
    assert "--since 1" in caught.value.message("en")
    resend = export(other, tmp_path, since=1)
    assert resend.sequence == 4 and resend.since == 1 and resend.counts["applicant"] == 2
    report = import_bundle(centre.db, centre.supervisor, resend.path)
    assert report.inserted["applicant"] == 2
    assert _applicant(centre, applicant.id).phone == "+6281311112222"
    assert _chains_hold(centre)
    with pytest.raises(BundleRejected) as older:
        import_bundle(centre.db, centre.supervisor, third.path)
    assert older.value.reason == "superseded"


def test_a_bundle_never_changes_this_offices_own_operators(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    import_bundle(other.db, other.supervisor, export(home, tmp_path).path)
    import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    # Home's operators went to CILACAP and came back inside CILACAP's bundle: untouched here.
    with home.db.read() as session:
        mine = session.exec(
            select(Operator).where(col(Operator.office_id) == home.admin.office_id)
        ).all()
    assert sorted(o.username for o in mine) == ["admin", "operator", "supervisor"]
    assert all(o.active for o in mine)
    with home.db.read() as session:
        assert session.exec(select(SyncConflict)).all() == []


def test_events_received_and_deleted_afterwards_are_found(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    """The heads of the chains a bundle brought are kept outside the database too."""
    from sqlalchemy import delete, func

    from ltsa_desk.services.audit_anchor import check_anchors, read_anchors

    register_cilacap(other)
    import_bundle(home.db, home.supervisor, export(other, tmp_path).path)
    with other.db.read() as session:
        cilacap = session.exec(select(Office).where(col(Office.code) == "CILACAP")).one()
    events = AuditEvent.__table__  # type: ignore[attr-defined]
    with home.db.engine.begin() as conn:
        top = conn.execute(
            select(func.max(events.c.seq)).where(events.c.office_id == cilacap.id)
        ).scalar_one()
        conn.execute(delete(events).where(events.c.office_id == cilacap.id, events.c.seq == top))
    with home.db.read() as session:
        found = check_anchors(session, read_anchors(home.db))
    assert [(b.office_id, b.seq, b.reason) for b in found] == [(cilacap.id, top, "tail")]
