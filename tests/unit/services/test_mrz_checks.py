"""A passport's MRZ against the NIK, the record, the KTP name and the planned departure.

Birth date and sex are encoded in the NIK (PP 37/2007 Art. 37) and printed in the MRZ (ICAO
Doc 9303 part 4); OPP officers reject a passport whose name differs from the KTP; the passport's
remaining validity before departure is the ruleset's rule for ``paspor``.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from ltsa_desk.db.engine import Database
from ltsa_desk.findings import Severity
from ltsa_desk.identity.mrz import MrzResult, parse_mrz
from ltsa_desk.rules import Ruleset, load_ruleset
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from ltsa_desk.services.applications import open_application
from ltsa_desk.services.errors import NotFound
from ltsa_desk.services.mrz_checks import (
    KnownHolder,
    cross_check_mrz,
    cross_check_mrz_for_application,
)
from ltsa_desk.services.offices import add_p3mi
from tests.conftest import TODAY
from tests.unit.identity.mrz_specimens import ICAO_LINE1, ICAO_LINE2, td3
from tests.unit.services.helpers import DEPARTURE, NIK_SITI, hk_domestic, siti

SITI_BIRTH = date(1996, 3, 2)
SITI = KnownHolder(nik=NIK_SITI, full_name="Siti Rahayu", birth_date=SITI_BIRTH, sex="P")
#: Valid for years after any departure planned in the tests.
FAR = TODAY + timedelta(days=5 * 365)


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load_ruleset()


def _mrz(**fields: Any) -> MrzResult:
    defaults: dict[str, Any] = {
        "surname": "SITI RAHAYU",
        "birth": SITI_BIRTH,
        "sex": "F",
        "expiry": FAR,
    }
    return parse_mrz("\n".join(td3(**{**defaults, **fields})), today=TODAY)


def _codes(mrz: MrzResult, known: KnownHolder, ruleset: Ruleset) -> list[str]:
    return [f.code for f in cross_check_mrz(mrz, known, ruleset=ruleset, today=TODAY)]


def test_agreeing_passport_has_no_findings(ruleset: Ruleset) -> None:
    assert _codes(_mrz(), SITI, ruleset) == []


def test_birth_date_differs_from_nik_and_record(ruleset: Ruleset) -> None:
    findings = cross_check_mrz(_mrz(birth=date(1996, 3, 3)), SITI, ruleset=ruleset, today=TODAY)
    assert [f.code for f in findings] == ["mrz.birth_date_nik", "mrz.birth_date_record"]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert "03-03-1996" in findings[0].message_en and "02-03-1996" in findings[0].message_id


def test_record_typed_wrong_but_nik_agrees(ruleset: Ruleset) -> None:
    known = KnownHolder(nik=NIK_SITI, birth_date=date(1996, 2, 3), sex="L")
    assert _codes(_mrz(), known, ruleset) == ["mrz.birth_date_record", "mrz.sex_record"]


def test_sex_differs_from_nik(ruleset: Ruleset) -> None:
    findings = cross_check_mrz(
        _mrz(sex="M"), KnownHolder(nik=NIK_SITI), ruleset=ruleset, today=TODAY
    )
    assert [f.code for f in findings] == ["mrz.sex_nik"]
    assert "M/L" in findings[0].message_en and "F/P" in findings[0].message_en


def test_name_differing_from_the_ktp_is_the_name_rule(ruleset: Ruleset) -> None:
    findings = cross_check_mrz(_mrz(surname="SITI RAHAYUNI"), SITI, ruleset=ruleset, today=TODAY)
    (finding,) = findings
    assert finding.code == "name.mismatch" and finding.field == "passport"
    assert "SITI RAHAYUNI" in finding.message_en and "Siti Rahayu" in finding.message_en
    assert finding.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("ktp", "surname", "given_names"),
    [
        ("Suparmi", "SUPARMI", ""),  # single name in the primary identifier
        ("Budi Santoso", "SANTOSO", "BUDI"),  # surname first, as ICAO orders it
        ("Budi Santoso", "BUDI", "SANTOSO"),  # the other way round
        ("Hj. Siti Rahayu, S.Pd.", "SITI RAHAYU", ""),  # titles are not on the passport
        ("Ma'ruf Amin-Sholeh", "MARUF AMIN SHOLEH", ""),  # ICAO drops ' and turns - into <
        ("Désirée Putri", "DESIREE PUTRI", ""),  # and drops accents
    ],
)
def test_same_name_written_the_mrz_way(
    ruleset: Ruleset, ktp: str, surname: str, given_names: str
) -> None:
    mrz = _mrz(surname=surname, given_names=given_names)
    assert _codes(mrz, KnownHolder(full_name=ktp), ruleset) == []


def test_truncated_name_matches_the_ktp_it_starts(ruleset: Ruleset) -> None:
    mrz = _mrz(surname="RAHAYUNINGSIH", given_names="SITI NURHALIZA KARTIKASA")
    assert mrz.name_truncated
    full = KnownHolder(full_name="Siti Nurhaliza Kartikasari Rahayuningsih")
    assert _codes(mrz, full, ruleset) == []
    other = KnownHolder(full_name="Siti Nurhaliza Kartini Rahayuningsih")
    assert _codes(mrz, other, ruleset) == ["name.mismatch"]


def test_expiry_before_departure_uses_the_passport_validity_rule(ruleset: Ruleset) -> None:
    known = KnownHolder(planned_departure=DEPARTURE, destination="HK")
    findings = cross_check_mrz(
        _mrz(expiry=DEPARTURE + timedelta(days=30)), known, ruleset=ruleset, today=TODAY
    )
    assert [f.code for f in findings] == ["paspor_sisa_masa_berlaku"]
    assert findings[0].basis and findings[0].field == "expiry_date"
    assert _codes(_mrz(), known, ruleset) == []


def test_expired_passport(ruleset: Ruleset) -> None:
    assert "masa_berlaku_habis" in _codes(
        _mrz(expiry=TODAY - timedelta(days=1)), KnownHolder(), ruleset
    )


def test_foreign_passport_and_other_number(ruleset: Ruleset) -> None:
    mrz = _mrz(nationality="MYS", number="A7654321")
    known = KnownHolder(passport_number="c1234567")
    assert _codes(mrz, known, ruleset) == ["mrz.nationality", "mrz.passport_number_record"]
    assert _codes(_mrz(), known, ruleset) == []


def test_a_misread_zone_is_not_compared(ruleset: Ruleset) -> None:
    broken = parse_mrz(f"{ICAO_LINE1}\n{ICAO_LINE2[:-1]}9", today=TODAY)
    assert not broken.ok
    assert _codes(broken, SITI, ruleset) == []


def test_against_a_stored_application(
    db: Database, admin: Actor, operator: Actor, ruleset: Ruleset
) -> None:
    p3mi = add_p3mi(db, admin, name="PT Contoh", licence_number="SIP3MI-1/2024")
    applicant = register_applicant(db, operator, siti(), today=TODAY)
    plan = hk_domestic(p3mi_id=str(p3mi.id))
    application = open_application(db, operator, applicant.id, plan, today=TODAY)
    soon = DEPARTURE + timedelta(days=10)
    mrz = _mrz(surname="SITI RAHAJU", sex="M", expiry=soon)
    findings = cross_check_mrz_for_application(
        db, application.id, mrz, ruleset=ruleset, today=TODAY
    )
    assert [f.code for f in findings] == [
        "mrz.sex_nik",
        "mrz.sex_record",
        "name.mismatch",
        "paspor_sisa_masa_berlaku",
    ]
    assert (
        cross_check_mrz_for_application(db, application.id, _mrz(), ruleset=ruleset, today=TODAY)
        == []
    )


def test_unknown_application(db: Database) -> None:
    with pytest.raises(NotFound):
        cross_check_mrz_for_application(db, uuid.uuid4(), _mrz(), today=TODAY)
