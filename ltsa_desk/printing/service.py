"""Printing as a service: render, save, send to the printer, and record it in the audit trail.

The PDF is always saved first (to ``--output`` or the settings' ``output_dir``), then sent to the
configured printer (CUPS ``lp``, or the Windows print verb: see ``printers``). So a missing
``lp``, a stopped CUPS or no PDF reader on Windows still leaves a file the operator can print by
hand, and the message says where it is; with no printer configured, it says that too. Every
print and reprint is an audit event ("print.checklist", "print.receipt", "print.requirements").

reportlab is imported inside the functions: the desk imports this module at start-up.
"""

from __future__ import annotations

import errno
import os
import re
import uuid
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from ltsa_desk import clock
from ltsa_desk.config import Settings, load_settings
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import AuditEvent, Office
from ltsa_desk.i18n import Lang, t
from ltsa_desk.printing import content, printers
from ltsa_desk.printing.errors import (
    DiskFull,
    NothingHandedOver,
    OutputNotWritable,
    SavedButNotPrinted,
)
from ltsa_desk.rules import Profile, Ruleset, evaluate
from ltsa_desk.services.access import Actor, require
from ltsa_desk.services.audit import append_event
from ltsa_desk.services.checklist import get_checklist
from ltsa_desk.services.rulesets import current_ruleset
from ltsa_desk.services.tx import write

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PrintOutcome:
    """Where the document went: always a saved PDF, and the printer when it was sent to one."""

    path: Path
    printer: str | None
    pages: int = 1
    job: str | None = None
    #: Printing was asked for, but this desk has no ``printer`` in its settings.
    no_printer: bool = False

    def message(self, lang: Lang = "id") -> str:
        if self.printer:
            return t("printing.outcome.sent", lang, printer=self.printer, path=self.path)
        if self.no_printer:
            return t("printing.outcome.no_printer", lang, path=self.path)
        return t("printing.outcome.saved", lang, path=self.path)


@dataclass(frozen=True)
class _Job:
    """One rendered document on its way out, with what its audit event records."""

    kind: str
    pdf: bytes
    pages: int
    moment: datetime
    file_stem: str
    entity: str
    entity_id: uuid.UUID | None
    details: Mapping[str, Any]


# ---------------------------------------------------------------------------- the services


def print_checklist(
    db: Database,
    actor: Actor,
    application_id: uuid.UUID,
    *,
    lang: Lang = "id",
    output: Path | None = None,
    send: bool = True,
    settings: Settings | None = None,
    ruleset: Ruleset | None = None,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print the applicant's checklist. ``send=False`` saves the PDF without printing it."""
    require(actor, "print_documents")
    settings = settings or load_settings()
    moment = _moment(now)
    ruleset = ruleset or current_ruleset(settings.rules_file)
    checklist = get_checklist(db, application_id, ruleset=ruleset, today=moment.date())
    sheet = content.checklist_sheet(
        checklist,
        office=_office(db, actor),
        actor=actor,
        ruleset=ruleset,
        moment=moment,
        lang=lang,
    )
    from ltsa_desk.printing.checklist_pdf import render_checklist

    rendered = render_checklist(sheet)
    regno = checklist.application.registration_number
    job = _Job(
        kind="checklist",
        pdf=rendered.pdf,
        pages=rendered.pages,
        moment=moment,
        file_stem=f"checklist-{regno}",
        entity="application",
        entity_id=application_id,
        details={"registration_number": regno, "items": len(checklist.rows)},
    )
    return _deliver(db, actor, job, output=output, send=send, settings=settings, lang=lang)


def print_receipt(
    db: Database,
    actor: Actor,
    application_id: uuid.UUID,
    *,
    lang: Lang = "id",
    output: Path | None = None,
    send: bool = True,
    settings: Settings | None = None,
    ruleset: Ruleset | None = None,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print the receipt (two copies) for the documents handed over today.

    Raises ``NothingHandedOver`` when no document of the application was received today.
    """
    require(actor, "print_documents")
    settings = settings or load_settings()
    moment = _moment(now)
    ruleset = ruleset or current_ruleset(settings.rules_file)
    checklist = get_checklist(db, application_id, ruleset=ruleset, today=moment.date())
    regno = checklist.application.registration_number
    rows = content.handed_over(checklist, moment)
    if not rows:
        raise NothingHandedOver(regno=regno)
    sheet = content.receipt_sheet(
        checklist, rows, office=_office(db, actor), actor=actor, moment=moment, lang=lang
    )
    from ltsa_desk.printing.receipt_pdf import render_receipt

    rendered = render_receipt(sheet)
    job = _Job(
        kind="receipt",
        pdf=rendered.pdf,
        pages=rendered.pages,
        moment=moment,
        file_stem=f"receipt-{regno}",
        entity="application",
        entity_id=application_id,
        details={
            "registration_number": regno,
            "documents": [row.item.document_code for row in rows],
        },
    )
    return _deliver(db, actor, job, output=output, send=send, settings=settings, lang=lang)


def print_requirements(
    db: Database,
    actor: Actor,
    profile: Profile,
    *,
    lang: Lang = "id",
    output: Path | None = None,
    send: bool = True,
    settings: Settings | None = None,
    ruleset: Ruleset | None = None,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print the pre-counselling sheet for ``profile`` (the ``ltsa-desk requirements`` answer).

    Raises ``ProfileError`` for a profile value the ruleset does not know.
    """
    require(actor, "print_documents")
    settings = settings or load_settings()
    moment = _moment(now)
    ruleset = ruleset or current_ruleset(settings.rules_file)
    evaluation = evaluate(ruleset, profile, today=moment.date())
    sheet = content.requirements_sheet(
        evaluation,
        ruleset,
        office=_office(db, actor),
        actor=actor,
        complaint=settings.complaint_channel_en if lang == "en" else settings.complaint_channel,
        moment=moment,
        lang=lang,
    )
    from ltsa_desk.printing.requirements_pdf import render_requirements

    rendered = render_requirements(sheet)
    job = _Job(
        kind="requirements",
        pdf=rendered.pdf,
        pages=rendered.pages,
        moment=moment,
        file_stem=f"requirements-{profile.scheme}-{profile.destination}-{profile.sector}",
        entity="requirements",
        entity_id=None,
        # The profile without the birth date: the trail needs what was printed, not who for.
        details={
            "profile": {k: v for k, v in profile.as_dict().items() if k != "birth_date"},
            "ruleset": evaluation.ruleset_ref,
            "items": evaluation.codes,
        },
    )
    return _deliver(db, actor, job, output=output, send=send, settings=settings, lang=lang)


# ---------------------------------------------------------------------------- the plumbing


def _moment(now: datetime | None) -> datetime:
    """The desk's wall-clock time (printed on paper, and "today" for the receipt).

    An aware ``now`` keeps its own zone (WIB, WITA or WIT); a naive one is UTC, as stored; by
    default, the office's clock.
    """
    if now is None:
        return clock.local_now()
    return now if now.tzinfo is not None else clock.local(now)


def _office(db: Database, actor: Actor) -> Office | None:
    with db.read() as session:
        return session.get(Office, actor.office_id)


def default_path(folder: Path, stem: str, moment: datetime) -> Path:
    """``<output_dir>/checklist-KEBUMEN-2026-000001-20261125-101500.pdf``: a reprint never
    overwrites the paper the applicant already holds a copy of."""
    safe = _UNSAFE.sub("_", stem).strip("._") or "document"
    return folder / f"{safe}-{moment:%Y%m%d-%H%M%S}.pdf"


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _not_saved(exc: OSError, folder: Path) -> DiskFull | OutputNotWritable:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(folder=folder)
    return OutputNotWritable(folder=folder, detail=exc.strerror or type(exc).__name__)


def save_pdf(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` whole or not at all (temporary file, then rename)."""
    path = path.absolute()
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _not_saved(exc, folder) from exc
    partial = folder / f".{path.name}.{os.getpid()}.part"
    try:
        _write_bytes(partial, data)
        partial.replace(path)
    except OSError as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise _not_saved(exc, folder) from exc
    return path


def _previous_prints(session: Any, job: _Job) -> int:
    """How often this document of this application was printed before, from the trail itself."""
    if job.entity_id is None:
        return 0
    query = (
        select(func.count())
        .select_from(AuditEvent)
        .where(
            col(AuditEvent.action) == f"print.{job.kind}",
            col(AuditEvent.entity_id) == str(job.entity_id),
        )
    )
    return int(session.exec(query).one())


def _deliver(
    db: Database,
    actor: Actor,
    job: _Job,
    *,
    output: Path | None,
    send: bool,
    settings: Settings,
    lang: Lang,
) -> PrintOutcome:
    path = save_pdf(job.pdf, output or default_path(settings.output_dir, job.file_stem, job.moment))
    printer = (settings.printer or "").strip() if send else ""
    failure: SavedButNotPrinted | None = None
    job_id = None
    if printer:
        try:
            job_id = printers.send(path, printer, f"ltsa-desk {job.file_stem}")
        except SavedButNotPrinted as exc:
            failure = exc
    with write(db) as session:
        copy = _previous_prints(session, job) + 1
        append_event(
            session,
            actor=actor,
            action=f"print.{job.kind}",
            entity=job.entity,
            entity_id=job.entity_id,
            changes={
                **job.details,
                "file": str(path),
                "pages": job.pages,
                "printer": printer or None,
                "job": job_id,
                "copy": copy,
                "reprint": copy > 1,
                "lang": lang,
                "error": failure.key if failure else None,
            },
        )
    if failure is not None:
        raise failure
    return PrintOutcome(
        path=path,
        printer=printer or None,
        pages=job.pages,
        job=job_id,
        no_printer=send and not printer,
    )


def print_test_page(
    printer: str | None = None,
    *,
    lang: Lang = "id",
    output: Path | None = None,
    settings: Settings | None = None,
) -> PrintOutcome:
    """A one-page PDF naming the printer, the computer and the time, saved and sent to
    ``printer`` (default: the settings' ``printer``). Nothing about applicants is on it, so
    it needs no login and leaves no audit event."""
    import platform

    from ltsa_desk import __version__
    from ltsa_desk.printing.testpage_pdf import render_test_page

    settings = settings or load_settings()
    chosen = (printer or settings.printer or "").strip()
    moment = clock.local_now()
    lines = [
        t("printing.test_page.printer", lang, printer=chosen or "-"),
        t("printing.test_page.computer", lang, computer=platform.node() or "-"),
        t("printing.test_page.time", lang, time=f"{moment:%d-%m-%Y %H:%M}"),
        t("printing.test_page.version", lang, version=__version__),
    ]
    pdf = render_test_page(t("printing.test_page.title", lang), lines)
    path = save_pdf(pdf, output or default_path(settings.output_dir, "test-page", moment))
    if not chosen:
        return PrintOutcome(path=path, printer=None, no_printer=True)
    job_id = printers.send(path, chosen, "ltsa-desk test page")
    return PrintOutcome(path=path, printer=chosen, job=job_id)
