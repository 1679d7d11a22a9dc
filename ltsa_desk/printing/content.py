"""What each printed document says, as plain data in one language; no reportlab here.

The builders turn the core's objects (a checklist, an evaluation) into sheets of ready-made,
translated strings. The layout modules only place those strings on paper, so wording and
choices (which NIK is masked, which items say where to go) are testable without a PDF.
Strings taken from the database stay exactly as typed; the layout escapes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Generic, TypeVar

from ltsa_desk.db.models import Applicant, ApplicationStatus, ItemStatus, Office
from ltsa_desk.i18n import Lang, catalog, t
from ltsa_desk.identity import compare_names, mask_nik
from ltsa_desk.printing import legal
from ltsa_desk.rules import Evaluation, RequiredItem, Ruleset
from ltsa_desk.services.access import Actor
from ltsa_desk.services.checklist import DONE, TO_BRING, Checklist, ChecklistRow

L = TypeVar("L")

#: Statuses of a document the applicant has physically handed in.
HANDED_IN = (ItemStatus.RECEIVED, ItemStatus.VERIFIED)


@dataclass(frozen=True)
class Letterhead:
    office_name: str
    office_address: str


@dataclass(frozen=True)
class Group(Generic[L]):
    """The lines of one desk, desks in visiting order."""

    desk: str
    lines: tuple[L, ...]


@dataclass(frozen=True)
class ChecklistLine:
    title: str
    marks: tuple[str, ...]
    done: bool
    status: str
    number: str
    validity: tuple[str, ...]
    remarks: tuple[str, ...]
    #: Numbers of this line's entries in the sheet's warnings list (1-based).
    warning_refs: tuple[int, ...]
    #: Where to get the document and what to bring; empty unless the applicant must bring it.
    where: str
    bring: str
    #: The regulation(s) the item rests on, by name.
    basis: str = ""


@dataclass(frozen=True)
class ChecklistSheet:
    lang: Lang
    letterhead: Letterhead
    registration_number: str
    applicant_name: str
    identity: tuple[tuple[str, str], ...]
    plan: tuple[tuple[str, str], ...]
    progress: str
    next_steps: tuple[str, ...]
    groups: tuple[Group[ChecklistLine], ...]
    warnings: tuple[str, ...]
    ruleset: str
    imprint: str
    operator_name: str
    #: Each age limit that applied, with the date it was measured at and why.
    ages: tuple[str, ...] = ()
    #: The sources the items rest on: name, title, articles, where to read them.
    sources: tuple[str, ...] = ()

    @property
    def has_kades_or_materai(self) -> bool:
        return any(line.marks for group in self.groups for line in group.lines)


@dataclass(frozen=True)
class ReceiptLine:
    title: str
    number: str
    form: str
    status: str


@dataclass(frozen=True)
class ReceiptSheet:
    lang: Lang
    letterhead: Letterhead
    registration_number: str
    applicant_name: str
    identity: tuple[tuple[str, str], ...]
    intro: str
    lines: tuple[ReceiptLine, ...]
    total: str
    imprint: str
    operator_name: str


@dataclass(frozen=True)
class RequirementLine:
    title: str
    marks: tuple[str, ...]
    where: str
    bring: str
    unconfirmed: bool
    basis: str = ""


@dataclass(frozen=True)
class RequirementsSheet:
    lang: Lang
    letterhead: Letterhead
    profile: tuple[tuple[str, str], ...]
    running: str
    blocking: tuple[str, ...]
    findings: tuple[str, ...]
    notices: tuple[str, ...]
    groups: tuple[Group[RequirementLine], ...]
    complaint: str
    ruleset: str
    imprint: str
    #: Lines under each notice, in the order of ``notices`` (e.g. the waived costs).
    notice_entries: tuple[tuple[str, ...], ...] = ()
    ages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def has_kades_or_materai(self) -> bool:
        return any(line.marks for group in self.groups for line in group.lines)


# ---------------------------------------------------------------------------- shared pieces


def format_date(value: date | None, lang: Lang) -> str:
    return value.strftime(t("printing.date_format", lang)) if value else ""


def letterhead(office: Office | None, actor: Actor) -> Letterhead:
    if office is None:
        return Letterhead(actor.office_code, "")
    return Letterhead(office.name, office.address)


def imprint(actor: Actor, moment: datetime, lang: Lang) -> str:
    return t(
        "printing.printed_by",
        lang,
        name=actor.full_name,
        username=actor.username,
        at=moment.strftime(t("printing.datetime_format", lang)),
    )


def _label(prefix: str, code: str, lang: Lang) -> str:
    """A catalog label when there is one, else the code as stored."""
    key = f"printing.{prefix}.{code}"
    return t(key, lang) if key in catalog(lang) else code


def country(code: str, lang: Lang) -> str:
    name = _label("country", code, lang)
    return f"{name} ({code})" if name != code else code


def ruleset_line(ruleset: Ruleset | None, ruleset_id: str, version: str, lang: Lang) -> str:
    name = ruleset.name if ruleset is not None and ruleset.id == ruleset_id else ruleset_id
    return t("printing.ruleset", lang, name=name, version=version, ref=f"{ruleset_id}@{version}")


def _marks(kades_ack: bool, materai: bool, lang: Lang) -> tuple[str, ...]:
    flags = (("mark_kades", kades_ack), ("mark_materai", materai))
    return tuple(t(f"printing.checklist.{key}", lang) for key, on in flags if on)


def _pairs(rows: Iterable[tuple[str, str, bool]], lang: Lang) -> tuple[tuple[str, str], ...]:
    """``(label key, value, always shown)``: optional rows with no value are left out."""
    return tuple(
        (t(f"printing.field.{key}", lang), value or t("printing.none", lang))
        for key, value, always in rows
        if value or always
    )


def _grouped(rows: Sequence[tuple[str, str, L]]) -> tuple[Group[L], ...]:
    """``(desk code, desk name, line)`` in visiting order → one group per desk."""
    groups: list[tuple[str, str, list[L]]] = []
    for code, name, line in rows:
        if not groups or groups[-1][0] != code:
            groups.append((code, name, []))
        groups[-1][2].append(line)
    return tuple(Group(name, tuple(lines)) for _, name, lines in groups)


def _scheme_label(ruleset: Ruleset | None, code: str, lang: Lang) -> str:
    label = ruleset.schemes.get(code) if ruleset else None  # type: ignore[call-overload]
    return (label.name_en if lang == "en" else label.name_id) if label else code


def _sector_label(ruleset: Ruleset | None, code: str, lang: Lang) -> str:
    label = ruleset.sectors.get(code) if ruleset else None  # type: ignore[call-overload]
    return (label.name_en if lang == "en" else label.name_id) if label else code


def _programme_label(ruleset: Ruleset | None, code: str | None, lang: Lang) -> str:
    if not code:
        return ""
    programme = ruleset.programmes.get(code) if ruleset else None
    return (programme.name_en if lang == "en" else programme.name_id) if programme else code


# ---------------------------------------------------------------------------- checklist


def _identity(applicant: Applicant, lang: Lang, *, full_nik: bool) -> tuple[tuple[str, str], ...]:
    birth = ", ".join(
        part for part in (applicant.birth_place, format_date(applicant.birth_date, lang)) if part
    )
    return _pairs(
        (
            ("name", applicant.full_name, True),
            ("nik", applicant.nik if full_nik else mask_nik(applicant.nik), True),
            ("birth", birth, True),
            ("sex", _label("sex", applicant.sex, lang), True),
            ("marital_status", _label("marital", applicant.marital_status, lang), True),
            ("phone", applicant.phone, True),
            ("address", applicant.address_line, False),
            ("passport", applicant.passport_number, False),
        ),
        lang,
    )


def _plan(checklist: Checklist, ruleset: Ruleset | None, lang: Lang) -> tuple[tuple[str, str], ...]:
    app = checklist.application
    p3mi = f"{checklist.p3mi.name} ({checklist.p3mi.licence_number})" if checklist.p3mi else ""
    return _pairs(
        (
            ("scheme", _scheme_label(ruleset, app.scheme, lang), True),
            ("destination", country(app.destination, lang), True),
            ("programme", _programme_label(ruleset, app.programme, lang), False),
            ("sector", _sector_label(ruleset, app.sector, lang), True),
            ("job", app.job, False),
            ("p3mi", p3mi, False),
            ("employer", app.employer_name, False),
            ("job_order", app.job_order_number, False),
            ("departure", format_date(app.planned_departure, lang), True),
        ),
        lang,
    )


def _remarks(row: ChecklistRow, lang: Lang) -> tuple[str, ...]:
    item = row.item
    remarks = []
    if row.status in HANDED_IN and item.is_original is not None:
        remarks.append(t(f"printing.checklist.{'original' if item.is_original else 'copy'}", lang))
    if row.status is ItemStatus.REJECTED and item.reason:
        remarks.append(t("printing.checklist.rejected_reason", lang, reason=item.reason))
    if row.status is ItemStatus.WAIVED and item.reason:
        remarks.append(t("printing.checklist.waived_reason", lang, reason=item.reason))
    if item.note:
        remarks.append(item.note)
    return tuple(remarks)


def _checklist_line(
    row: ChecklistRow, lang: Lang, warning_refs: tuple[int, ...], basis: str = ""
) -> ChecklistLine:
    item = row.item
    validity = []
    if item.issue_date:
        validity.append(
            t("printing.checklist.issued", lang, date=format_date(item.issue_date, lang))
        )
    if item.expiry_date:
        validity.append(
            t("printing.checklist.expires", lang, date=format_date(item.expiry_date, lang))
        )
    to_bring = row.status in TO_BRING
    return ChecklistLine(
        title=row.title(lang),
        marks=_marks(row.kades_ack, row.materai, lang),
        done=row.status in DONE,
        status=t(f"printing.status.{row.status.value}", lang),
        number=item.number,
        validity=tuple(validity),
        remarks=_remarks(row, lang),
        warning_refs=warning_refs,
        where=row.where(lang) if to_bring else "",
        bring=row.bring(lang) if to_bring else "",
        basis=basis,
    )


def _name_warnings(checklist: Checklist, lang: Lang) -> list[str]:
    names = {
        "ktp": checklist.applicant.full_name,
        "passport": checklist.applicant.passport_name,
        "contract": checklist.application.contract_name,
    }
    return [finding.message(lang) for finding in compare_names(names)]


def _about(title: str, message: str) -> str:
    """A row's warning, naming its document unless the message already does."""
    return message if title in message else f"{title}: {message}"


def _next_steps(checklist: Checklist, lang: Lang) -> tuple[str, ...]:
    done = checklist.completeness
    steps = []
    status = checklist.application.status
    if status == ApplicationStatus.BLOCKED:
        steps.append(t("printing.checklist.status_blocked", lang))
    elif status == ApplicationStatus.WITHDRAWN:
        steps.append(t("printing.checklist.status_withdrawn", lang))
    desk = done.next_desk_name(lang)
    if desk:
        titles = [r.title(lang) for r in checklist.rows if r.item.document_code in done.next_codes]
        steps.append(
            t("printing.checklist.next_desk", lang, desk=desk, documents=", ".join(titles))
        )
    if done.to_bring:
        steps.append(t("printing.checklist.still_missing", lang, count=done.to_bring))
    if done.received:
        steps.append(t("printing.checklist.awaiting", lang, count=done.received))
    if done.complete:
        steps.append(t("printing.checklist.complete", lang))
    return tuple(steps)


def checklist_sheet(
    checklist: Checklist,
    *,
    office: Office | None,
    actor: Actor,
    ruleset: Ruleset | None,
    moment: datetime,
    lang: Lang,
) -> ChecklistSheet:
    """The applicant's own checklist: the only paper that shows the NIK in full."""
    warnings = _name_warnings(checklist, lang)
    cite = ruleset.cite if ruleset is not None else str
    rows = []
    for row in checklist.rows:
        first = len(warnings) + 1
        warnings += [_about(row.title(lang), f.message(lang)) for f in row.findings]
        refs = tuple(range(first, len(warnings) + 1))
        line = _checklist_line(row, lang, refs, cite(row.item.basis))
        rows.append((row.item.desk, row.desk_name(lang), line))
    done = checklist.completeness
    app = checklist.application
    evaluation = legal.file_evaluation(ruleset, checklist.applicant, app, moment.date())
    codes = [row.item.document_code for row in checklist.rows]
    return ChecklistSheet(
        lang=lang,
        letterhead=letterhead(office, actor),
        registration_number=app.registration_number,
        applicant_name=checklist.applicant.full_name,
        identity=_identity(checklist.applicant, lang, full_nik=True),
        plan=_plan(checklist, ruleset, lang),
        progress=t(
            "printing.checklist.progress",
            lang,
            done=done.done,
            total=done.total,
            percent=done.percent,
        ),
        next_steps=_next_steps(checklist, lang),
        groups=_grouped(rows),
        warnings=tuple(warnings),
        ruleset=ruleset_line(ruleset, app.ruleset_id, app.ruleset_version, lang),
        imprint=imprint(actor, moment, lang),
        operator_name=actor.full_name,
        ages=legal.age_lines(evaluation, lang) if evaluation else (),
        sources=legal.source_lines(legal.checklist_sources(ruleset, codes, evaluation), lang),
    )


# ---------------------------------------------------------------------------- receipt


def received_on(row: ChecklistRow, day: date, to_local: Callable[[datetime], datetime]) -> bool:
    """Handed in (received or verified) with its reception on ``day``, local time."""
    received = row.item.received_at
    if row.status not in HANDED_IN or received is None:
        return False
    if received.tzinfo is None:  # SQLite gives back naive values; they are stored as UTC
        received = received.replace(tzinfo=UTC)
    return to_local(received).date() == day


def handed_over(checklist: Checklist, moment: datetime) -> list[ChecklistRow]:
    """The rows whose document was physically handed over on ``moment``'s day."""
    zone = moment.tzinfo

    def to_local(value: datetime) -> datetime:
        return value.astimezone(zone)

    return [row for row in checklist.rows if received_on(row, moment.date(), to_local)]


def _form(is_original: bool | None, lang: Lang) -> str:
    if is_original is None:
        return t("printing.none", lang)
    return t(f"printing.checklist.{'original' if is_original else 'copy'}", lang)


def receipt_sheet(
    checklist: Checklist,
    rows: Sequence[ChecklistRow],
    *,
    office: Office | None,
    actor: Actor,
    moment: datetime,
    lang: Lang,
) -> ReceiptSheet:
    """The handover receipt for ``rows``; the NIK is masked (an office copy stays in a file)."""
    lines = tuple(
        ReceiptLine(
            title=row.title(lang),
            number=row.item.number,
            form=_form(row.item.is_original, lang),
            status=t(f"printing.status.{row.status.value}", lang),
        )
        for row in rows
    )
    originals = sum(1 for row in rows if row.item.is_original is True)
    copies = sum(1 for row in rows if row.item.is_original is False)
    applicant = checklist.applicant
    return ReceiptSheet(
        lang=lang,
        letterhead=letterhead(office, actor),
        registration_number=checklist.application.registration_number,
        applicant_name=applicant.full_name,
        identity=_pairs(
            (("name", applicant.full_name, True), ("nik", mask_nik(applicant.nik), True)), lang
        ),
        intro=t("printing.receipt.intro", lang, date=format_date(moment.date(), lang)),
        lines=lines,
        total=t(
            "printing.receipt.total",
            lang,
            count=len(lines),
            originals=originals,
            copies=copies,
            unknown=len(lines) - originals - copies,
        ),
        imprint=imprint(actor, moment, lang),
        operator_name=actor.full_name,
    )


# ---------------------------------------------------------------------------- pre-counselling


def _requirement_line(item: RequiredItem, lang: Lang) -> RequirementLine:
    return RequirementLine(
        title=item.title(lang),
        marks=_marks(item.kades_ack, item.materai, lang),
        where=item.where(lang),
        bring=item.bring(lang),
        unconfirmed=item.unconfirmed,
        basis=item.basis,
    )


def _profile_pairs(
    evaluation: Evaluation, ruleset: Ruleset, lang: Lang
) -> tuple[tuple[str, str], ...]:
    profile = evaluation.profile
    age = ""
    if evaluation.age is not None:
        age = t(
            "printing.field.age_value",
            lang,
            age=evaluation.age,
            date=format_date(evaluation.age_at, lang),
        )
    return _pairs(
        (
            ("scheme", _scheme_label(ruleset, profile.scheme, lang), True),
            ("destination", country(profile.destination, lang), True),
            ("programme", _programme_label(ruleset, profile.programme, lang), False),
            ("sector", _sector_label(ruleset, profile.sector, lang), True),
            ("job", profile.job or "", False),
            ("marital_status", _label("marital", profile.marital_status, lang), True),
            ("sex", _label("sex", profile.sex, lang) if profile.sex else "", False),
            ("age", age, False),
            ("departure", format_date(profile.planned_departure, lang), False),
        ),
        lang,
    )


def requirements_sheet(
    evaluation: Evaluation,
    ruleset: Ruleset,
    *,
    office: Office | None,
    actor: Actor,
    complaint: str,
    moment: datetime,
    lang: Lang,
) -> RequirementsSheet:
    """What to prepare before coming, where to get it, and where to report illegal recruiters."""
    unconfirmed = t("printing.requirements.unconfirmed", lang)
    profile = evaluation.profile
    return RequirementsSheet(
        lang=lang,
        letterhead=letterhead(office, actor),
        profile=_profile_pairs(evaluation, ruleset, lang),
        running=t(
            "printing.requirements.running",
            lang,
            scheme=profile.scheme,
            destination=profile.destination,
        ),
        blocking=tuple(f.message(lang) for f in evaluation.blocking),
        findings=tuple(f.message(lang) for f in evaluation.findings if not f.is_error),
        notices=tuple(
            f"{n.message(lang)} {unconfirmed}" if n.unconfirmed else n.message(lang)
            for n in evaluation.notices
        ),
        groups=_grouped(
            [
                (item.desk, item.desk_name(lang), _requirement_line(item, lang))
                for item in evaluation.items
            ]
        ),
        complaint=complaint,
        ruleset=ruleset_line(ruleset, evaluation.ruleset_id, str(evaluation.ruleset_version), lang),
        imprint=imprint(actor, moment, lang),
        notice_entries=legal.notice_lines(evaluation, lang),
        ages=legal.age_lines(evaluation, lang),
        sources=legal.source_lines(evaluation.sources, lang),
    )
