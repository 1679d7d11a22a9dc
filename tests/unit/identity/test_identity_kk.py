"""KK numbers: 16 digits and a region prefix; the unconfirmed date part is not checked."""

from __future__ import annotations

import pytest

from ltsa_desk.identity import parse_kk


def test_valid_kk() -> None:
    result = parse_kk("3305 0101 2508 0011")
    assert result.ok and result.findings == ()
    assert result.kk == "3305010125080011"
    assert (result.province, result.regency, result.district) == (
        "Jawa Tengah",
        "Kabupaten Kebumen",
        "Ayah",
    )


def test_date_part_is_not_validated() -> None:
    # "9999" in the recording-date part: the layout is unconfirmed (domain.md §4.2).
    assert parse_kk("3305019999990000").ok


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "kk.empty"),
        ("3305-0101", "kk.length"),
        ("33050101250800111", "kk.length"),
        ("330501012508001l", "kk.characters"),
        ("1005010125080011", "kk.province_unknown"),
        ("3300010125080011", "kk.regency_code"),
        ("3370010125080011", "kk.regency_code"),
        ("3305000125080011", "kk.district_code"),
    ],
)
def test_errors(typed: str, code: str) -> None:
    result = parse_kk(typed)
    assert not result.ok
    assert [f.code for f in result.errors] == [code]
    assert result.errors[0].field == "kk_number"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("9199010125080011", "kk.regency_unknown"),
        ("9104010125080011", "kk.regency_retired"),
        ("3305990125080011", "kk.district_unknown"),
    ],
)
def test_unknown_regions_are_warnings(typed: str, code: str) -> None:
    result = parse_kk(typed)
    assert result.ok
    assert [f.code for f in result.warnings] == [code]


def test_nik_typed_into_the_kk_field_is_a_warning() -> None:
    result = parse_kk("3305014101950002", nik="3305.0141.0195.0002")
    assert result.ok
    assert [f.code for f in result.warnings] == ["kk.same_as_nik"]
    assert parse_kk("3305010125080011", nik="3305014101950002").findings == ()
