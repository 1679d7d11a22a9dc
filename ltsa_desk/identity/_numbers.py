"""What the NIK and the KK number share: 16 digits that start with a region code (PP KK CC)."""

from __future__ import annotations

from dataclasses import dataclass

from ltsa_desk.findings import Finding
from ltsa_desk.identity._common import NON_DIGIT, NUMBER_SEPARATORS, describe_chars, error, warning
from ltsa_desk.identity.regions import get_region
from ltsa_desk.identity.retired import RetiredRegion, retired_regency

NUMBER_LENGTH = 16


def clean_number(raw: str, prefix: str, field: str) -> tuple[str | None, tuple[Finding, ...]]:
    """The 16 digits of a NIK or KK number, or None with the reason; ``prefix`` names the codes.

    Separators the operator typed are dropped; any other character is reported rather than
    dropped, because "O" for "0" or "l" for "1" is a typo that changes the number.
    """
    compact = NUMBER_SEPARATORS.sub("", raw)
    if not compact:
        return None, (error(f"{prefix}.empty", field),)
    others = NON_DIGIT.findall(compact)
    if others:
        return None, (error(f"{prefix}.characters", field, chars=describe_chars(others)),)
    if len(compact) != NUMBER_LENGTH:
        return None, (error(f"{prefix}.length", field, count=len(compact)),)
    return compact, ()


@dataclass(frozen=True, slots=True)
class RegionPart:
    province_code: str
    regency_code: str
    district_code: str
    province: str | None
    regency: str | None
    district: str | None
    findings: tuple[Finding, ...]
    #: The regency that issued a code retired by a split, with its successor.
    retired: RetiredRegion | None = None


def _is_regency_number(part: str) -> bool:
    """Kabupaten are numbered 01–69 and kota 71–99; 00 and 70 are never issued."""
    number = int(part)
    return 1 <= number <= 69 or 71 <= number <= 99


def check_region_part(digits: str, prefix: str, field: str) -> RegionPart:
    """Check the first six digits of a NIK or KK number; ``prefix`` is ``nik`` or ``kk``.

    An impossible code is an error. A well-formed code missing from the current list is only a
    warning: a number keeps the code of the region that issued it, even after that region split
    (pemekaran) and the code was retired.
    """
    pp, kk, cc = digits[0:2], digits[2:4], digits[4:6]
    province_code, regency_code, district_code = pp, f"{pp}.{kk}", f"{pp}.{kk}.{cc}"
    findings: list[Finding] = []
    province = get_region(province_code)
    regency = district = retired = None
    if province is None:
        findings.append(error(f"{prefix}.province_unknown", field, region_code=pp))
    if not _is_regency_number(kk):
        findings.append(error(f"{prefix}.regency_code", field, region_code=kk))
    if cc == "00":
        findings.append(error(f"{prefix}.district_code", field))
    if not findings:
        regency = get_region(regency_code)
        retired = retired_regency(regency_code) if regency is None else None
        if retired is not None:
            findings.append(
                warning(
                    f"{prefix}.regency_retired",
                    field,
                    region_code=regency_code,
                    name=retired.name,
                    province=retired.province,
                    successor_code=retired.successor.code,
                    successor=retired.successor.name,
                    successor_province=retired.successor_province,
                    law=retired.law,
                )
            )
        elif regency is None:
            findings.append(warning(f"{prefix}.regency_unknown", field, region_code=regency_code))
        else:
            district = get_region(district_code)
            if district is None:
                findings.append(
                    warning(
                        f"{prefix}.district_unknown",
                        field,
                        region_code=district_code,
                        regency=regency.name,
                    )
                )
    return RegionPart(
        province_code=province_code,
        regency_code=regency_code,
        district_code=district_code,
        province=province.name if province else None,
        regency=regency.name if regency else None,
        district=district.name if district else None,
        findings=tuple(findings),
        retired=retired,
    )
