"""NIK (Nomor Induk Kependudukan): structure checks and what the digits say about the holder.

``PP KK CC DDMMYY SSSS``: province, kabupaten/kota and kecamatan of first registration, birth
date (day + 40 for women), and a serial from 0001 (PP 37/2007 Art. 37; domain.md §4.1).

These checks cannot prove that Dukcapil issued the number; they reject numbers that cannot be a
NIK and compare what the digits encode with what the operator keyed, which catches typing errors
and the documented age-inflation fraud. A NIK whose digits disagree with the holder's real birth
date stays legally valid (it is never re-issued), so such a mismatch is a warning, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ltsa_desk import clock
from ltsa_desk.findings import Finding, HasFindings, Severity
from ltsa_desk.identity._common import NUMBER_SEPARATORS, error, finding, format_date, warning
from ltsa_desk.identity._numbers import check_region_part, clean_number
from ltsa_desk.identity.retired import RetiredRegion

Sex = Literal["L", "P"]
"""L = laki-laki (male), P = perempuan (female), as printed on the KTP."""

#: Women's NIKs carry the day of birth plus this.
FEMALE_DAY_OFFSET = 40

#: Form fields that the cross-checks concern: the keyed value is the one to compare with the KTP.
BIRTH_DATE_FIELD = "birth_date"
SEX_FIELD = "sex"

_MASK = "•"
#: Shorter values are masked entirely: showing eight characters of them would show most of them.
_MASK_MIN_LENGTH = 12


@dataclass(frozen=True, slots=True)
class NikResult(HasFindings):
    """What a NIK says, and every problem found while reading it."""

    #: The 16 digits, or None when the input is not 16 digits.
    nik: str | None
    #: Dotted Kemendagri codes read from the NIK ("33", "33.05", "33.05.01"), even when unknown.
    province_code: str | None
    regency_code: str | None
    district_code: str | None
    #: Current names of those regions; None when the code is not in the current list.
    province: str | None
    regency: str | None
    district: str | None
    birth_date: date | None
    sex: Sex | None
    serial: str | None
    findings: tuple[Finding, ...]
    #: For a regency code retired by a split: the regency that issued it and its successor.
    retired: RetiredRegion | None = None

    @property
    def masked(self) -> str | None:
        return mask_nik(self.nik) if self.nik else None


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _choose_century(
    day: int, month: int, yy: int, keyed_birth_date: date | None, today: date
) -> tuple[date | None, bool]:
    """The birth date the six digits most plausibly mean, and whether any calendar date fits.

    The NIK only holds two digits of the year. A keyed birth date decides the century when its
    year is one of the candidates; otherwise the latest date not in the future wins, which is
    right for everyone younger than 100.
    """
    candidates = [
        found
        for year in (2000 + yy, 1900 + yy)
        if (found := _real_date(year, month, day)) is not None
    ]
    past = [candidate for candidate in candidates if candidate <= today]
    if keyed_birth_date is not None:
        for candidate in past:
            if candidate.year == keyed_birth_date.year:
                return candidate, True
    return (past[0] if past else None), bool(candidates)


def _birth_part(
    digits: str, field: str, keyed_birth_date: date | None, today: date
) -> tuple[date | None, Sex | None, list[Finding]]:
    raw_day, raw_month, raw_year = digits[6:8], digits[8:10], digits[10:12]
    day, month, yy = int(raw_day), int(raw_month), int(raw_year)
    findings: list[Finding] = []
    sex: Sex | None = None
    if 1 <= day <= 31:
        sex = "L"
    elif 1 + FEMALE_DAY_OFFSET <= day <= 31 + FEMALE_DAY_OFFSET:
        sex = "P"
        day -= FEMALE_DAY_OFFSET
    else:
        findings.append(error("nik.birth_day", field, value=raw_day))
    if not 1 <= month <= 12:
        findings.append(error("nik.birth_month", field, value=raw_month))
    if findings:
        return None, sex, findings
    shown = f"{day:02d}-{raw_month}-{raw_year}"
    birth_date, exists = _choose_century(day, month, yy, keyed_birth_date, today)
    if not exists:
        findings.append(error("nik.birth_date", field, value=shown))
    elif birth_date is None:
        findings.append(error("nik.birth_date_future", field, value=shown))
    return birth_date, sex, findings


def _cross_checks(
    birth_date: date | None,
    sex: Sex | None,
    keyed_birth_date: date | None,
    keyed_sex: Sex | None,
) -> list[Finding]:
    findings: list[Finding] = []
    if birth_date is not None and keyed_birth_date is not None and birth_date != keyed_birth_date:
        findings.append(
            warning(
                "nik.birth_date_mismatch",
                BIRTH_DATE_FIELD,
                keyed=format_date(keyed_birth_date),
                from_nik=format_date(birth_date),
            )
        )
    if sex is not None and keyed_sex is not None and sex != keyed_sex:
        key = "identity.nik.sex_mismatch_" + ("female" if sex == "P" else "male")
        findings.append(finding("nik.sex_mismatch", Severity.WARNING, SEX_FIELD, key=key))
    return findings


def parse_nik(
    raw: str,
    *,
    keyed_birth_date: date | None = None,
    keyed_sex: Sex | None = None,
    today: date | None = None,
    field: str = "nik",
) -> NikResult:
    """Read and check a NIK as typed; never raises on any text.

    ``keyed_birth_date`` and ``keyed_sex`` are what the operator entered from the documents;
    they are compared with the NIK and help decide the birth century. ``today`` is injectable
    so that results do not depend on the day the tests run.
    """
    digits, format_findings = clean_number(raw, "nik", field)
    if digits is None:
        return NikResult(
            nik=None,
            province_code=None,
            regency_code=None,
            district_code=None,
            province=None,
            regency=None,
            district=None,
            birth_date=None,
            sex=None,
            serial=None,
            findings=format_findings,
        )
    region = check_region_part(digits, "nik", field)
    birth_date, sex, birth_findings = _birth_part(
        digits, field, keyed_birth_date, today or clock.today()
    )
    serial = digits[12:16]
    findings = [*region.findings, *birth_findings]
    if serial == "0000":
        findings.append(error("nik.serial", field))
    findings.extend(_cross_checks(birth_date, sex, keyed_birth_date, keyed_sex))
    return NikResult(
        nik=digits,
        province_code=region.province_code,
        regency_code=region.regency_code,
        district_code=region.district_code,
        province=region.province,
        regency=region.regency,
        district=region.district,
        birth_date=birth_date,
        sex=sex,
        serial=serial,
        findings=tuple(findings),
        retired=region.retired,
    )


def mask_nik(nik: str) -> str:
    """First and last four digits only ("3305••••••••0002"), for lists, receipts and logs.

    Works on anything so that a log line can never leak a full number: separators are dropped
    first, and a value shorter than twelve characters is masked entirely.
    """
    compact = NUMBER_SEPARATORS.sub("", nik)
    if len(compact) < _MASK_MIN_LENGTH:
        return _MASK * len(compact)
    return compact[:4] + _MASK * (len(compact) - 8) + compact[-4:]
