"""Reading a passport's MRZ (ICAO Doc 9303 part 4, TD3) and checking its check digits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ltsa_desk.identity.mrz import check_digit, parse_mrz, resolve_birth_date, resolve_expiry_date
from tests.conftest import TODAY
from tests.unit.identity.mrz_specimens import ICAO_LINE1, ICAO_LINE2, td3

ICAO = f"{ICAO_LINE1}\n{ICAO_LINE2}"


def _codes(raw: str) -> list[str]:
    return [f.code for f in parse_mrz(raw, today=TODAY).findings]


def test_icao_specimen_reads_every_field() -> None:
    """ICAO 9303 part 4's own specimen: every field, every check digit right."""
    result = parse_mrz(ICAO, today=TODAY)
    assert result.ok and result.findings == ()
    assert (result.document_type, result.issuing_state, result.nationality) == ("P", "UTO", "UTO")
    assert (result.surname, result.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert result.full_name == "ANNA MARIA ERIKSSON"
    assert result.passport_number == "L898902C3"
    assert result.birth_date == date(1974, 8, 12)
    assert result.sex == "P"
    assert result.expiry_date == date(2012, 4, 15)
    assert result.personal_number == "ZE184226B"
    assert [(c.name, c.found, c.ok) for c in result.checks] == [
        ("document_number", "6", True),
        ("birth_date", "2", True),
        ("expiry_date", "9", True),
        ("personal_number", "1", True),
        ("composite", "0", True),
    ]


def test_check_digit_weights_7_3_1() -> None:
    """ICAO 9303 part 3 §4.9: the worked example "520727" gives 3; "<" counts as 0."""
    assert check_digit("520727") == 3
    assert check_digit("L898902C3") == 6
    assert check_digit("<<<<<<<<<<<<<<") == 0


@pytest.mark.parametrize(
    "raw",
    [
        f"{ICAO_LINE1}\r\n{ICAO_LINE2}\r\n",  # a keyboard wedge: Enter after each line
        f"  {ICAO_LINE1}   {ICAO_LINE2}  ",  # typed into one field with spaces
        ICAO_LINE1 + ICAO_LINE2,  # 88 characters in a row
        ICAO.lower(),  # Caps Lock off on the reader
        f"\n\n{ICAO_LINE1}\n\n{ICAO_LINE2}\n",  # blank lines around
    ],
)
def test_counter_input_forms_are_accepted(raw: str) -> None:
    result = parse_mrz(raw, today=TODAY)
    assert result.ok, result.findings
    assert result.lines == (ICAO_LINE1, ICAO_LINE2)


def test_wrong_check_digit_names_the_part() -> None:
    wrong_birth = ICAO_LINE2[:19] + "3" + ICAO_LINE2[20:]
    result = parse_mrz(f"{ICAO_LINE1}\n{wrong_birth}", today=TODAY)
    assert not result.ok
    assert [f.code for f in result.findings] == ["mrz.check_birth_date", "mrz.check_composite"]
    birth = result.findings[0]
    assert birth.field == "birth_date" and birth.basis
    assert "3" in birth.message_en and "2" in birth.message_en
    assert "tanggal lahir" in birth.message_id
    assert [c.ok for c in result.checks] == [True, False, True, True, False]


def test_wrong_composite_only() -> None:
    assert _codes(f"{ICAO_LINE1}\n{ICAO_LINE2[:-1]}1") == ["mrz.check_composite"]


def test_truncated_line_is_refused_with_its_length() -> None:
    result = parse_mrz(f"{ICAO_LINE1}\n{ICAO_LINE2[:40]}", today=TODAY)
    assert result.lines is None and not result.ok
    (finding,) = result.findings
    assert finding.code == "mrz.line_length"
    assert finding.params == {"line": 2, "count": 40, "expected": 44}
    assert "40" in finding.message_en and "44" in finding.message_id


def test_over_long_line_is_refused() -> None:
    assert _codes(f"{ICAO_LINE1}<\n{ICAO_LINE2}") == ["mrz.line_length"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "mrz.empty"),
        ("   \n ", "mrz.empty"),
        (ICAO_LINE1, "mrz.line_count"),
        (f"{ICAO_LINE1}\n{ICAO_LINE2}\n{ICAO_LINE2}", "mrz.line_count"),
        (f"{ICAO_LINE1}\n{ICAO_LINE2.replace('<', '«')}", "mrz.characters"),
        (f"{ICAO_LINE1}\n{ICAO_LINE2[:10]}\u200b{ICAO_LINE2[10:]}", "mrz.characters"),
        (ICAO_LINE1.replace("SSON", "SS\ufb01") + "\n" + ICAO_LINE2, "mrz.characters"),
        ("I" + ICAO_LINE1[1:] + "\n" + ICAO_LINE2, "mrz.document_type"),
    ],
)
def test_malformed_input_is_refused(raw: str, code: str) -> None:
    assert code in _codes(raw)


def test_impossible_dates_and_sex_are_errors() -> None:
    line1, line2 = td3(surname="SUPARMI", birth=date(1990, 1, 1))
    bad = line2[:13] + "901301" + str(check_digit("901301")) + "Q" + line2[21:]
    bad = bad[:43] + str(check_digit(bad[0:10] + bad[13:20] + bad[21:43]))
    codes = _codes(f"{line1}\n{bad}")
    assert codes == ["mrz.birth_date", "mrz.sex"]


def test_indonesian_single_name_stays_whole() -> None:
    """A single name (common in Indonesia) fills the primary identifier; the rest is empty."""
    result = parse_mrz("\n".join(td3(surname="SUPARMI")), today=TODAY)
    assert result.ok
    assert (result.surname, result.given_names, result.full_name) == ("SUPARMI", "", "SUPARMI")
    assert result.issuing_state == result.nationality == "IDN"
    assert result.passport_number == "C1234567"
    assert result.personal_number == ""
    assert result.checks[3].found == "0"  # "<" stands for 0 when the number is empty


def test_long_name_is_flagged_as_truncated() -> None:
    lines = td3(surname="RAHAYUNINGSIH", given_names="SITI NURHALIZA KARTIKASA")
    result = parse_mrz("\n".join(lines), today=TODAY)
    assert result.name_truncated
    assert not parse_mrz(ICAO, today=TODAY).name_truncated


def test_two_digit_years() -> None:
    """Birth: latest century not after today; expiry: within 50 years either side of today."""
    today = date(2026, 11, 25)
    assert resolve_birth_date("261125", today) == date(2026, 11, 25)
    assert resolve_birth_date("261126", today) == date(1926, 11, 26)
    assert resolve_birth_date("000229", today) == date(2000, 2, 29)
    assert resolve_birth_date("010229", today) is None  # no 29 February in 1901 or 2001
    assert resolve_expiry_date("360101", today) == date(2036, 1, 1)
    assert resolve_expiry_date("120415", today) == date(2012, 4, 15)
    assert resolve_expiry_date("750101", today) == date(2075, 1, 1)
    assert resolve_expiry_date("760101", today) == date(1976, 1, 1)
    assert resolve_expiry_date("75<<<<", today) is None


_WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)
_NAMES = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_CHECKED_DIGITS = {
    **dict.fromkeys(range(0, 10), "document_number"),
    **dict.fromkeys(range(13, 20), "birth_date"),
    **dict.fromkeys(range(21, 28), "expiry_date"),
    **dict.fromkeys(range(28, 43), "personal_number"),
    43: "composite",
}


@st.composite
def _passports(draw: st.DrawFn) -> dict[str, Any]:
    surname = draw(_NAMES)
    given_names = draw(st.one_of(st.just(""), _NAMES))
    assume(len(surname) + 2 + len(given_names) <= 38)  # fits, with a filler at the end
    return {
        "surname": surname,
        "given_names": given_names,
        "number": draw(st.from_regex(r"[A-Z][0-9]{7,8}", fullmatch=True)),
        "birth": draw(st.dates(TODAY - timedelta(days=99 * 365), TODAY)),
        "sex": draw(st.sampled_from(["M", "F"])),
        "expiry": draw(
            st.dates(TODAY - timedelta(days=49 * 365), TODAY + timedelta(days=49 * 365))
        ),
        "personal": draw(st.one_of(st.just(""), st.from_regex(r"[0-9]{14}", fullmatch=True))),
    }


@settings(max_examples=150)
@given(_passports())
def test_any_built_mrz_reads_back_its_fields(fields: dict[str, Any]) -> None:
    result = parse_mrz("\n".join(td3(**fields)), today=TODAY)
    assert result.ok, result.findings
    assert (result.surname, result.given_names) == (fields["surname"], fields["given_names"])
    assert result.passport_number == fields["number"]
    assert result.birth_date == fields["birth"]
    assert result.expiry_date == fields["expiry"]
    assert result.sex == {"M": "L", "F": "P"}[str(fields["sex"])]
    assert result.personal_number == fields["personal"]


@settings(max_examples=200)
@given(_passports(), st.data())
def test_changing_any_checked_digit_is_detected(
    fields: dict[str, Any], data: st.DataObject
) -> None:
    line1, line2 = td3(**fields)
    positions = [i for i in _CHECKED_DIGITS if line2[i].isdigit()]
    position = data.draw(st.sampled_from(positions))
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != line2[position]]))
    changed = line2[:position] + new + line2[position + 1 :]
    codes = _codes(f"{line1}\n{changed}")
    assert f"mrz.check_{_CHECKED_DIGITS[position]}" in codes


@given(st.text(max_size=120))
def test_never_raises(raw: str) -> None:
    parse_mrz(raw, today=TODAY)
