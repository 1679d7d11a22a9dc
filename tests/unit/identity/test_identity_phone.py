"""Phone numbers normalised to E.164, mobile expected for WhatsApp."""

from __future__ import annotations

import pytest

from ltsa_desk.findings import Severity
from ltsa_desk.identity import normalize_phone


@pytest.mark.parametrize(
    "typed",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "0812.3456.7890",
        "6281234567890",
        "+6281234567890",
        "+62 812 3456 7890",
        "+62 (812) 3456-7890",
        "+62 0812 3456 7890",
        "81234567890",
    ],
)
def test_mobile_forms_normalise_to_e164(typed: str) -> None:
    assert normalize_phone(typed) == ("+6281234567890", ())


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0812345678", "+62812345678"),  # shortest: 9-digit national number
        ("0881234567890", "+62881234567890"),  # longest: 12 digits
        ("0831-2345-6789", "+6283123456789"),
        ("0859 1234 5678", "+6285912345678"),
    ],
)
def test_mobile_prefixes_and_lengths(typed: str, e164: str) -> None:
    assert normalize_phone(typed) == (e164, ())


@pytest.mark.parametrize("typed", ["081234567", "08123456789012", "08"])
def test_mobile_length_is_an_error(typed: str) -> None:
    result = normalize_phone(typed)
    assert result.value is None
    assert [f.code for f in result.errors] == ["phone.mobile_length"]


def test_landline_is_a_warning() -> None:
    result = normalize_phone("(021) 555-1234")
    assert result.value == "+62215551234"
    assert [f.code for f in result.warnings] == ["phone.landline"]
    assert "WhatsApp" in result.warnings[0].message_id


def test_landline_length_is_an_error() -> None:
    assert [f.code for f in normalize_phone("021-123").errors] == ["phone.landline_length"]


@pytest.mark.parametrize("typed", ["0800-123-4567", "0840-1234-5678", "0112", "000"])
def test_not_a_subscriber_number(typed: str) -> None:
    result = normalize_phone(typed)
    assert result.value is None
    assert [f.code for f in result.errors] == ["phone.not_subscriber"]


def test_foreign_number_is_kept_with_a_warning() -> None:
    result = normalize_phone("+852 9123 4567")
    assert result.value == "+85291234567"
    assert [f.code for f in result.findings] == ["phone.foreign"]
    assert result.findings[0].severity is Severity.WARNING


@pytest.mark.parametrize("typed", ["+1", "+0123456789", "+1234567890123456"])
def test_impossible_foreign_numbers(typed: str) -> None:
    assert [f.code for f in normalize_phone(typed).errors] == ["phone.foreign_length"]


@pytest.mark.parametrize(
    "typed", ["0812abc4567", "0812+3456", "++6281234567890", "08１２３４５６７８"]
)
def test_other_characters_are_an_error(typed: str) -> None:
    result = normalize_phone(typed)
    assert result.value is None
    assert [f.code for f in result.errors] == ["phone.characters"]


def test_empty_depends_on_required() -> None:
    assert [f.code for f in normalize_phone(" ").errors] == ["phone.empty"]
    assert normalize_phone("", required=False) == (None, ())
    assert normalize_phone("x", field="guardian_phone").errors[0].field == "guardian_phone"
