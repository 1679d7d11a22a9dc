"""Importing applicants from a CSV file, all or nothing.

Every row is checked first (field checks, duplicates in the database and within the file); if
any row is refused, nothing is written and the report names each row, field and problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Table

from ltsa_desk import clock
from ltsa_desk.db import bulk
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Office
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.identity import mask_nik
from ltsa_desk.progress import Progress, silent
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.applicant_checks import (
    ApplicantInput,
    check_applicant,
    reasons_for,
    unacknowledged,
)
from ltsa_desk.services.applicants import duplicate_findings
from ltsa_desk.services.audit import append_events, field_changes, row_of
from ltsa_desk.services.tx import write

MAX_ROWS = 10_000
APPLICANT_TABLE: Table = Applicant.__table__  # type: ignore[attr-defined]


@dataclass
class RowProblem:
    line: int
    findings: list[Finding]


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    header_error: Finding | None = None

    @property
    def ok(self) -> bool:
        return self.header_error is None and not self.problems


def _header_finding(key: str, **params: str) -> Finding:
    return Finding.from_catalog("import.header", Severity.ERROR, "file", key, **params)


def read_rows(text: str) -> tuple[list[dict[str, str]], Finding | None]:
    try:
        return _read_rows(text)
    except csv.Error as exc:
        return [], _header_finding("services.import_malformed", reason=str(exc))


def _read_rows(text: str) -> tuple[list[dict[str, str]], Finding | None]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    allowed = set(ApplicantInput.model_fields)
    unknown = [c for c in columns if c not in allowed]
    if not columns:
        return [], _header_finding("services.import_empty")
    if unknown:
        return [], _header_finding(
            "services.import_columns",
            unknown=", ".join(unknown),
            allowed=", ".join(sorted(allowed)),
        )
    rows = []
    for raw in reader:
        rows.append({k.strip(): (v or "") for k, v in raw.items() if k is not None})
        if len(rows) > MAX_ROWS:
            return [], _header_finding("services.import_too_many", maximum=str(MAX_ROWS))
    return rows, None


def import_applicants(
    db: Database,
    actor: Actor,
    source: Path | str,
    *,
    accept_warnings_reason: str = "",
    today: date | None = None,
    progress: Progress = silent,
) -> ImportReport:
    """Check every row, then save all of them in one transaction, or none. ``progress``
    counts the rows checked, then the one bulk write that saves them."""
    require(actor, "import_applicants")
    text = Path(source).read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    rows, header_error = read_rows(text)
    report = ImportReport(rows=len(rows), header_error=header_error)
    if header_error is not None:
        return report
    day = today or clock.today()
    with write(db) as session:
        office = session.get(Office, actor.office_id)
        regency = office.regency_code if office else None
        seen_niks: dict[str, int] = {}
        ready: list[tuple[dict[str, object], dict[str, str]]] = []
        steps = len(rows) + 1
        progress(0, steps)
        for line, row in enumerate(rows, start=2):
            progress(line - 2, steps)
            checked = check_applicant(ApplicantInput(**row), office_regency_code=regency, today=day)
            findings = checked.findings + duplicate_findings(session, checked.values)
            nik = str(checked.values.get("nik") or "")
            if nik and nik in seen_niks:
                findings.append(
                    Finding.from_catalog(
                        "import.duplicate_in_file",
                        Severity.ERROR,
                        "nik",
                        "services.import_duplicate_in_file",
                        line=seen_niks[nik],
                    )
                )
            seen_niks.setdefault(nik, line)
            overrides: Mapping[str, str] = (
                {f.code: accept_warnings_reason for f in findings} if accept_warnings_reason else {}
            )
            blocking = unacknowledged(findings, overrides)
            if blocking:
                report.problems.append(RowProblem(line, blocking))
            else:
                ready.append((checked.values, reasons_for(findings, overrides)))
        if report.problems:
            return report
        progress(len(rows), steps)
        applicants = [
            Applicant(
                office_id=actor.office_id,
                updated_by=actor.operator_id,
                acknowledged=acknowledged,
                **values,  # type: ignore[arg-type]
            )
            for values, acknowledged in ready
        ]
        # All at once (COPY on PostgreSQL), then their trail, hash-chained in file order.
        bulk.insert_rows(session.connection(), APPLICANT_TABLE, [row_of(a) for a in applicants])
        append_events(
            session,
            actor,
            "applicant.import",
            "applicant",
            [
                (a.id, field_changes({}, {**values, "nik": mask_nik(a.nik)}))
                for a, (values, _acknowledged) in zip(applicants, ready, strict=True)
            ],
        )
        report.imported = len(ready)
        progress(steps, steps)
    return report
