"""Recap labels for regencies of origin, including codes retired by the 2022 Papua splits."""

from __future__ import annotations

from ltsa_desk.reports.labels import regency


def test_a_current_code_is_named() -> None:
    assert regency("3305", "id") == "Kabupaten Kebumen"


def test_a_code_retired_by_the_papua_selatan_law_names_issuer_and_successor() -> None:
    """UU 14/2022 moved Merauke (91.01) into Papua Selatan as 93.01: a NIK issued before keeps
    91.01, and the recap names both instead of "not in the list"."""
    assert regency("9101", "en") == "Kabupaten Merauke (old code; now Kabupaten Merauke, 93.01)"
    assert "kode lama" in regency("9101", "id")


def test_an_unknown_code_says_so() -> None:
    assert regency("9999", "en") == "Region code 9999 (not in the list)"
    assert regency("", "id") == "Kode wilayah  (tidak ada di daftar)"
