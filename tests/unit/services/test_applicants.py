"""Registering and updating applicants: checks, search-before-create, overrides, concurrency."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, AuditEvent
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import (
    as_input,
    get_applicant,
    preview_applicant,
    register_applicant,
    update_applicant,
)
from ltsa_desk.services.errors import StaleRecord, ValidationFailed
from tests.conftest import TODAY
from tests.unit.services.helpers import NIK_SITI, siti


def _count(db: Database, model: type) -> int:
    with db.read() as session:
        return len(session.exec(select(model)).all())


def test_register_stores_cleaned_values_and_audits(db: Database, operator: Actor) -> None:
    applicant = register_applicant(db, operator, siti(nik="3305 0142 0396 0001"), today=TODAY)
    stored = get_applicant(db, applicant.id)
    assert stored.nik == NIK_SITI
    assert stored.phone == "+6281234567890"
    assert stored.name_key == "siti rahayu"
    with db.read() as session:
        event = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "applicant.register")
        ).one()
    assert event.operator_id == operator.operator_id
    assert event.changes["full_name"] == [None, "Siti Rahayu"]
    assert NIK_SITI not in str(event.changes)  # masked in the trail


def test_same_nik_is_refused_and_names_the_existing_record(db: Database, operator: Actor) -> None:
    first = register_applicant(db, operator, siti(), today=TODAY)
    with pytest.raises(ValidationFailed) as caught:
        register_applicant(db, operator, siti(full_name="Siti Rahayu Dua"), today=TODAY)
    codes = {f.code: f for f in caught.value.findings}
    assert codes["applicant.nik_exists"].params["applicant_id"] == str(first.id)
    assert _count(db, Applicant) == 1


def test_nik_birth_date_mismatch_needs_a_reason(db: Database, operator: Actor) -> None:
    data = siti(birth_date="1996-03-03")
    with pytest.raises(ValidationFailed) as caught:
        register_applicant(db, operator, data, today=TODAY)
    assert caught.value.errors == []
    codes = [f.code for f in caught.value.findings]
    assert _count(db, Applicant) == 0
    overrides = dict.fromkeys(codes, "Tanggal lahir di akta lahir benar")
    applicant = register_applicant(db, operator, data, overrides=overrides, today=TODAY)
    assert set(applicant.acknowledged) == set(codes)


def test_possible_duplicate_by_name_and_birth_date(db: Database, operator: Actor) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    twin = siti(nik="3305014203960002", full_name="Siti Rahayu ", phone="")
    findings = preview_applicant(db, operator, twin, today=TODAY)
    assert "applicant.possible_duplicate" in {f.code for f in findings}
    with pytest.raises(ValidationFailed):
        register_applicant(db, operator, twin, today=TODAY)
    register_applicant(
        db,
        operator,
        twin,
        overrides={"applicant.possible_duplicate": "Saudara kembar, KK sama"},
        today=TODAY,
    )
    assert _count(db, Applicant) == 2


def test_a_duplicate_is_found_among_hundreds_born_the_same_day(
    db: Database, operator: Actor
) -> None:
    """Ten years of records put hundreds of people on one birth date; none may be skipped."""
    first = register_applicant(db, operator, siti(), today=TODAY)
    with db.transaction() as session:
        stored = session.get(Applicant, first.id)
        assert stored is not None
        template = stored.model_dump()
        stored.full_name, stored.name_key = "Orang Ke 1", "orang ke 1"
        # The namesake is registered last, after 398 others born the same day.
        people = [(f"Orang Ke {n}", f"330501420396{n:04d}") for n in range(2, 400)]
        people.append(("Zulaikha Rahmawati", "3305014203960400"))
        for full_name, nik in people:
            session.add(
                Applicant(
                    **template
                    | {
                        "id": uuid.uuid4(),
                        "nik": nik,
                        "full_name": full_name,
                        "name_key": full_name.lower(),
                    }
                )
            )
            session.flush()
    twin = siti(nik="3305014203969999", full_name="Zulaikha Rahmawaty", phone="")
    findings = preview_applicant(db, operator, twin, today=TODAY)
    duplicates = [f for f in findings if f.code == "applicant.possible_duplicate"]
    assert len(duplicates) == 1 and duplicates[0].params["name"] == "Zulaikha Rahmawati"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", "[bold]Siti[/bold]"),
        ("full_name", "Siti\x1b[31mRahayu"),
        ("full_name", ""),
        ("nik", "33050142039600"),
        ("sex", "X"),
        ("marital_status", "complicated"),
        ("birth_date", "31-02-1996"),
        ("village_code", "99.99.99.9999"),
        ("notes", "ok\x00hidden"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    db: Database, operator: Actor, field: str, value: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        register_applicant(db, operator, siti(**{field: value}), today=TODAY)
    assert field in {f.field for f in caught.value.errors}
    assert all(f.message_id and f.message_en for f in caught.value.findings)
    assert _count(db, Applicant) == 0


def test_markup_in_free_text_is_kept_literally(db: Database, operator: Actor) -> None:
    applicant = register_applicant(
        db, operator, siti(notes="[@click=app.quit]klik[/] [bold]x"), today=TODAY
    )
    assert get_applicant(db, applicant.id).notes == "[@click=app.quit]klik[/] [bold]x"


def test_stale_update_is_refused_with_who_and_when(
    db: Database, operator: Actor, supervisor: Actor
) -> None:
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    read_version = applicant.version
    update_applicant(
        db,
        supervisor,
        applicant.id,
        as_input(applicant).model_copy(update={"phone": "081298765432"}),
        expected_version=read_version,
        today=TODAY,
    )
    with pytest.raises(StaleRecord) as caught:
        update_applicant(
            db,
            operator,
            applicant.id,
            as_input(applicant).model_copy(update={"birth_place": "Cilacap"}),
            expected_version=read_version,
            today=TODAY,
        )
    assert "Sri Supervisor" in caught.value.message("id")
    stored = get_applicant(db, applicant.id)
    assert stored.phone == "+6281298765432"
    assert stored.birth_place == "Kebumen"


def test_update_records_only_changed_fields(db: Database, operator: Actor) -> None:
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    update_applicant(
        db,
        operator,
        applicant.id,
        as_input(applicant).model_copy(update={"birth_place": "Cilacap"}),
        expected_version=applicant.version,
        today=TODAY,
    )
    with db.read() as session:
        event = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "applicant.update")
        ).one()
    assert event.changes == {"birth_place": ["Kebumen", "Cilacap"]}
