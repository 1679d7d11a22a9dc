"""``ltsa-desk nik``: check a NIK from the command line, as the desk's NIK field does.

Exit code 0 when there is no error (warnings allowed), 1 when there is one, 2 for a bad option.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from ltsa_desk.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, common
from ltsa_desk.findings import Finding
from ltsa_desk.i18n import Lang, t
from ltsa_desk.identity import NikResult, Sex, format_date, parse_nik

#: Only the form the help shows; ``date.fromisoformat`` alone also takes "19950817" or week dates.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
#: A value that is not a NIK is echoed up to this length; the findings say what is wrong with it.
_ECHO_MAX = 40


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "nik",
        parents=[common.global_options()],
        help="check a NIK and show what its digits say",
        description=(
            "Check the structure of a NIK (16 digits), show the region, birth date and sex it "
            "encodes, and compare them with a keyed birth date and sex. Exit code 0 when there "
            "is no error (warnings allowed), 1 when there is one."
        ),
    )
    parser.add_argument("nik", help="the NIK; spaces, dots and hyphens are ignored")
    parser.add_argument(
        "--birth-date",
        metavar="YYYY-MM-DD",
        help="birth date as keyed from the documents, compared with the NIK",
    )
    parser.add_argument(
        "--sex",
        type=str.upper,
        choices=["L", "P"],
        help="sex as keyed from the documents: L (male) or P (female)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def _keyed_birth_date(value: str | None, lang: Lang) -> date | None:
    """The --birth-date value; a bad one is a usage error, reported in the chosen language.

    Parsed here rather than by an argparse ``type`` so that the message follows ``--lang``.
    """
    if value is None:
        return None
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise common.CliError(t("identity.cli.bad_birth_date", lang, value=value), EXIT_USAGE)


def _as_json(result: NikResult, lang: Lang) -> dict[str, Any]:
    return {
        "nik": result.nik,
        "valid": result.ok,
        "errors": [f.as_dict(lang) for f in result.errors],
        "warnings": [f.as_dict(lang) for f in result.warnings],
        "birth_date": result.birth_date.isoformat() if result.birth_date else None,
        "sex": result.sex,
        "province": result.province,
        "regency": result.regency,
        "district": result.district,
        "province_code": result.province_code,
        "regency_code": result.regency_code,
        "district_code": result.district_code,
        "serial": result.serial,
        "masked": result.masked,
    }


def _region_line(name: str | None, code: str | None, lang: Lang) -> str:
    if code is None:
        return t("identity.cli.unreadable", lang)
    return f"{name} ({code})" if name else f"{code}: {t('identity.cli.not_in_list', lang)}"


def _findings_block(title_key: str, findings: tuple[Finding, ...], lang: Lang) -> list[str]:
    if not findings:
        return []
    return [f"{t(title_key, lang)}:", *(f"  - [{f.code}] {f.message(lang)}" for f in findings)]


def _printable(raw: str) -> str:
    """The typed value, safe to echo on a terminal.

    argv may hold control characters, or lone surrogates for bytes that are not UTF-8, which
    would make ``print`` fail.
    """
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in raw.strip())
    return text if len(text) <= _ECHO_MAX else text[: _ECHO_MAX - 1] + "…"


def _as_text(raw: str, result: NikResult, lang: Lang) -> str:
    shown = result.nik or _printable(raw)
    headline = "identity.cli.passed" if result.ok else "identity.cli.failed"
    lines = [t(headline, lang, nik=shown)]
    if result.nik is not None:
        birth = format_date(result.birth_date) if result.birth_date else None
        sex = t(f"identity.cli.sex_{result.sex}", lang) if result.sex else None
        unreadable = t("identity.cli.unreadable", lang)
        rows = [
            ("identity.cli.province", _region_line(result.province, result.province_code, lang)),
            ("identity.cli.regency", _region_line(result.regency, result.regency_code, lang)),
            ("identity.cli.district", _region_line(result.district, result.district_code, lang)),
            ("identity.cli.birth_date", birth or unreadable),
            ("identity.cli.sex", sex or unreadable),
        ]
        labels = [(t(key, lang), value) for key, value in rows]
        width = max(len(label) for label, _ in labels)
        lines.extend(f"  {label + ':':<{width + 1}} {value}" for label, value in labels)
    lines.extend(_findings_block("identity.cli.errors", result.errors, lang))
    lines.extend(_findings_block("identity.cli.warnings", result.warnings, lang))
    lines.append(t("identity.cli.disclaimer", lang))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    lang = common.lang_of(args)
    keyed_birth_date = _keyed_birth_date(args.birth_date, lang)
    keyed_sex: Sex | None = args.sex
    result = parse_nik(args.nik, keyed_birth_date=keyed_birth_date, keyed_sex=keyed_sex)
    if args.json:
        common.print_json(_as_json(result, lang))
    else:
        print(_as_text(args.nik, result, lang))
    return EXIT_OK if result.ok else EXIT_DATA
