"""Age windows, the Middle-East moratorium and other placement restrictions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from ltsa_desk.findings import Severity
from ltsa_desk.rules import Profile, ProfileError, evaluate, load_packaged
from tests.unit.rules.helpers import COLUMNS, TODAY, born_for_age, run

DEPARTURE = date(2026, 6, 1)


def _codes(profile: Profile, age: int, **changes: object) -> dict[str, Severity]:
    evaluation = run(
        profile, birth_date=born_for_age(age, DEPARTURE), planned_departure=DEPARTURE, **changes
    )
    assert evaluation.age == age
    return {f.code: f.severity for f in evaluation.findings}


@pytest.mark.parametrize(
    ("column", "rule", "allowed", "refused"),
    [
        ("triple_win", "usia_triple_win_jerman", [18, 38], [17, 39]),
        ("epa", "usia_epa_jepang", [18, 35], [36]),
        ("p2p_formal", "usia_minimum", [18, 60], [17]),
    ],
)
def test_age_window_boundaries(
    column: str, rule: str, allowed: list[int], refused: list[int]
) -> None:
    for age in allowed:
        assert rule not in _codes(COLUMNS[column], age), age
    for age in refused:
        assert _codes(COLUMNS[column], age).get(rule) is Severity.ERROR, age


def test_sp2t_taiwan_needs_twenty() -> None:
    sp2t = Profile("g2p", "TW", "formal", "single", programme="sp2t", sex="P")
    assert "usia_sp2t_taiwan" not in _codes(sp2t, 20)
    assert _codes(sp2t, 19)["usia_sp2t_taiwan"] is Severity.ERROR


def test_eps_day_before_fortieth_birthday_is_still_39() -> None:
    birth = born_for_age(40, DEPARTURE) + timedelta(days=1)
    evaluation = run(COLUMNS["eps"], birth_date=birth, planned_departure=DEPARTURE)
    assert evaluation.age == 39
    assert evaluation.blocking == []


def test_under_eighteen_is_blocked_with_the_legal_basis() -> None:
    finding = next(
        f
        for f in run(COLUMNS["p2p_formal"], birth_date=born_for_age(17, TODAY)).findings
        if f.code == "usia_minimum"
    )
    assert finding.is_error
    assert finding.field == "birth_date"
    assert "UU 18/2017 Pasal 5" in (finding.basis or "")
    assert "17" in finding.message_id and "18" in finding.message_en


def test_domestic_work_has_no_national_floor_of_21() -> None:
    """UU 18/2017 Pasal 5 huruf a: 18 for every PMI; the 21 of the repealed UU 39/2004 is gone."""
    for destination in ("HK", "TW", "SA"):
        profile = replace(COLUMNS["p2p_domestic"], destination=destination)
        codes = _codes(profile, 18)
        assert "usia_minimum" not in codes
        assert not any(code.startswith("usia") for code in codes), destination
    assert all("21" not in r.code for r in load_packaged().eligibility)


def test_minimum_age_is_taken_at_departure_when_planned_else_today() -> None:
    """UU 18/2017 Pasal 5 huruf a is measured at placement: the planned departure."""
    birth = born_for_age(18, DEPARTURE)  # 17 today, 18 at departure
    today = run(COLUMNS["p2p_formal"], birth_date=birth)
    assert today.age == 17 and [f.code for f in today.blocking] == ["usia_minimum"]
    assert [c.measured for c in today.age_checks] == ["departure_today"]
    planned = run(COLUMNS["p2p_formal"], birth_date=birth, planned_departure=DEPARTURE)
    assert not planned.blocking
    assert [(c.measured, c.at_date) for c in planned.age_checks] == [("departure", DEPARTURE)]


def test_missing_birth_date_gives_one_warning() -> None:
    profile = COLUMNS["eps"]
    evaluation = evaluate(load_packaged(), profile, today=TODAY)
    assert [(f.code, f.severity) for f in evaluation.findings] == [
        ("age_unknown", Severity.WARNING)
    ]


@pytest.mark.parametrize(
    ("destination", "sector", "programme", "blocked"),
    [
        ("SA", "domestic", None, True),
        ("AE", "domestic", None, True),
        ("SA", "domestic", "spsk", False),
        ("SA", "formal", None, False),
        ("HK", "domestic", None, False),
    ],
)
def test_middle_east_moratorium(
    destination: str, sector: str, programme: str | None, blocked: bool
) -> None:
    job = "housekeeper" if sector == "domestic" else None
    profile = Profile("p2p", destination, sector, "married", programme, "P", job=job)
    findings = run(profile).findings
    moratorium = [f for f in findings if f.code == "moratorium_timur_tengah"]
    assert bool(moratorium) is blocked
    if blocked:
        assert moratorium[0].is_error
        assert destination in moratorium[0].message_id
        assert "Kepmenaker 260/2015" in (moratorium[0].basis or "")
    assert bool(run(profile).blocking) is blocked


def test_spsk_outside_saudi_arabia_is_a_programme_mismatch() -> None:
    profile = Profile("p2p", "AE", "domestic", "single", programme="spsk", sex="P")
    findings = {f.code: f for f in run(profile).findings}
    assert "moratorium_timur_tengah" not in findings
    mismatch = findings["programme_mismatch"]
    assert mismatch.is_error and mismatch.field == "destination"
    assert "SA" in mismatch.message_en


def test_spsk_lists_a_bank_account_and_its_conditions() -> None:
    evaluation = run(Profile("p2p", "SA", "domestic", "single", programme="spsk", sex="P"))
    assert "rekening_bank" in evaluation.codes
    assert "ketentuan_spsk" in [n.code for n in evaluation.notices]


def test_perseorangan_cannot_be_domestic_work() -> None:
    profile = Profile("perseorangan", "HK", "domestic", "single", sex="P")
    assert [f.code for f in run(profile).blocking] == ["perseorangan_hanya_formal"]


def test_sp2t_is_for_women_only() -> None:
    profile = Profile("g2p", "TW", "formal", "single", programme="sp2t", sex="L")
    blocking = run(profile).blocking
    assert [(f.code, f.field) for f in blocking] == [("sp2t_khusus_perempuan", "sex")]


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("scheme", {"scheme": "p3mi"}),
        ("sector", {"sector": "informal"}),
        ("marital_status", {"marital_status": "engaged"}),
        ("programme", {"programme": "nope"}),
        ("destination", {"destination": "hk"}),
        ("destination", {"destination": "HKG"}),
    ],
)
def test_unknown_profile_values_raise(field: str, changes: dict[str, str]) -> None:
    with pytest.raises(ProfileError) as caught:
        run(COLUMNS["p2p_formal"], **changes)
    assert caught.value.field == field
    assert field in caught.value.message("en")


def test_an_unknown_job_matches_no_job_rule() -> None:
    assert "str_nakes" not in run(COLUMNS["epa"], job="astronaut").codes
