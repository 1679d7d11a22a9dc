"""``applicant add|show|import`` and ``document set``: audited actions as a named operator."""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import Any

from ltsa_desk.cli.common import CliError, global_options, lang_of, print_json
from ltsa_desk.cli.context import add_operator_option, database, login
from ltsa_desk.cli.progress import shown
from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Application, ItemStatus
from ltsa_desk.findings import Finding
from ltsa_desk.i18n import Lang, t
from ltsa_desk.identity import mask_nik
from ltsa_desk.services.applicant_checks import ApplicantInput
from ltsa_desk.services.applicants import find_by_nik, register_applicant
from ltsa_desk.services.checklist import (
    Checklist,
    applications_of,
    find_application,
    get_checklist,
)
from ltsa_desk.services.documents import DocumentDetails, record_document
from ltsa_desk.services.errors import ServiceError, ValidationFailed
from ltsa_desk.services.imports import import_applicants

#: CLI option → ApplicantInput field, for ``applicant add``.
APPLICANT_OPTIONS = {
    "nik": "NIK (16 digits)",
    "full_name": "full name as on the KTP",
    "birth_place": "place of birth",
    "birth_date": "YYYY-MM-DD",
    "sex": "L or P",
    "marital_status": "single|married|divorced|widowed",
    "education": "sd|smp|sma|d3|s1|…",
    "kk_number": "KK number",
    "passport_number": "passport number",
    "passport_name": "name as on the passport",
    "phone": "phone / WhatsApp",
    "address_line": "street, RT/RW",
    "village_code": "Kemendagri village code",
    "father_name": "",
    "mother_name": "",
    "spouse_name": "",
    "emergency_name": "",
    "emergency_relation": "",
    "emergency_phone": "",
    "notes": "",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    applicant = sub.add_parser("applicant", parents=[global_options()], help="applicant records")
    actions = applicant.add_subparsers(dest="applicant_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", parents=[global_options()], help="register an applicant")
    add_operator_option(add)
    for name, help_text in APPLICANT_OPTIONS.items():
        add.add_argument(f"--{name.replace('_', '-')}", dest=name, default="", help=help_text)
    add.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="CODE=REASON",
        help="acknowledge a warning with a reason (repeatable)",
    )
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_add)

    show = actions.add_parser(
        "show", parents=[global_options()], help="an applicant with checklists"
    )
    show.add_argument("key", metavar="REGNO|NIK")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    imp = actions.add_parser(
        "import", parents=[global_options()], help="import applicants from CSV (all or nothing)"
    )
    add_operator_option(imp)
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.add_argument(
        "--accept-warnings",
        default="",
        metavar="REASON",
        help="acknowledge every warning with this reason",
    )
    imp.set_defaults(handler=run_import)

    document = sub.add_parser("document", parents=[global_options()], help="requirement items")
    doc_actions = document.add_subparsers(dest="document_command", metavar="ACTION", required=True)
    setter = doc_actions.add_parser(
        "set", parents=[global_options()], help="record a document of an application"
    )
    add_operator_option(setter)
    setter.add_argument("regno", metavar="REGNO")
    setter.add_argument("code", metavar="DOCUMENT_CODE")
    setter.add_argument(
        "--status", required=True, choices=[s.value for s in ItemStatus], help="new status"
    )
    setter.add_argument("--number", default="")
    setter.add_argument("--issue-date", default="")
    setter.add_argument("--expiry-date", default="")
    setter.add_argument("--issuer", default="")
    setter.add_argument("--note", default="")
    setter.add_argument("--reason", default="", help="required for rejected and waived")
    original = setter.add_mutually_exclusive_group()
    original.add_argument("--original", dest="is_original", action="store_true", default=None)
    original.add_argument("--copy", dest="is_original", action="store_false")
    setter.set_defaults(handler=run_document_set)


def print_findings(findings: list[Finding], lang: Lang) -> None:
    for finding in findings:
        label = t(f"cli.severity_{finding.severity.value}", lang)
        print(
            f"  {label} [{finding.code}] {finding.field}: {finding.message(lang)}", file=sys.stderr
        )


def _overrides(values: list[str], lang: Lang) -> dict[str, str]:
    result = {}
    for value in values:
        code, sep, reason = value.partition("=")
        if not sep or not code.strip() or not reason.strip():
            raise CliError(t("cli.override_format", lang, value=value), 2)
        result[code.strip()] = reason.strip()
    return result


def _refused(exc: ServiceError, lang: Lang) -> CliError:
    if isinstance(exc, ValidationFailed):
        print(t("cli.refused", lang), file=sys.stderr)
        print_findings(exc.findings, lang)
        if exc.unacknowledged and not exc.errors:
            print(t("cli.override_hint", lang), file=sys.stderr)
        return CliError(t("cli.nothing_saved", lang), 1)
    return CliError(exc.message(lang), 1)


def run_add(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    data = ApplicantInput(**{name: getattr(args, name) for name in APPLICANT_OPTIONS})
    overrides = _overrides(args.override, lang)
    with database(args) as db:
        actor = login(db, args)
        try:
            applicant = register_applicant(db, actor, data, overrides=overrides)
        except ServiceError as exc:
            raise _refused(exc, lang) from exc
    if args.json:
        print_json(
            {"id": str(applicant.id), "nik": applicant.nik, "full_name": applicant.full_name}
        )
    else:
        print(t("cli.applicant_added", lang, name=applicant.full_name, nik=mask_nik(applicant.nik)))
    return 0


def _checklist_dict(checklist: Checklist, lang: Lang) -> dict[str, Any]:
    app = checklist.application
    done = checklist.completeness
    return {
        "registration_number": app.registration_number,
        "scheme": app.scheme,
        "destination": app.destination,
        "programme": app.programme,
        "sector": app.sector,
        "job": app.job,
        "p3mi": checklist.p3mi.name if checklist.p3mi else None,
        "planned_departure": app.planned_departure,
        "status": app.status,
        "ruleset": f"{app.ruleset_id}@{app.ruleset_version}",
        "completeness": {"done": done.done, "total": done.total, "percent": done.percent},
        "next_desk": done.next_desk_name(lang),
        "items": [
            {
                "code": row.item.document_code,
                "title": row.title(lang),
                "desk": row.desk_name(lang),
                "status": row.item.status,
                "number": row.item.number,
                "issue_date": row.item.issue_date,
                "expiry_date": row.item.expiry_date,
                "basis": row.item.basis,
                "warnings": [f.message(lang) for f in row.findings],
            }
            for row in checklist.rows
        ],
    }


def _resolve(db: Database, key: str) -> tuple[uuid.UUID, list[Application]]:
    application = find_application(db, key)
    if application is not None:
        return application.applicant_id, [application]
    applicant = find_by_nik(db, "".join(c for c in key if c.isdigit()))
    if applicant is None:
        raise CliError("", 1)
    return applicant.id, applications_of(db, applicant.id)


def run_show(args: argparse.Namespace) -> int:
    from ltsa_desk.services.applicants import get_applicant

    lang = lang_of(args)
    with database(args) as db:
        try:
            applicant_id, applications = _resolve(db, args.key)
        except CliError:
            raise CliError(t("cli.not_found", lang, key=args.key), 1) from None
        applicant = get_applicant(db, applicant_id)
        checklists = [get_checklist(db, a.id) for a in applications]
    plans = [_checklist_dict(c, lang) for c in checklists]
    data = {
        "full_name": applicant.full_name,
        "nik": applicant.nik,
        "birth_date": applicant.birth_date,
        "sex": applicant.sex,
        "marital_status": applicant.marital_status,
        "phone": applicant.phone,
        "applications": plans,
    }
    if args.json:
        print_json(data)
        return 0
    born = f"{applicant.birth_date:%d-%m-%Y}"
    print(f"{applicant.full_name}  NIK {applicant.nik}  {born}  {applicant.sex}")
    for checklist in plans:
        print()
        print(
            f"{checklist['registration_number']}  "
            f"{checklist['scheme']} → {checklist['destination']}  {checklist['sector']}  "
            f"{checklist['completeness']['percent']}%"
        )
        if checklist["next_desk"]:
            print(f"  {t('cli.next_desk', lang)}: {checklist['next_desk']}")
        for item in checklist["items"]:
            status = t(f"cli.item_{item['status']}", lang)
            print(f"  [{status:<12}] {item['title']}  {item['number'] or ''}")
            for warning in item["warnings"]:
                print(f"      ! {warning}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    if not args.file.is_file():
        raise CliError(t("cli.file_missing", lang, path=str(args.file)), 2)
    with database(args) as db:
        actor = login(db, args)
        try:
            with shown(t("cli.progress_import", lang)) as progress:
                report = import_applicants(
                    db,
                    actor,
                    args.file,
                    accept_warnings_reason=args.accept_warnings,
                    progress=progress,
                )
        except UnicodeDecodeError as exc:
            raise CliError(t("cli.file_not_utf8", lang, path=str(args.file)), 1) from exc
        except ServiceError as exc:
            raise _refused(exc, lang) from exc
    if report.header_error is not None:
        raise CliError(report.header_error.message(lang), 1)
    if report.problems:
        for problem in report.problems:
            print(t("cli.import_line", lang, line=problem.line), file=sys.stderr)
            print_findings(problem.findings, lang)
        raise CliError(t("cli.import_refused", lang, count=len(report.problems)), 1)
    print(t("cli.imported", lang, count=report.imported))
    return 0


def run_document_set(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    with database(args) as db:
        actor = login(db, args)
        application = find_application(db, args.regno)
        if application is None:
            raise CliError(t("cli.not_found", lang, key=args.regno), 1)
        checklist = get_checklist(db, application.id)
        row = next((r for r in checklist.rows if r.item.document_code == args.code), None)
        if row is None:
            codes = ", ".join(r.item.document_code for r in checklist.rows)
            raise CliError(t("cli.unknown_document", lang, code=args.code, codes=codes), 1)
        details = DocumentDetails(
            number=args.number,
            issue_date=args.issue_date,
            expiry_date=args.expiry_date,
            issuer=args.issuer,
            note=args.note,
            is_original=args.is_original,
        )
        try:
            item, warnings = record_document(
                db, actor, row.item.id, args.status, details=details, reason=args.reason
            )
        except ServiceError as exc:
            raise _refused(exc, lang) from exc
    print(
        t(
            "cli.document_recorded",
            lang,
            title=row.title(lang),
            status=t(f"cli.item_{item.status}", lang),
        )
    )
    print_findings(warnings, lang)
    return 0
