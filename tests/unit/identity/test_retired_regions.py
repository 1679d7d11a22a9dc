"""NIKs issued before the 2022 Papua splits keep retired regency codes (UU 14, 15, 16, 29/2022)."""

from __future__ import annotations

from datetime import date

import pytest

from ltsa_desk.identity import parse_nik
from ltsa_desk.identity.area import check_out_of_area
from ltsa_desk.identity.regions import children, get_region
from ltsa_desk.identity.retired import _table, retired_regency

TODAY = date(2026, 1, 15)


@pytest.mark.parametrize(
    ("old", "name", "successor", "province"),
    [
        ("91.01", "Kabupaten Merauke", "93.01", "Papua Selatan"),
        ("91.04", "Kabupaten Nabire", "94.01", "Papua Tengah"),
        ("91.02", "Kabupaten Jayawijaya", "95.01", "Papua Pegunungan"),
        ("92.71", "Kota Sorong", "96.71", "Papua Barat Daya"),
    ],
)
def test_a_retired_code_names_the_issuing_region_and_its_successor(
    old: str, name: str, successor: str, province: str
) -> None:
    nik = old.replace(".", "") + "01" + "410195" + "0001"
    result = parse_nik(nik, today=TODAY)
    assert result.ok  # still a valid NIK: only a warning
    (finding,) = result.warnings
    assert finding.code == "nik.regency_retired"
    message = finding.message("id")
    assert old in message and name in message and successor in message and province in message
    assert "regency unknown" not in finding.message("en")
    assert result.retired is not None and result.retired.successor.code == successor


def test_every_retired_code_is_gone_from_the_list_and_its_successor_has_the_same_name() -> None:
    """Guards the table against a data update of the Kemendagri list."""
    for entry in _table().retired:
        assert get_region(entry.code) is None, entry.code
        successor = get_region(entry.successor)
        assert successor is not None and successor.name == entry.name, entry.code
    new_regencies = {r.code for p in ("93", "94", "95", "96") for r in children(p)}
    assert {entry.successor for entry in _table().retired} == new_regencies


def test_a_current_or_unknown_code_is_not_retired() -> None:
    assert retired_regency("93.01") is None and retired_regency("33.05") is None
    result = parse_nik("9199014101950001", today=TODAY)
    assert [f.code for f in result.warnings] == ["nik.regency_unknown"]


def test_a_retired_code_is_not_out_of_area_at_its_successor_office() -> None:
    assert check_out_of_area("91.01.01", "93.01") == []
    assert check_out_of_area("9101", "93") == []
    assert [f.code for f in check_out_of_area("91.01", "94.01")] == ["area.out_of_area"]
