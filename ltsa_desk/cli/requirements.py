"""``ltsa-desk requirements``: the document checklist and findings for a placement profile.

Useful at the information desk before any record exists, and for checking an office overlay:
``--rules FILE`` applies it exactly as the desk would. Exit 1 means a blocking finding applies.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ltsa_desk import clock
from ltsa_desk.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, common
from ltsa_desk.i18n import Lang, t
from ltsa_desk.rules import (
    MARITAL_STATUSES,
    SCHEMES,
    SECTORS,
    SEXES,
    Evaluation,
    Profile,
    ProfileError,
    Ruleset,
    RulesetError,
    evaluate,
    load_file,
    load_ruleset,
)
from ltsa_desk.rules.changes import Comparison, compare_profile, load_archived

_INDENT = "   "
#: Checklist markers, in print order: catalog name → RequiredItem attribute.
_FLAG_FIELDS = {
    "original": "original_required",
    "copy": "copy_accepted",
    "kades_ack": "kades_ack",
    "materai": "materai",
    "unconfirmed": "unconfirmed",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "requirements",
        parents=[common.global_options()],
        help="list the documents a CPMI needs for a placement profile",
        description=(
            "List the documents required for a placement profile, grouped by LTSA desk, with "
            "their legal basis, and report blocking findings (moratorium, age limits)."
        ),
    )
    parser.add_argument("--scheme", required=True, choices=SCHEMES, help="placement scheme")
    parser.add_argument(
        "--destination", required=True, metavar="CC", help="ISO 3166-1 alpha-2 code, e.g. HK"
    )
    parser.add_argument("--sector", required=True, choices=SECTORS, help="work sector")
    parser.add_argument(
        "--marital-status", required=True, choices=MARITAL_STATUSES, help="marital status"
    )
    parser.add_argument("--programme", metavar="CODE", help="programme, e.g. eps, epa, spsk")
    parser.add_argument(
        "--job", metavar="CODE", help="job code, name or alias, e.g. nurse, housekeeper, PRT"
    )
    parser.add_argument("--sex", choices=SEXES, help="L (male) or P (female)")
    parser.add_argument("--birth-date", metavar="YYYY-MM-DD", help="date of birth")
    parser.add_argument("--departure", metavar="YYYY-MM-DD", help="planned departure date")
    parser.add_argument(
        "--application-date",
        metavar="YYYY-MM-DD",
        help="registration / permit application date, for windows measured then (default today)",
    )
    parser.add_argument("--rules", metavar="FILE", help="office overlay of the national rules")
    parser.add_argument(
        "--compare",
        metavar="VERSION|FILE",
        help=(
            "also show what changed since an earlier ruleset (an archived national version such "
            "as 1, or a rules file) and its effect on this profile"
        ),
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=run)


def date_option(option: str, value: str | None, lang: Lang) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise common.CliError(
            t("rules.cli.bad_date", lang, option=option, value=value), EXIT_USAGE
        ) from None


def destination_option(value: str, lang: Lang) -> str:
    code = value.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise common.CliError(
            t("rules.cli.bad_destination", lang, option="--destination", value=value), EXIT_USAGE
        )
    return code


def _choice(option: str, value: str | None, choices: list[str], lang: Lang) -> str | None:
    """Programmes and jobs come from the (possibly extended) ruleset, not fixed argparse choices."""
    if value is None or value in choices:
        return value
    message = t(
        "rules.cli.unknown_choice", lang, option=option, value=value, choices=", ".join(choices)
    )
    raise common.CliError(message, EXIT_USAGE)


def _ruleset(path: str | None, lang: Lang) -> Ruleset:
    if path is not None and not Path(path).is_file():
        raise common.CliError(t("rules.cli.rules_missing", lang, path=path), EXIT_USAGE)
    try:
        return load_ruleset(path)
    except RulesetError as exc:
        raise common.CliError(f"{t('rules.cli.rules_invalid', lang)}\n{exc}", EXIT_DATA) from None


def profile_from_args(args: argparse.Namespace, ruleset: Ruleset, lang: Lang) -> Profile:
    return Profile(
        scheme=args.scheme,
        destination=destination_option(args.destination, lang),
        sector=args.sector,
        marital_status=args.marital_status,
        programme=_choice("--programme", args.programme, list(ruleset.programmes), lang),
        sex=args.sex,
        birth_date=date_option("--birth-date", args.birth_date, lang),
        planned_departure=date_option("--departure", args.departure, lang),
        job=_choice("--job", ruleset.job_code(args.job) or args.job, list(ruleset.jobs), lang),
        application_date=date_option(
            "--application-date", getattr(args, "application_date", None), lang
        ),
    )


def as_json(evaluation: Evaluation, lang: Lang) -> dict[str, Any]:
    return {
        "ruleset": {"id": evaluation.ruleset_id, "version": evaluation.ruleset_version},
        "profile": {
            **evaluation.profile.as_dict(),
            "age": evaluation.age,
            "age_at": evaluation.age_at.isoformat(),
        },
        "age_checks": [check.as_dict(lang) for check in evaluation.age_checks],
        "items": [item.as_dict(lang) for item in evaluation.items],
        "findings": [finding.as_dict(lang) for finding in evaluation.findings],
        "notices": [notice.as_dict(lang) for notice in evaluation.notices],
        "sources": [source.as_dict() for source in evaluation.sources],
    }


def _label(ruleset: Ruleset, section: str, code: str | None, lang: Lang) -> str | None:
    if code is None:
        return None
    entry = getattr(ruleset, section).get(code)
    if entry is None:
        return code
    name: str = entry.name_en if lang == "en" else entry.name_id
    return name


def _profile_lines(evaluation: Evaluation, ruleset: Ruleset, lang: Lang) -> list[str]:
    profile = evaluation.profile
    facts = (
        ("scheme", _label(ruleset, "schemes", profile.scheme, lang)),
        ("destination", profile.destination),
        ("programme", _label(ruleset, "programmes", profile.programme, lang)),
        ("sector", _label(ruleset, "sectors", profile.sector, lang)),
        ("marital_status", t(f"rules.marital.{profile.marital_status}", lang)),
    )
    line = " | ".join(f"{t(f'rules.cli.{name}', lang)}: {value}" for name, value in facts if value)
    if evaluation.age is None:
        age = t("rules.cli.age_unknown", lang)
    else:
        age = t("rules.cli.age", lang, age=evaluation.age, date=evaluation.age_at.isoformat())
    checks = [
        t(
            "rules.cli.age_check",
            lang,
            rule=check.code,
            age=check.age,
            date=check.at_date.isoformat(),
            explanation=check.explanation(lang),
        )
        for check in evaluation.age_checks
    ]
    return [line, age, *(f"{_INDENT}{check}" for check in checks)]


def _source_lines(evaluation: Evaluation, lang: Lang) -> list[str]:
    lines = ["", t("rules.cli.sources", lang)]
    for source in evaluation.sources:
        article = f", {source.article}" if source.article else ""
        flag = f" [{t('rules.cli.unconfirmed', lang)}]" if source.unconfirmed else ""
        lines.append(f"{_INDENT}- {source.short}: {source.title}{article}{flag}")
        lines.append(f"{_INDENT}  {source.url}")
    return lines


def render_text(evaluation: Evaluation, ruleset: Ruleset, lang: Lang) -> str:
    """Checklist grouped by desk in visiting order, then findings and notices."""
    lines = [t("rules.cli.title", lang, ruleset=evaluation.ruleset_ref)]
    lines += _profile_lines(evaluation, ruleset, lang)
    lines.append(t("rules.cli.items", lang, count=len(evaluation.items)))
    for number, (_, items) in enumerate(evaluation.by_desk(), start=1):
        lines += ["", f"{number}. {items[0].desk_name(lang)}"]
        for item in items:
            flags = [
                t(f"rules.cli.{flag}", lang)
                for flag, attribute in _FLAG_FIELDS.items()
                if getattr(item, attribute)
            ]
            suffix = f"  [{', '.join(flags)}]" if flags else ""
            lines.append(f"{_INDENT}[ ] {item.title(lang)}{suffix}")
            for label, text in (
                ("basis", item.basis),
                ("where", item.where(lang)),
                ("bring", item.bring(lang)),
            ):
                lines.append(f"{_INDENT}    {t(f'rules.cli.{label}', lang)}: {text}")
    if evaluation.findings:
        lines += ["", t("rules.cli.findings", lang)]
        for finding in evaluation.findings:
            severity = t(f"rules.cli.{finding.severity.value}", lang)
            lines.append(f"{_INDENT}{severity} {finding.code}: {finding.message(lang)}")
            if finding.basis:
                lines.append(f"{_INDENT}    {t('rules.cli.basis', lang)}: {finding.basis}")
    if evaluation.notices:
        lines += ["", t("rules.cli.notices", lang)]
        for notice in evaluation.notices:
            lines.append(f"{_INDENT}- {notice.message(lang)} ({notice.basis})")
            lines += [f"{_INDENT}  * {e.text(lang)} ({e.basis})" for e in notice.entries]
    if evaluation.sources:
        lines += _source_lines(evaluation, lang)
    if evaluation.blocking:
        lines += ["", t("rules.cli.blocked", lang, count=len(evaluation.blocking))]
    return "\n".join(lines)


def _earlier(value: str, lang: Lang) -> Ruleset:
    """An archived national version ("1") or a complete rules file to compare with."""
    try:
        if not Path(value).is_file():
            return load_archived(value)
        return load_file(value)
    except RulesetError as exc:
        raise common.CliError(f"{t('rules.cli.rules_invalid', lang)}\n{exc}", EXIT_USAGE) from None


def _comparison_lines(comparison: Comparison, lang: Lang) -> list[str]:
    rules = comparison.rules
    lines = ["", t("rules.cli.changes", lang, old=rules.old, new=rules.new)]
    for entry in rules.entries:
        fields = f" ({', '.join(entry.fields)})" if entry.fields else ""
        change = t(f"rules.cli.change_{entry.change}", lang)
        lines.append(f"{_INDENT}{change} {entry.kind} {entry.code}{fields}")
    items = comparison.items
    effect = [
        *(f"+ {item.title(lang)} ({item.code})" for item in items.added),
        *(f"- {item.title_en if lang == 'en' else item.title_id}" for item in items.removed),
        *(f"+ {code}" for code in comparison.findings_added),
        *(f"- {code}" for code in comparison.findings_removed),
    ]
    lines += ["", t("rules.cli.effect", lang)]
    lines += [f"{_INDENT}{line}" for line in effect or [t("rules.cli.no_effect", lang)]]
    return lines


def run(args: argparse.Namespace) -> int:
    lang = common.lang_of(args)
    ruleset = _ruleset(args.rules, lang)
    profile = profile_from_args(args, ruleset, lang)
    earlier = _earlier(args.compare, lang) if getattr(args, "compare", None) else None
    try:
        evaluation = evaluate(ruleset, profile, today=clock.today())
        comparison = (
            compare_profile(earlier, ruleset, profile, evaluation, today=clock.today())
            if earlier
            else None
        )
    except ProfileError as exc:
        raise common.CliError(exc.message(lang), EXIT_USAGE) from None
    if args.json:
        data = as_json(evaluation, lang)
        if comparison is not None:
            data["changes"] = comparison.as_dict()
        common.print_json(data)
    else:
        print(render_text(evaluation, ruleset, lang))
        if comparison is not None:
            print("\n".join(_comparison_lines(comparison, lang)))
    return EXIT_DATA if evaluation.blocking else EXIT_OK
