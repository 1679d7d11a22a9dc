"""Passport numbers are checked loosely: unusual ones warn, they never block."""

from __future__ import annotations

from datetime import date

import pytest

from ltsa_desk.findings import Severity
from ltsa_desk.identity import check_passport_dates, check_passport_number


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("C1234567", "C1234567"),
        ("c 123 4567", "C1234567"),
        ("AB1234567", "AB1234567"),
        ("X12345", None),
    ],
)
def test_normalised_upper_case_without_spaces(typed: str, cleaned: str | None) -> None:
    result = check_passport_number(typed)
    assert result.value == (cleaned or typed.upper().replace(" ", ""))


@pytest.mark.parametrize("typed", ["C1234567", "1234567", "AB1234567", "E1234567A"])
def test_usual_numbers_have_no_findings(typed: str) -> None:
    assert check_passport_number(typed).findings == ()


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("C12345", ["passport.length"]),
        ("C1234567890", ["passport.length"]),
        ("C-1234567", ["passport.characters"]),
        ("[b]C1234567[/b]", ["passport.characters", "passport.length"]),
        ("É1234567", ["passport.characters"]),
    ],
)
def test_unusual_numbers_only_warn(typed: str, codes: list[str]) -> None:
    result = check_passport_number(typed)
    assert result.ok
    assert [f.code for f in result.findings] == codes
    assert all(f.severity is Severity.WARNING for f in result.findings)


def test_empty_is_an_error_only_when_required() -> None:
    assert check_passport_number("  ") == ("", ())
    result = check_passport_number("", required=True)
    assert [f.code for f in result.errors] == ["passport.required"]
    assert result.errors[0].field == "passport_number"


def test_expiry_must_be_after_issue() -> None:
    assert check_passport_dates(date(2024, 1, 1), date(2034, 1, 1)) == []
    assert check_passport_dates(None, date(2034, 1, 1)) == []
    (same_day,) = check_passport_dates(date(2024, 1, 1), date(2024, 1, 1))
    (before,) = check_passport_dates(date(2024, 1, 1), date(2023, 12, 31))
    assert same_day.code == before.code == "passport.expiry_before_issue"
    assert before.severity is Severity.ERROR
    assert "31-12-2023" in before.message_id and "01-01-2024" in before.message_en
