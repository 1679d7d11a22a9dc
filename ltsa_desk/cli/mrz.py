"""``ltsa-desk mrz``: read a passport's MRZ as the desk does, for scripts and for a quick check.

The two lines come as two arguments, as one (a reader's output pasted with its line break), or
on the standard input (``scanner | ltsa-desk mrz``). With ``--nik``, ``--name`` and the other
known values, the zone is also cross-checked the way the desk checks it against a record.

Exit code 0 when the zone is well formed and every check digit is right (cross-check warnings
allowed), 1 when it is not or an error was found, 2 for a bad option.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ltsa_desk.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, common
from ltsa_desk.cli.requirements import date_option, destination_option
from ltsa_desk.findings import Finding, Severity
from ltsa_desk.i18n import Lang, t
from ltsa_desk.identity import Sex, format_date
from ltsa_desk.identity.mrz import MrzResult, parse_mrz
from ltsa_desk.services.mrz_checks import KnownHolder, cross_check_mrz


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "mrz",
        parents=[common.global_options()],
        help="read a passport's MRZ and check its check digits",
        description=(
            "Read the two 44-character lines of a passport's machine-readable zone (ICAO 9303, "
            "TD3), show its fields and the result of each check digit, and optionally compare "
            "them with what is known of the holder. Exit code 0 when every check digit is right, "
            "1 when one fails or the zone is malformed."
        ),
    )
    parser.add_argument(
        "lines",
        nargs="*",
        metavar="LINE",
        help="the two MRZ lines, or both in one argument; none or '-' reads standard input",
    )
    parser.add_argument("--nik", help="the holder's NIK, compared with birth date and sex")
    parser.add_argument("--name", help="the name as on the KTP, compared with the MRZ's name")
    parser.add_argument(
        "--birth-date", metavar="YYYY-MM-DD", help="the birth date on record, compared"
    )
    parser.add_argument(
        "--sex",
        type=str.upper,
        choices=["L", "P"],
        help="the sex on record: L (male) or P (female), compared",
    )
    parser.add_argument("--passport-number", help="the passport number on record, compared")
    parser.add_argument(
        "--departure",
        metavar="YYYY-MM-DD",
        help="planned departure, checked against the expiry by the validity rules",
    )
    parser.add_argument(
        "--destination", metavar="CC", help="destination country code for the validity rules"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def _raw_input(lines: list[str], lang: Lang) -> str:
    if lines and lines != ["-"]:
        return "\n".join(lines)
    if sys.stdin is None or sys.stdin.isatty():
        raise common.CliError(t("identity.mrz_cli.no_input", lang), EXIT_USAGE)
    return sys.stdin.read()


def _known(args: argparse.Namespace, lang: Lang) -> KnownHolder | None:
    sex: Sex | None = args.sex
    known = KnownHolder(
        nik=args.nik or "",
        full_name=args.name or "",
        birth_date=date_option("--birth-date", args.birth_date, lang),
        sex=sex,
        passport_number=args.passport_number or "",
        planned_departure=date_option("--departure", args.departure, lang),
        destination=destination_option(args.destination, lang) if args.destination else None,
    )
    return None if known == KnownHolder() else known


def _fields(result: MrzResult, lang: Lang) -> list[tuple[str, str]]:
    def day(value: Any) -> str:
        return format_date(value) if value else t("identity.mrz_cli.none", lang)

    surname = result.surname
    if result.name_truncated:
        surname = f"{surname} {t('identity.mrz_cli.truncated', lang)}"
    sex = t(f"identity.cli.sex_{result.sex}", lang) if result.sex else None
    none = t("identity.mrz_cli.none", lang)
    return [
        ("document_type", result.document_type),
        ("issuing_state", result.issuing_state),
        ("surname", surname),
        ("given_names", result.given_names or none),
        ("passport_number", result.passport_number),
        ("nationality", result.nationality),
        ("birth_date", day(result.birth_date)),
        ("sex", sex or none),
        ("expiry_date", day(result.expiry_date)),
        ("personal_number", result.personal_number or none),
    ]


def _as_json(result: MrzResult, cross: list[Finding], lang: Lang) -> dict[str, Any]:
    findings = [*result.findings, *cross]
    return {
        "valid": result.ok,
        "lines": list(result.lines) if result.lines else None,
        "document_type": result.document_type or None,
        "issuing_state": result.issuing_state or None,
        "surname": result.surname or None,
        "given_names": result.given_names or None,
        "name_truncated": result.name_truncated,
        "passport_number": result.passport_number or None,
        "nationality": result.nationality or None,
        "birth_date": result.birth_date.isoformat() if result.birth_date else None,
        "sex": result.sex,
        "expiry_date": result.expiry_date.isoformat() if result.expiry_date else None,
        "personal_number": result.personal_number or None,
        "check_digits": [
            {"part": c.name, "found": c.found, "expected": str(c.expected), "ok": c.ok}
            for c in result.checks
        ],
        "errors": [f.as_dict(lang) for f in findings if f.severity is Severity.ERROR],
        "warnings": [f.as_dict(lang) for f in findings if f.severity is Severity.WARNING],
    }


def _block(title_key: str, findings: list[Finding], lang: Lang) -> list[str]:
    if not findings:
        return []
    return [f"{t(title_key, lang)}:", *(f"  - [{f.code}] {f.message(lang)}" for f in findings)]


def _as_text(result: MrzResult, cross: list[Finding], lang: Lang) -> str:
    lines = [t("identity.mrz_cli.passed" if result.ok else "identity.mrz_cli.failed", lang)]
    if result.lines is not None:
        rows = [(t(f"identity.mrz_cli.{key}", lang), value) for key, value in _fields(result, lang)]
        width = max(len(label) for label, _ in rows)
        lines.extend(f"  {label + ':':<{width + 1}} {value}" for label, value in rows)
        lines.append(f"{t('identity.mrz_cli.check_digits', lang)}:")
        parts = [(t(f"identity.mrz_cli.part_{c.name}", lang), c) for c in result.checks]
        width = max(len(part) for part, _ in parts)
        for part, check in parts:
            verdict = (
                t("identity.mrz_cli.check_ok", lang)
                if check.ok
                else t(
                    "identity.mrz_cli.check_bad", lang, found=check.found, expected=check.expected
                )
            )
            lines.append(f"  {part + ':':<{width + 1}} {check.found} {verdict}")
    findings = [*result.findings, *cross]
    lines.extend(_block("identity.mrz_cli.errors", [f for f in findings if f.is_error], lang))
    lines.extend(_block("identity.cli.warnings", [f for f in findings if not f.is_error], lang))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    lang = common.lang_of(args)
    known = _known(args, lang)
    result = parse_mrz(_raw_input(args.lines, lang))
    cross: list[Finding] = []
    if known is not None:
        from ltsa_desk.services.rulesets import current_ruleset

        cross = cross_check_mrz(result, known, ruleset=current_ruleset())
    if args.json:
        common.print_json(_as_json(result, cross, lang))
    else:
        print(_as_text(result, cross, lang))
    failed = not result.ok or any(f.is_error for f in cross)
    return EXIT_DATA if failed else EXIT_OK
