"""The hand-off file: one row per complete file, shaped for keying into SIAPkerja/SISKOP2MI.

SIAPkerja keys a CPMI on the NIK, so this is the one export that carries the **full NIK** (every
recap export masks it). The file is personal data: it is written with owner-only permissions
and its creation is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from ltsa_desk.db.models import Applicant, Application, P3mi
from ltsa_desk.i18n import Lang, t
from ltsa_desk.identity import get_region, province_of, regency_of
from ltsa_desk.reports import labels
from ltsa_desk.reports.files import Sheet, Value, render_csv, render_xlsx

HandoffFormat = Literal["csv", "xlsx"]
HANDOFF_FORMATS: tuple[HandoffFormat, ...] = ("csv", "xlsx")


@dataclass(frozen=True)
class HandoffRecord:
    """What one row is built from."""

    application: Application
    applicant: Applicant
    p3mi: P3mi | None
    office_code: str
    batch_code: str
    exported_at: datetime


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _region_name(code: str, level: int) -> str:
    if not code:
        return ""
    parts = code.split(".")
    if len(parts) < level:
        return ""
    if level == 1:
        region = province_of(code)
    elif level == 2:
        region = regency_of(code)
    else:
        region = get_region(".".join(parts[:level]))
    return region.name if region else ""


Getter = Callable[[HandoffRecord, Lang], Value]

#: (column key, value). Keys name ``reports.handoff_col.*`` headers; their order is the file's.
COLUMNS: tuple[tuple[str, Getter], ...] = (
    ("registration_number", lambda r, _l: r.application.registration_number),
    ("nik", lambda r, _l: r.applicant.nik),
    ("full_name", lambda r, _l: r.applicant.full_name),
    ("birth_place", lambda r, _l: r.applicant.birth_place),
    ("birth_date", lambda r, _l: _day(r.applicant.birth_date)),
    ("sex", lambda r, _l: r.applicant.sex),
    ("marital_status", lambda r, lang: labels.marital(r.applicant.marital_status, lang)),
    ("religion", lambda r, _l: r.applicant.religion),
    ("education", lambda r, _l: r.applicant.education.upper()),
    ("kk_number", lambda r, _l: r.applicant.kk_number),
    ("mother_name", lambda r, _l: r.applicant.mother_name),
    ("address", lambda r, _l: r.applicant.address_line),
    ("village_code", lambda r, _l: r.applicant.village_code),
    ("village", lambda r, _l: _region_name(r.applicant.village_code, 4)),
    ("district", lambda r, _l: _region_name(r.applicant.village_code, 3)),
    ("regency", lambda r, _l: _region_name(r.applicant.village_code, 2)),
    ("province", lambda r, _l: _region_name(r.applicant.village_code, 1)),
    ("phone", lambda r, _l: r.applicant.phone),
    ("email", lambda r, _l: r.applicant.email),
    ("passport_number", lambda r, _l: r.applicant.passport_number),
    ("passport_name", lambda r, _l: r.applicant.passport_name),
    ("emergency_name", lambda r, _l: r.applicant.emergency_name),
    ("emergency_relation", lambda r, _l: r.applicant.emergency_relation),
    ("emergency_phone", lambda r, _l: r.applicant.emergency_phone),
    ("destination", lambda r, _l: r.application.destination),
    ("destination_name", lambda r, lang: labels.country(r.application.destination, lang)),
    ("scheme", lambda r, _l: r.application.scheme),
    ("programme", lambda r, _l: r.application.programme),
    ("sector", lambda r, _l: r.application.sector),
    ("job", lambda r, _l: r.application.job),
    ("p3mi_name", lambda r, _l: r.p3mi.name if r.p3mi else ""),
    ("p3mi_licence", lambda r, _l: r.p3mi.licence_number if r.p3mi else ""),
    ("job_order_number", lambda r, _l: r.application.job_order_number),
    ("employer_name", lambda r, _l: r.application.employer_name),
    ("planned_departure", lambda r, _l: _day(r.application.planned_departure)),
    ("office_code", lambda r, _l: r.office_code),
    ("batch", lambda r, _l: r.batch_code),
    ("exported_at", lambda r, _l: r.exported_at.isoformat(timespec="seconds")),
)
COLUMN_KEYS = tuple(key for key, _getter in COLUMNS)
#: Numbers that must stay text in a spreadsheet: leading zeros, 16 digits, a leading "+".
TEXT_COLUMNS = frozenset(
    COLUMN_KEYS.index(key)
    for key in ("nik", "kk_number", "phone", "emergency_phone", "village_code", "passport_number")
)


def header(lang: Lang) -> list[str]:
    return [t(f"reports.handoff_col.{key}", lang) for key in COLUMN_KEYS]


def rows(records: Sequence[HandoffRecord], lang: Lang) -> list[list[Value]]:
    return [[getter(record, lang) for _key, getter in COLUMNS] for record in records]


def render_handoff(
    records: Sequence[HandoffRecord], file_format: HandoffFormat, lang: Lang
) -> bytes:
    if file_format == "csv":
        return render_csv(header(lang), rows(records, lang))
    sheet = Sheet(t("reports.handoff_sheet", lang), header(lang), rows(records, lang), TEXT_COLUMNS)
    created = records[0].exported_at if records else None
    return render_xlsx([sheet], created=created)
