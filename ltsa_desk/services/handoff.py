"""The hand-off of complete files to SIAPkerja/SISKOP2MI: export, re-export, acceptance.

Each complete application moves captured → exported (batch, when) → accepted centrally. An
export takes only files never exported before, so nothing goes out twice by accident; sending
a batch again is an explicit re-export, recorded as a new batch that names the first. The file
is written before the transaction commits and removed if the commit fails: the database never
says "exported" for a file that does not exist, nor the other way round.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from ltsa_desk import clock
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Handoff,
    HandoffBatch,
    HandoffLine,
    HandoffStatus,
    Office,
    P3mi,
)
from ltsa_desk.i18n import Lang
from ltsa_desk.progress import Progress, silent
from ltsa_desk.reports.files import write_atomically
from ltsa_desk.reports.handoff_file import HandoffFormat, HandoffRecord, render_handoff
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.errors import NotFound, ServiceError
from ltsa_desk.services.sequences import next_value
from ltsa_desk.services.tx import write

#: Ids per ``IN (…)`` list, well under SQLite's limit on bound parameters.
CHUNK = 500


class NothingToExport(ServiceError):
    key = "reports.handoff_nothing"


@dataclass(frozen=True)
class ExportResult:
    batch_code: str
    path: Path
    rows: int
    reexport_of: str | None
    registration_numbers: tuple[str, ...]


@dataclass
class AcceptResult:
    accepted: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    not_exported: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BatchSummary:
    code: str
    created_at: datetime
    file_format: str
    rows: int
    accepted: int
    reexport_of: str | None


@dataclass(frozen=True)
class HandoffOverview:
    #: Complete files never exported: what the next export will take.
    ready: int
    exported: int
    accepted: int
    #: Exported files whose applicant or plan changed after the export: re-export them.
    changed_since_export: tuple[str, ...]
    batches: tuple[BatchSummary, ...]


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _ready_ids(session: Session, office_id: uuid.UUID) -> list[uuid.UUID]:
    """Complete applications of the office with no hand-off yet, by registration number."""
    return list(
        session.exec(
            select(col(Application.id))
            .outerjoin(Handoff, col(Handoff.application_id) == col(Application.id))
            .where(
                col(Application.office_id) == office_id,
                col(Application.status) == ApplicationStatus.COMPLETE.value,
                col(Handoff.id).is_(None),
            )
            .order_by(col(Application.registration_number))
        )
    )


def _records(
    session: Session, ids: Sequence[uuid.UUID], office_code: str, batch_code: str, at: datetime
) -> list[HandoffRecord]:
    found: dict[uuid.UUID, HandoffRecord] = {}
    for chunk in _chunks(ids):
        for application, applicant, p3mi in session.exec(
            select(Application, Applicant, P3mi)
            .join(Applicant, col(Applicant.id) == col(Application.applicant_id))
            .outerjoin(P3mi, col(P3mi.id) == col(Application.p3mi_id))
            .where(col(Application.id).in_(chunk))
        ):
            found[application.id] = HandoffRecord(
                application, applicant, p3mi, office_code, batch_code, at
            )
    return [found[i] for i in ids if i in found]


def _batch_code(session: Session, office: Office, at: datetime) -> str:
    year = clock.local(at).year
    seq = next_value(session, office.id, f"handoff:{year}")
    return f"{office.code}-HO-{year}-{seq:04d}"


def _find_batch(session: Session, office_id: uuid.UUID, code: str) -> HandoffBatch:
    batch = session.exec(
        select(HandoffBatch).where(
            col(HandoffBatch.office_id) == office_id,
            col(HandoffBatch.code) == code.strip().upper(),
        )
    ).first()
    if batch is None:
        raise NotFound(entity="handoff_batch", key_value=code)
    return batch


def _batch_ids(session: Session, batch_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.exec(
            select(col(HandoffLine.application_id))
            .where(col(HandoffLine.batch_id) == batch_id)
            .order_by(col(HandoffLine.row_number))
        )
    )


def default_file_name(batch_code: str, file_format: HandoffFormat) -> str:
    return f"serah-terima_{batch_code}.{file_format}"


def export_handoff(
    db: Database,
    actor: Actor,
    *,
    file_format: HandoffFormat,
    output_dir: Path,
    output: Path | None = None,
    reexport: str | None = None,
    lang: Lang = "id",
    progress: Progress = silent,
) -> ExportResult:
    """Write the next batch (or re-export batch ``reexport``) and record it, together or not.
    ``progress`` counts three steps: the batch's lines recorded, its files read, the file."""
    require(actor, "export_handoff")
    written: Path | None = None
    try:
        with write(db) as session:
            office = session.get(Office, actor.office_id)
            assert office is not None
            original = _find_batch(session, office.id, reexport) if reexport else None
            ids = _batch_ids(session, original.id) if original else _ready_ids(session, office.id)
            if not ids:
                raise NothingToExport()
            now = clock.now()
            code = _batch_code(session, office, now)
            batch = HandoffBatch(
                office_id=office.id,
                code=code,
                file_format=file_format,
                row_count=len(ids),
                reexport_of=original.id if original else None,
                created_by=actor.operator_id,
                updated_by=actor.operator_id,
            )
            session.add(batch)
            session.flush()
            progress(0, 3)
            _record_lines(session, batch, ids, office.id, now, actor)
            progress(1, 3)
            records = _records(session, ids, office.code, code, now)
            progress(2, 3)
            path = output or output_dir / default_file_name(code, file_format)
            append_event(
                session,
                actor=actor,
                action="handoff.reexport" if original else "handoff.export",
                entity="handoff_batch",
                entity_id=batch.id,
                changes={
                    "code": [None, code],
                    "format": [None, file_format],
                    "rows": [None, len(records)],
                    "file": [None, path.name],
                    "registration_numbers": [
                        None,
                        [r.application.registration_number for r in records],
                    ],
                    **({"reexport_of": [None, original.code]} if original else {}),
                },
            )
            write_atomically(path, render_handoff(records, file_format, lang))
            written = path
            progress(3, 3)
        return ExportResult(
            code,
            path,
            len(records),
            original.code if original else None,
            tuple(r.application.registration_number for r in records),
        )
    except BaseException:
        # The transaction did not commit: a file written for it would claim an export that
        # the database does not know about.
        if written is not None:
            written.unlink(missing_ok=True)
        raise


def _record_lines(
    session: Session,
    batch: HandoffBatch,
    ids: Sequence[uuid.UUID],
    office_id: uuid.UUID,
    now: datetime,
    actor: Actor,
) -> None:
    existing = {
        h.application_id: h
        for chunk in _chunks(ids)
        for h in session.exec(select(Handoff).where(col(Handoff.application_id).in_(chunk)))
    }
    for number, application_id in enumerate(ids, start=1):
        session.add(
            HandoffLine(
                batch_id=batch.id,
                application_id=application_id,
                row_number=number,
                updated_by=actor.operator_id,
            )
        )
        handoff = existing.get(application_id)
        if handoff is None:
            handoff = Handoff(
                application_id=application_id,
                office_id=office_id,
                status=HandoffStatus.EXPORTED,
                batch_id=batch.id,
                first_exported_at=now,
                exported_at=now,
            )
        else:
            # A re-export: an accepted file stays accepted, it is only sent again.
            handoff.batch_id = batch.id
            handoff.exported_at = now
            handoff.export_count += 1
        handoff.updated_by = actor.operator_id
        session.add(handoff)
    session.flush()


def _resolve_keys(session: Session, office_id: uuid.UUID, keys: Sequence[str]) -> list[Application]:
    """Applications named by batch codes or registration numbers; unknown keys refuse all."""
    applications: dict[uuid.UUID, Application] = {}
    for raw in keys:
        key = raw.strip().upper()
        batch = session.exec(
            select(HandoffBatch).where(
                col(HandoffBatch.office_id) == office_id, col(HandoffBatch.code) == key
            )
        ).first()
        if batch is not None:
            for chunk in _chunks(_batch_ids(session, batch.id)):
                for application in session.exec(
                    select(Application).where(col(Application.id).in_(chunk))
                ):
                    applications[application.id] = application
            continue
        named = session.exec(
            select(Application).where(
                col(Application.office_id) == office_id,
                col(Application.registration_number) == key,
            )
        ).first()
        if named is None:
            raise NotFound(entity="handoff", key_value=raw)
        applications[named.id] = named
    return sorted(applications.values(), key=lambda a: a.registration_number)


def accept_handoff(
    db: Database, actor: Actor, keys: Sequence[str], *, central_reference: str = ""
) -> AcceptResult:
    """Mark files as accepted centrally, by batch code or registration number."""
    require(actor, "accept_handoff")
    result = AcceptResult()
    reference = central_reference.strip()[:60]
    with write(db) as session:
        applications = _resolve_keys(session, actor.office_id, keys)
        now = clock.now()
        for application in applications:
            regno = application.registration_number
            handoff = session.exec(
                select(Handoff).where(col(Handoff.application_id) == application.id)
            ).first()
            if handoff is None:
                result.not_exported.append(regno)
                continue
            if handoff.status == HandoffStatus.ACCEPTED:
                result.already.append(regno)
                continue
            handoff.status = HandoffStatus.ACCEPTED
            handoff.accepted_at = now
            handoff.accepted_by = actor.operator_id
            if reference:
                handoff.central_reference = reference
            handoff.updated_by = actor.operator_id
            session.add(handoff)
            append_event(
                session,
                actor=actor,
                action="handoff.accept",
                entity="handoff",
                entity_id=handoff.id,
                changes={
                    "registration_number": [regno, regno],
                    "status": [HandoffStatus.EXPORTED, HandoffStatus.ACCEPTED],
                    **({"central_reference": [None, reference]} if reference else {}),
                },
            )
            result.accepted.append(regno)
    return result


def handoff_overview(db: Database, actor: Actor, *, batches: int = 20) -> HandoffOverview:
    """Counts per hand-off state, files changed since their export, and the latest batches."""
    require(actor, "read_recap")
    office_id = actor.office_id
    with db.read() as session:
        ready = len(_ready_ids(session, office_id))
        by_status = {
            str(status): int(n)
            for status, n in session.exec(
                select(col(Handoff.status), func.count())
                .where(col(Handoff.office_id) == office_id)
                .group_by(col(Handoff.status))
            )
        }
        changed = session.exec(
            select(col(Application.registration_number))
            .join(Handoff, col(Handoff.application_id) == col(Application.id))
            .join(Applicant, col(Applicant.id) == col(Application.applicant_id))
            .where(
                col(Handoff.office_id) == office_id,
                or_(
                    col(Application.updated_at) > col(Handoff.exported_at),
                    col(Applicant.updated_at) > col(Handoff.exported_at),
                ),
            )
            .order_by(col(Application.registration_number))
            .limit(200)
        ).all()
        accepted_per_batch = (
            select(func.count())
            .select_from(HandoffLine)
            .join(Handoff, col(Handoff.application_id) == col(HandoffLine.application_id))
            .where(
                col(HandoffLine.batch_id) == col(HandoffBatch.id),
                col(Handoff.status) == HandoffStatus.ACCEPTED.value,
            )
            .scalar_subquery()
        )
        rows = session.exec(
            select(HandoffBatch, accepted_per_batch)
            .where(col(HandoffBatch.office_id) == office_id)
            .order_by(col(HandoffBatch.created_at).desc())
            .limit(batches)
        ).all()
        codes = {
            b.id: b.code
            for b in session.exec(
                select(HandoffBatch).where(
                    col(HandoffBatch.id).in_([b.reexport_of for b, _n in rows if b.reexport_of])
                )
            )
        }
        return HandoffOverview(
            ready=ready,
            exported=by_status.get(HandoffStatus.EXPORTED.value, 0),
            accepted=by_status.get(HandoffStatus.ACCEPTED.value, 0),
            changed_since_export=tuple(changed),
            batches=tuple(
                BatchSummary(
                    b.code,
                    b.created_at,
                    b.file_format,
                    b.row_count,
                    int(n or 0),
                    codes.get(b.reexport_of) if b.reexport_of else None,
                )
                for b, n in rows
            ),
        )
