"""Typing ahead of the screen: a whole intake typed with no pause between keys saves exactly
what was typed (issue: pickers dropped or misrouted keys while the form was still loading)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from ltsa_desk.db.models import Applicant, Application, P3mi
from ltsa_desk.services.offices import add_p3mi
from screens.checklist import ChecklistScreen
from tests.conftest import TODAY
from tests.tui.conftest import SIZE, keys, login, settle, text, type_ahead

NIK = "3305014203960001"  # woman born 02-03-1996, Kec. Ayah, Kab. Kebumen
DEPARTURE = TODAY + timedelta(days=90)


#: What the intake below types, as saved (phones in international form).
APPLICANT = {
    "nik": NIK,
    "full_name": "Siti Rahayu",
    "birth_place": "Kebumen",
    "birth_date": date(1996, 3, 2),
    "sex": "P",
    "marital_status": "married",
    "religion": "Islam",
    "kk_number": "3305010101960003",
    "passport_number": "C1234567",
    "passport_name": "SITI RAHAYU",
    "phone": "+6281234567890",
    "email": "",
    "address_line": "Dusun Krajan RT 01 RW 02",
    "village_code": "33.05.01.2001",
    "father_name": "Karto",
    "mother_name": "Sumiyati",
    "spouse_name": "Slamet",
    "emergency_name": "Slamet",
    "emergency_relation": "suami",
    "emergency_phone": "+6281298765432",
    "education": "smp",
    "notes": "",
}
PLAN = {
    "scheme": "p2p",
    "destination": "HK",
    "programme": "",
    "sector": "domestic",
    "job": "Penata laksana rumah tangga",
    "job_order_number": "JO-2026-001",
    "employer_name": "Chan Tai Man",
    "contract_name": "SITI RAHAYU",
    "planned_departure": DEPARTURE,
}


def intake_keys(*, carried: bool = True) -> list[tuple[str, str | None]]:
    """The NIK searched for on the home screen, F2, then every field in reading order, as an
    operator types it. ``carried=False`` is the same intake before the form carried values
    from one field to another (the NIK typed again, names typed twice)."""

    def field(value: str, leave: str = "tab") -> list[tuple[str, str | None]]:
        return [*text(value), *keys(leave)]

    skip = keys("tab")

    def again(value: str) -> list[tuple[str, str | None]]:
        """A value the form now offers (Tab keeps it); before, it was typed again."""
        return skip if carried else field(value)

    return [
        *text(NIK),  # searched for first: is this person registered already?
        *keys("f2"),
        *([] if carried else field(NIK)),
        *field("Siti Rahayu"),
        *field("Kebumen"),
        *skip,  # birth date: read from the NIK
        *skip,  # sex: read from the NIK
        *field("kawin", "enter"),
        *field("Islam"),
        *field("3305010101960003"),
        *field("C1234567"),
        *again("SITI RAHAYU"),  # name in the passport: the KTP name
        *field("081234567890"),
        *skip,  # e-mail
        *field("Dusun Krajan RT 01 RW 02"),
        *skip, *skip, *skip,  # province, regency, district: read from the NIK
        *field("Argopeni", "enter"),
        *field("Karto"),
        *field("Sumiyati"),
        *field("Slamet"),
        *again("Slamet"),  # emergency contact: the spouse
        *again("suami"),  # their relation: the husband of a married woman
        *field("081298765432"),
        *keys("down", "down", "enter"),  # education: the second entry, SMP
        *skip,  # notes
        *keys("down", "enter"),  # scheme: the first entry, P to P
        *field("HK"),
        *keys("enter"),  # programme: optional, left empty
        *keys("down", "down", "enter"),  # sector: the second entry, domestic work
        *field("Penata laksana rumah tangga"),
        *field("Contoh", "enter"),  # P3MI: looked up in the database by a worker
        *field("JO-2026-001"),
        *field("Chan Tai Man"),
        *again("SITI RAHAYU"),  # name in the contract: the passport name
        *text(DEPARTURE.strftime("%d%m%Y")),  # eight digits, no separators
        *keys("f10"),
    ]  # fmt: skip


def counted(strokes: list[tuple[str, str | None]]) -> tuple[int, int]:
    """(data keys, navigation keys): characters typed, and Tab, Enter, arrows, F-keys."""
    data = sum(1 for _key, char in strokes if char is not None)
    return data, len(strokes) - data


def test_the_form_carries_what_was_typed_and_saves_keys() -> None:
    before, after = counted(intake_keys(carried=False)), counted(intake_keys())
    assert before == (258, 41)
    assert after == (209, 40)


@pytest.mark.parametrize("delivery", ["burst", "pilot.press"])
async def test_a_whole_intake_typed_without_pauses_saves_what_was_typed(
    make_app, db, admin, delivery: str
) -> None:
    """``burst`` queues every key at once; ``pilot.press`` hands them over in one call, as a
    terminal would, letting the App go idle between keys but never waiting for a worker."""
    add_p3mi(db, admin, name="PT Contoh Jaya", licence_number="SIP3MI-9/2024")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        if delivery == "burst":
            type_ahead(pilot, intake_keys())
        else:
            await pilot.press(*(key for key, _char in intake_keys()))
        for _ in range(60):
            await settle(pilot)
            if isinstance(app.screen, ChecklistScreen) and not app.keys_waiting:
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, ChecklistScreen), app.screen
    with db.read() as session:
        applicant = session.exec(select(Applicant)).one()
        application = session.exec(select(Application)).one()
        p3mi = session.exec(select(P3mi)).one()
    saved = {name: getattr(applicant, name) for name in APPLICANT}
    saved |= {name: getattr(application, name) for name in PLAN}
    assert saved == APPLICANT | PLAN
    assert application.p3mi_id == p3mi.id


if __name__ == "__main__":
    for label, carried in (("before", False), ("after", True)):
        data, navigation = counted(intake_keys(carried=carried))
        print(f"{label}: {data} data keys, {navigation} navigation keys")
