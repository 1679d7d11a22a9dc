"""Out-of-area applicants: a KTP from outside the region the office serves.

Some Disnaker offices could not issue CPMI ID numbers for applicants domiciled elsewhere, and some
services ask for a recommendation from the Disnaker of the KTP's origin (domain.md §2.3). That is
worth a second look, not a refusal, so it is a warning. A NIK with a code retired by a split is
compared as its successor region.
"""

from __future__ import annotations

from ltsa_desk.findings import Finding
from ltsa_desk.identity._common import warning
from ltsa_desk.identity.regions import get_region, level_of, normalize_code
from ltsa_desk.identity.retired import retired_regency


def _label(dotted: str) -> str:
    region = get_region(dotted)
    return f"{region.name} ({dotted})" if region else dotted


def check_out_of_area(
    nik_regency_code: str | None, office_regency_code: str, *, field: str = "nik"
) -> list[Finding]:
    """A warning when the KTP's kabupaten/kota is not the one the serving office covers.

    Codes may be dotted or not. A deeper code (a kecamatan from the NIK) is cut to its
    kabupaten/kota; a provincial office (a two-digit code) compares provinces only. With no
    usable NIK region there is nothing to compare: the NIK check reports that.

    Raises ValueError for a malformed office code: it comes from configuration, not from typing.
    """
    office = normalize_code(office_regency_code)
    if office is None:
        raise ValueError(f"not a region code: {office_regency_code!r}")
    if nik_regency_code is None:
        return []
    applicant = normalize_code(nik_regency_code)
    if applicant is None:
        return []
    if level_of(applicant) >= 2 and (retired := retired_regency(applicant[:5])) is not None:
        applicant = retired.successor.code + applicant[5:]  # Merauke's 91.01 is today's 93.01
    depth = min(level_of(office), 2)
    if level_of(applicant) < depth:
        return []
    applicant_area = ".".join(applicant.split(".")[:depth])
    office_area = ".".join(office.split(".")[:depth])
    if applicant_area == office_area:
        return []
    return [
        warning(
            "area.out_of_area",
            field,
            ktp_region=_label(applicant_area),
            office_region=_label(office_area),
        )
    ]
