"""KK (Kartu Keluarga) number: 16 digits that start with the issuing region's code.

The rest is a recording date and a family serial (domain.md §4.2), but the layout of the date
part is not confirmed, so only the region prefix is checked. The number changes when a family
moves, splits or loses its head, so it is never used as a key: the NIK is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ltsa_desk.findings import Finding, HasFindings
from ltsa_desk.identity._common import NUMBER_SEPARATORS, warning
from ltsa_desk.identity._numbers import check_region_part, clean_number


@dataclass(frozen=True, slots=True)
class KkResult(HasFindings):
    #: The 16 digits, or None when the input is not 16 digits.
    kk: str | None
    province_code: str | None
    regency_code: str | None
    district_code: str | None
    province: str | None
    regency: str | None
    district: str | None
    findings: tuple[Finding, ...]


def parse_kk(raw: str, *, nik: str | None = None, field: str = "kk_number") -> KkResult:
    """Read and check a KK number as typed; never raises on any text.

    Pass the applicant's ``nik`` to catch the common slip of typing the NIK into the KK field:
    both are 16 digits starting with a region code, so the structure alone cannot tell them apart.
    """
    digits, format_findings = clean_number(raw, "kk", field)
    if digits is None:
        return KkResult(None, None, None, None, None, None, None, format_findings)
    region = check_region_part(digits, "kk", field)
    findings = list(region.findings)
    if nik is not None and NUMBER_SEPARATORS.sub("", nik) == digits:
        findings.append(warning("kk.same_as_nik", field))
    return KkResult(
        kk=digits,
        province_code=region.province_code,
        regency_code=region.regency_code,
        district_code=region.district_code,
        province=region.province,
        regency=region.regency,
        district=region.district,
        findings=tuple(findings),
    )
