"""Property tests: no input makes a check raise, and generated valid data always passes."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ltsa_desk.findings import Finding
from ltsa_desk.identity import (
    Region,
    Sex,
    check_date,
    check_name,
    check_passport_number,
    children,
    compare_names,
    mask_nik,
    normalize_for_compare,
    normalize_phone,
    parse_kk,
    parse_nik,
)

TODAY = date(2025, 6, 1)
SEXES: list[Sex] = ["L", "P"]
#: Anyone born after this is read with the right century from the NIK digits alone.
HUNDRED_YEARS_AGO = date(1925, 6, 2)

NASTY = [
    "",
    "\x00",
    "[bold]3305014101950002[/bold]",
    "[/]",
    "\u202e3305014101950002",
    "\u200b" * 16,
    "\ud800",
    "\ufeff3305014101950002",
    "𝟑𝟑𝟎𝟓",
    "9" * 10_000,
    "a" * 10_000,
    "[" * 10_000,
    "3305.0141 0195-0002" * 500,
]

any_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.text(alphabet="0123456789 .-+()[]/", max_size=40),
)

FAST = settings(max_examples=150, deadline=None)


def _well_formed(findings: tuple[Finding, ...] | list[Finding]) -> None:
    for finding in findings:
        assert finding.code and finding.field
        assert finding.message_id and finding.message_en


@FAST
@given(any_text)
def test_parse_nik_never_raises(raw: str) -> None:
    result = parse_nik(raw, today=TODAY)
    _well_formed(result.findings)
    assert result.nik is None or (len(result.nik) == 16 and result.nik.isascii())
    assert result.ok == (not result.errors)
    mask_nik(raw)


@FAST
@given(any_text)
def test_parse_kk_never_raises(raw: str) -> None:
    _well_formed(parse_kk(raw, nik=raw).findings)


@FAST
@given(any_text, st.booleans())
def test_passport_never_raises_and_never_blocks_a_typed_value(raw: str, required: bool) -> None:
    result = check_passport_number(raw, required=required)
    _well_formed(result.findings)
    assert result.ok or (required and result.value == "")


@FAST
@given(any_text)
def test_phone_never_raises(raw: str) -> None:
    result = normalize_phone(raw)
    _well_formed(result.findings)
    if result.value is not None:
        assert result.value.startswith("+") and result.value[1:].isdigit()
        assert len(result.value) <= 16


@FAST
@given(any_text)
def test_check_name_never_raises_and_keeps_text(raw: str) -> None:
    cleaned, findings = check_name(raw)
    _well_formed(findings)
    assert "  " not in cleaned and cleaned == cleaned.strip()


@FAST
@given(any_text, any_text)
def test_name_comparison_never_raises(left: str, right: str) -> None:
    normalize_for_compare(left)
    _well_formed(compare_names({"ktp": left, "passport": right, "contract": left}))


@FAST
@given(any_text)
def test_check_date_never_raises(raw: str) -> None:
    result = check_date(raw, "birth_date", today=TODAY)
    _well_formed(result.findings)
    assert (result.value is None) == bool(result.findings)


@FAST
@given(st.dates())
def test_check_date_round_trips_day_first_and_iso(value: date) -> None:
    expected_ok = date(1900, 1, 1) <= value <= TODAY
    for typed in (value.isoformat(), value.strftime("%d-%m-") + f"{value.year:04d}"):
        result = check_date(typed, "d", today=TODAY)
        assert result.ok == expected_ok
        assert result.value == (value if expected_ok else None)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from("SitAmnhBudSoe '’-.,"), max_size=30))
def test_names_from_allowed_characters_compare_equal_to_themselves(chars: list[str]) -> None:
    name = "".join(chars)
    assert compare_names({"ktp": name, "passport": name.upper()}) == []


@st.composite
def districts(draw: st.DrawFn) -> Region:
    province = draw(st.sampled_from(children()))
    regency = draw(st.sampled_from(children(province.code)))
    return draw(st.sampled_from(children(regency.code)))


def _nik(district: Region, birth: date, sex: Sex, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{district.digits}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


@settings(max_examples=150, deadline=None)
@given(
    districts(),
    st.dates(min_value=HUNDRED_YEARS_AGO, max_value=TODAY),
    st.sampled_from(SEXES),
    st.integers(1, 9999),
    st.sampled_from(["", " ", ".", "-"]),
)
def test_generated_niks_parse_and_round_trip(
    district: Region, birth: date, sex: Sex, serial: int, separator: str
) -> None:
    nik = _nik(district, birth, sex, serial)
    typed = separator.join([nik[:6], nik[6:12], nik[12:]])
    result = parse_nik(typed, today=TODAY)
    assert result.findings == ()
    assert result.nik == nik
    assert (result.birth_date, result.sex) == (birth, sex)
    assert result.district_code == district.code
    assert result.district == district.name


@settings(max_examples=100, deadline=None)
@given(
    districts(),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.sampled_from(SEXES),
    st.integers(1, 9999),
)
def test_keyed_birth_date_decides_the_century(
    district: Region, birth: date, sex: Sex, serial: int
) -> None:
    result = parse_nik(
        _nik(district, birth, sex, serial), keyed_birth_date=birth, keyed_sex=sex, today=TODAY
    )
    assert result.findings == ()
    assert result.birth_date == birth


@settings(max_examples=100, deadline=None)
@given(districts(), st.integers(0, 10**10 - 1))
def test_kk_numbers_from_real_districts_pass(district: Region, rest: int) -> None:
    assert parse_kk(f"{district.digits}{rest:010d}").findings == ()
