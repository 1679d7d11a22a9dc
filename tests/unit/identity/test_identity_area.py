"""Out-of-area applicants: KTP region against the serving office's region."""

from __future__ import annotations

import pytest

from ltsa_desk.findings import Severity
from ltsa_desk.identity import check_out_of_area, parse_nik


def test_same_regency_is_fine() -> None:
    assert check_out_of_area("33.05", "3305") == []
    assert check_out_of_area("33.05.01", "33.05") == []


def test_other_regency_is_a_warning_naming_both() -> None:
    (finding,) = check_out_of_area("3305", "32.76")
    assert finding.code == "area.out_of_area"
    assert finding.severity is Severity.WARNING
    assert finding.field == "nik"
    assert "Kabupaten Kebumen (33.05)" in finding.message_id
    assert "Kota Depok (32.76)" in finding.message_en


def test_provincial_office_compares_provinces() -> None:
    assert check_out_of_area("33.05", "33") == []
    (finding,) = check_out_of_area("32.76", "33")
    assert "Jawa Barat (32)" in finding.message_id and "Jawa Tengah (33)" in finding.message_id


def test_old_region_code_is_compared_as_its_successor() -> None:
    # 91.04 was Kabupaten Nabire before Papua Tengah (94) was formed (UU 15/2022).
    assert check_out_of_area("91.04", "94.01") == []
    (finding,) = check_out_of_area("91.04", "93.01")
    assert "Kabupaten Nabire (94.01)" in finding.message_id


def test_with_a_parsed_nik() -> None:
    result = parse_nik("3305014101950002")
    assert check_out_of_area(result.regency_code, "33.05") == []
    assert len(check_out_of_area(result.district_code, "36.02")) == 1


@pytest.mark.parametrize("nik_code", [None, "", "junk", "33"])
def test_nothing_to_compare(nik_code: str | None) -> None:
    assert check_out_of_area(nik_code, "33.05") == []


def test_malformed_office_code_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="not a region code"):
        check_out_of_area("33.05", "Kebumen")
