"""NIK parsing: structure, region, birth date with +40 for women, century, cross-checks."""

from __future__ import annotations

from datetime import date

import pytest

from ltsa_desk.findings import Severity
from ltsa_desk.identity import mask_nik, parse_nik
from ltsa_desk.identity.nik import NikResult

TODAY = date(2025, 6, 1)


def codes(result: NikResult) -> list[str]:
    return [f.code for f in result.findings]


def test_valid_nik_kebumen_woman() -> None:
    result = parse_nik("3305014101950002", today=TODAY)
    assert result.ok and result.findings == ()
    assert result.nik == "3305014101950002"
    assert (result.province_code, result.regency_code, result.district_code) == (
        "33",
        "33.05",
        "33.05.01",
    )
    assert (result.province, result.regency, result.district) == (
        "Jawa Tengah",
        "Kabupaten Kebumen",
        "Ayah",
    )
    assert result.birth_date == date(1995, 1, 1)
    assert result.sex == "P"
    assert result.serial == "0002"
    assert result.masked == "3305••••••••0002"


def test_valid_nik_depok_man() -> None:
    result = parse_nik("3276011708900001", today=TODAY)
    assert result.ok
    assert result.regency == "Kota Depok"
    assert (result.birth_date, result.sex) == (date(1990, 8, 17), "L")


def test_valid_nik_papua_tengah() -> None:
    result = parse_nik("9401015506030001", today=TODAY)
    assert result.ok
    assert (result.province, result.regency) == ("Papua Tengah", "Kabupaten Nabire")
    assert (result.birth_date, result.sex) == (date(2003, 6, 15), "P")


@pytest.mark.parametrize(
    "typed",
    ["3305 0141 0195 0002", "3305.01.410195.0002", "3305-0141-0195-0002", " 3305014101950002\t"],
)
def test_operator_separators_are_stripped(typed: str) -> None:
    result = parse_nik(typed, today=TODAY)
    assert result.ok and result.nik == "3305014101950002"


def test_empty() -> None:
    result = parse_nik("   ", today=TODAY)
    assert codes(result) == ["nik.empty"] and not result.ok


def test_length_message_names_the_count() -> None:
    result = parse_nik("330501410195000", today=TODAY)
    assert codes(result) == ["nik.length"]
    assert result.nik is None and result.birth_date is None
    assert result.errors[0].message_id == "NIK harus 16 digit angka; yang diketik 15 digit."
    assert result.errors[0].message_en == "A NIK must have 16 digits; 15 were typed."
    assert result.errors[0].field == "nik"


@pytest.mark.parametrize("typed", ["33050141O1950002", "3305014101950002x", "3305/0141/0195/0002"])
def test_other_characters_are_an_error_naming_them(typed: str) -> None:
    result = parse_nik(typed, today=TODAY)
    assert codes(result) == ["nik.characters"]
    assert "“" in result.errors[0].message_id


def test_full_width_digits_are_not_digits() -> None:
    assert codes(parse_nik("３３０５０１４１０１９５０００２", today=TODAY)) == ["nik.characters"]


def test_unknown_province_is_an_error() -> None:
    result = parse_nik("1005014101950002", today=TODAY)
    assert codes(result) == ["nik.province_unknown"]
    assert result.province is None


@pytest.mark.parametrize("regency", ["00", "70"])
def test_impossible_regency_part_is_an_error(regency: str) -> None:
    result = parse_nik(f"33{regency}014101950002", today=TODAY)
    assert codes(result) == ["nik.regency_code"]


def test_district_00_is_an_error() -> None:
    assert codes(parse_nik("3305004101950002", today=TODAY)) == ["nik.district_code"]


def test_regency_from_before_a_split_is_only_a_warning() -> None:
    # 91.04 was Kabupaten Nabire before Papua Tengah (94) was formed; the NIK keeps the old code.
    result = parse_nik("9104011212900001", today=TODAY)
    assert result.ok
    assert codes(result) == ["nik.regency_retired"]
    assert result.warnings[0].severity is Severity.WARNING
    assert "Kabupaten Nabire" in result.warnings[0].message_id
    assert "94.01" in result.warnings[0].message_id
    assert result.province == "Papua" and result.regency is None


def test_unknown_district_is_only_a_warning_naming_the_regency() -> None:
    result = parse_nik("3305994101950002", today=TODAY)
    assert result.ok and codes(result) == ["nik.district_unknown"]
    assert "Kabupaten Kebumen" in result.warnings[0].message_id
    assert result.regency == "Kabupaten Kebumen" and result.district is None


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_impossible_day_field(day: str) -> None:
    result = parse_nik(f"330501{day}0195" + "0002", today=TODAY)
    assert codes(result) == ["nik.birth_day"]
    assert result.birth_date is None and result.sex is None


@pytest.mark.parametrize("month", ["00", "13"])
def test_impossible_month_field(month: str) -> None:
    result = parse_nik(f"33050101{month}950002", today=TODAY)
    assert codes(result) == ["nik.birth_month"]
    assert result.birth_date is None


@pytest.mark.parametrize(("day", "sex"), [("31", "L"), ("71", "P")])
def test_day_limits(day: str, sex: str) -> None:
    result = parse_nik(f"330501{day}0195" + "0002", today=TODAY)
    assert result.ok and result.birth_date == date(1995, 1, 31) and result.sex == sex


@pytest.mark.parametrize("day", ["41", "01"])
def test_day_41_is_a_woman_born_on_the_first(day: str) -> None:
    result = parse_nik(f"330501{day}0195" + "0002", today=TODAY)
    assert result.birth_date == date(1995, 1, 1)
    assert result.sex == ("P" if day == "41" else "L")


def test_31_february_is_not_a_date() -> None:
    result = parse_nik("3305013102950002", today=TODAY)
    assert codes(result) == ["nik.birth_date"]
    assert "31-02-95" in result.errors[0].message_id


def test_29_february_in_leap_years() -> None:
    assert parse_nik("3305016902000001", today=TODAY).birth_date == date(2000, 2, 29)
    assert parse_nik("3305012902960001", today=TODAY).birth_date == date(1996, 2, 29)
    assert codes(parse_nik("3305012902950001", today=TODAY)) == ["nik.birth_date"]


def test_29_february_00_only_exists_in_2000() -> None:
    # 1900 was not a leap year: on a day before 29-02-2000, no candidate is in the past.
    result = parse_nik("3305012902000001", today=date(1999, 1, 1))
    assert codes(result) == ["nik.birth_date_future"]


def test_century_latest_non_future() -> None:
    assert parse_nik("3305011208100001", today=TODAY).birth_date == date(2010, 8, 12)
    assert parse_nik("3305011208300001", today=TODAY).birth_date == date(1930, 8, 12)
    # The same digits read on a day before the 2025 birthday mean 1925.
    assert parse_nik("3305011208250001", today=TODAY).birth_date == date(1925, 8, 12)
    assert parse_nik("3305010101250001", today=TODAY).birth_date == date(2025, 1, 1)


def test_century_follows_the_keyed_birth_date() -> None:
    result = parse_nik("3305011208100001", keyed_birth_date=date(1910, 8, 12), today=TODAY)
    assert result.birth_date == date(1910, 8, 12) and result.findings == ()


def test_keyed_year_in_neither_century_keeps_the_latest() -> None:
    result = parse_nik("3305011208100001", keyed_birth_date=date(1911, 8, 12), today=TODAY)
    assert result.birth_date == date(2010, 8, 12)
    assert codes(result) == ["nik.birth_date_mismatch"]


def test_serial_0000_is_an_error() -> None:
    assert codes(parse_nik("3305014101950000", today=TODAY)) == ["nik.serial"]


def test_several_errors_are_reported_together() -> None:
    result = parse_nik("1000003213990000", today=TODAY)
    assert codes(result) == [
        "nik.province_unknown",
        "nik.regency_code",
        "nik.district_code",
        "nik.birth_day",
        "nik.birth_month",
        "nik.serial",
    ]


def test_keyed_birth_date_mismatch_is_a_warning_showing_both() -> None:
    result = parse_nik("3305014101950002", keyed_birth_date=date(1993, 1, 1), today=TODAY)
    assert result.ok
    (warning,) = result.warnings
    assert warning.code == "nik.birth_date_mismatch"
    assert warning.field == "birth_date"
    assert "01-01-1993" in warning.message_id and "01-01-1995" in warning.message_id
    assert "01-01-1993" in warning.message_en and "01-01-1995" in warning.message_en


def test_keyed_sex_mismatch_is_a_warning() -> None:
    woman = parse_nik("3305014101950002", keyed_sex="L", today=TODAY)
    assert woman.ok and codes(woman) == ["nik.sex_mismatch"]
    assert woman.warnings[0].field == "sex"
    assert "perempuan" in woman.warnings[0].message_id
    man = parse_nik("3305010101950002", keyed_sex="P", today=TODAY)
    assert "laki-laki" in man.warnings[0].message_id and "man" in man.warnings[0].message_en


def test_matching_keyed_values_add_nothing() -> None:
    result = parse_nik(
        "3305014101950002", keyed_birth_date=date(1995, 1, 1), keyed_sex="P", today=TODAY
    )
    assert result.findings == ()


def test_no_cross_check_when_the_nik_date_is_unreadable() -> None:
    result = parse_nik("3305013202950002", keyed_birth_date=date(1995, 2, 1), today=TODAY)
    assert codes(result) == ["nik.birth_day"]


def test_field_name_is_configurable() -> None:
    result = parse_nik("123", field="guardian_nik", today=TODAY)
    assert result.errors[0].field == "guardian_nik"


def test_today_defaults_to_the_clock() -> None:
    assert parse_nik("3305014101950002").birth_date == date(1995, 1, 1)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("3305014101950002", "3305••••••••0002"),
        ("3305 0141 0195 0002", "3305••••••••0002"),
        ("12345", "•••••"),
        ("", ""),
        ("12345678901", "•••••••••••"),
    ],
)
def test_mask_nik(value: str, masked: str) -> None:
    assert mask_nik(value) == masked
