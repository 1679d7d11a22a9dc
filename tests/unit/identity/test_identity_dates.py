"""Date input, age and the legal minimum age."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ltsa_desk.findings import Severity
from ltsa_desk.identity import age_on, check_date, check_minimum_age

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "1995-08-17",
        "17-08-1995",
        "17/08/1995",
        " 17-8-1995 ",
        "1995-8-17",
        "17081995",
        date(1995, 8, 17),
    ],
)
def test_accepted_forms(typed: str | date) -> None:
    assert check_date(typed, "birth_date", today=TODAY) == (date(1995, 8, 17), ())


def test_datetime_is_reduced_to_its_date() -> None:
    assert check_date(datetime(1995, 8, 17, 9, 30), "x", today=TODAY).value == date(1995, 8, 17)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "date.empty"),
        (None, "date.empty"),
        ("17-08-95", "date.format"),
        ("170895", "date.format"),  # a two-digit year is never guessed
        ("1708951", "date.format"),
        ("17.08.1995", "date.format"),
        ("17-08/1995", "date.format"),
        ("1995/08/17", "date.format"),
        ("tomorrow", "date.format"),
        ("٢٠٢٠-٠١-٠١", "date.format"),
        ("31-02-1995", "date.impossible"),
        ("29-02-2001", "date.impossible"),
        ("00-01-1995", "date.impossible"),
        ("0000-01-01", "date.impossible"),
        ("02-06-2025", "date.future"),
        ("31-12-1899", "date.too_early"),
    ],
)
def test_rejected_dates(typed: str | None, code: str) -> None:
    result = check_date(typed, "birth_date", today=TODAY)
    assert result.value is None
    assert [f.code for f in result.findings] == [code]
    assert result.findings[0].field == "birth_date"


def test_29_february_in_a_leap_year() -> None:
    assert check_date("29/02/2000", "d", today=TODAY).value == date(2000, 2, 29)


def test_options() -> None:
    assert check_date("2030-01-01", "expiry", today=TODAY, allow_future=True).ok
    assert not check_date("1950-01-01", "issue", today=TODAY, earliest=date(1960, 1, 1)).ok
    assert check_date("", "d", today=TODAY, required=False) == (None, ())
    assert check_date(TODAY, "d", today=TODAY).ok


def test_future_message_shows_both_dates() -> None:
    (finding,) = check_date("2026-01-02", "d", today=TODAY).findings
    assert "02-01-2026" in finding.message_id and "01-06-2025" in finding.message_en


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2007, 6, 1), date(2025, 6, 1), 18),
        (date(2007, 6, 2), date(2025, 6, 1), 17),
        (date(2000, 2, 29), date(2018, 2, 28), 17),
        (date(2000, 2, 29), date(2018, 3, 1), 18),
        (date(2000, 2, 29), date(2020, 2, 29), 20),
        (date(2025, 6, 2), date(2025, 6, 1), -1),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_minimum_age_on_the_18th_birthday() -> None:
    assert check_minimum_age(date(2007, 6, 1), TODAY) == []


def test_minimum_age_error_cites_the_law() -> None:
    (finding,) = check_minimum_age(date(2007, 6, 2), TODAY)
    assert finding.code == "age.minimum"
    assert finding.severity is Severity.ERROR
    assert finding.basis == "UU 18/2017 Pasal 5"
    assert finding.field == "birth_date"
    assert "17 tahun" in finding.message_id and "UU 18/2017 Pasal 5" in finding.message_id
    assert finding.as_dict("en")["basis"] == "UU 18/2017 Pasal 5"


def test_minimum_age_with_another_rule() -> None:
    (finding,) = check_minimum_age(date(2005, 1, 1), TODAY, 21, basis="Kebijakan P3MI")
    assert finding.basis == "Kebijakan P3MI" and "21" in finding.message_en


def test_birth_date_in_the_future_is_an_error() -> None:
    (finding,) = check_minimum_age(date(2025, 6, 2), TODAY)
    assert finding.code == "age.birth_after" and finding.is_error
