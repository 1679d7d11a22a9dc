"""``ltsa-desk print checklist|receipt REGNO``, ``ltsa-desk print requirements <profile>``, and
``ltsa-desk printer list|test``.

The PDF is saved (``--output FILE``, else the settings' output folder) and sent to the configured
printer (CUPS ``lp``, or the Windows print verb) unless ``--save-only``. Printing is audited,
so it runs as a logged-in operator (the test page, which holds no one's data, needs no login).
Exit 0 printed or saved, 1 data problem (unknown number, nothing to print, printer or disk
trouble: the message says whether the PDF was saved), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ltsa_desk.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE
from ltsa_desk.cli.common import CliError, global_options
from ltsa_desk.cli.context import add_operator_option, database, login
from ltsa_desk.cli.requirements import profile_from_args
from ltsa_desk.config import load_settings
from ltsa_desk.i18n import Lang, parse_lang, t
from ltsa_desk.rules import (
    MARITAL_STATUSES,
    SCHEMES,
    SECTORS,
    SEXES,
    ProfileError,
    Ruleset,
    RulesetError,
    load_ruleset,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "print",
        parents=[global_options()],
        help="print a checklist, a handover receipt or a pre-counselling sheet",
        description=(
            "Render an A4 PDF, save it and send it to the configured printer (CUPS lp, or the "
            "Windows print verb). Without a printer, or with --save-only, the PDF is only saved."
        ),
    )
    documents = parser.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    for name, help_text in (
        ("checklist", "the applicant's document checklist"),
        ("receipt", "receipt for the documents handed over today (two copies)"),
    ):
        command = documents.add_parser(name, parents=[global_options()], help=help_text)
        command.add_argument("regno", metavar="REGNO", help="registration number")
        _common_options(command)
        command.set_defaults(handler=run_application_document)

    requirements = documents.add_parser(
        "requirements",
        parents=[global_options()],
        help="pre-counselling sheet for a placement profile (options of `requirements`)",
    )
    _profile_options(requirements)
    _common_options(requirements)
    requirements.set_defaults(handler=run_requirements)

    printer = sub.add_parser(
        "printer", parents=[global_options()], help="list the printers, print a test page"
    )
    printer_sub = printer.add_subparsers(dest="printer_command", metavar="ACTION", required=True)
    listed = printer_sub.add_parser(
        "list", parents=[global_options()], help="the printers of this computer (* = configured)"
    )
    listed.set_defaults(handler=run_printer_list)
    test = printer_sub.add_parser(
        "test", parents=[global_options()], help="save a test page and send it to the printer"
    )
    test.add_argument("--printer", metavar="NAME", help="default: printer in the config file")
    test.add_argument("--output", type=Path, metavar="FILE", help="save the page here")
    test.set_defaults(handler=run_printer_test)


def _common_options(parser: argparse.ArgumentParser) -> None:
    add_operator_option(parser)
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help="save the PDF here (default: output_dir)"
    )
    parser.add_argument(
        "--save-only", action="store_true", help="save the PDF without sending it to the printer"
    )


def _profile_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``ltsa-desk requirements``, read by its ``profile_from_args``."""
    parser.add_argument("--scheme", required=True, choices=SCHEMES, help="placement scheme")
    parser.add_argument(
        "--destination", required=True, metavar="CC", help="ISO 3166-1 alpha-2 code, e.g. HK"
    )
    parser.add_argument("--sector", required=True, choices=SECTORS, help="work sector")
    parser.add_argument(
        "--marital-status", required=True, choices=MARITAL_STATUSES, help="marital status"
    )
    parser.add_argument("--programme", metavar="CODE", help="programme, e.g. eps, epa, spsk")
    parser.add_argument("--job", metavar="CODE", help="job code, e.g. nurse, housekeeper")
    parser.add_argument("--sex", choices=SEXES, help="L (male) or P (female)")
    parser.add_argument("--birth-date", metavar="YYYY-MM-DD", help="date of birth")
    parser.add_argument("--departure", metavar="YYYY-MM-DD", help="planned departure date")
    parser.add_argument("--rules", metavar="FILE", help="office overlay of the national rules")


def _lang(args: argparse.Namespace) -> Lang:
    return parse_lang(getattr(args, "lang", None) or load_settings().lang)


def _ruleset(path: str | None, lang: Lang) -> Ruleset | None:
    """The overlay given with ``--rules``; None leaves the desk's configured ruleset."""
    if path is None:
        return None
    if not Path(path).is_file():
        raise CliError(t("rules.cli.rules_missing", lang, path=path), EXIT_USAGE)
    try:
        return load_ruleset(path)
    except RulesetError as exc:
        raise CliError(f"{t('rules.cli.rules_invalid', lang)}\n{exc}", EXIT_DATA) from None


def run_application_document(args: argparse.Namespace) -> int:
    from ltsa_desk.printing import print_checklist, print_receipt
    from ltsa_desk.services.checklist import find_application

    lang = _lang(args)
    printer = print_checklist if args.document == "checklist" else print_receipt
    with database(args) as db:
        actor = login(db, args)
        application = find_application(db, args.regno)
        if application is None:
            raise CliError(
                t("printing.error.application_not_found", lang, regno=args.regno), EXIT_DATA
            )
        outcome = printer(
            db, actor, application.id, lang=lang, output=args.output, send=not args.save_only
        )
    print(outcome.message(lang))
    return EXIT_OK


def run_printer_list(args: argparse.Namespace) -> int:
    from ltsa_desk.printing.printers import list_printers

    lang = _lang(args)
    names = list_printers()
    if not names:
        raise CliError(t("printing.outcome.none_listed", lang), EXIT_DATA)
    configured = (load_settings().printer or "").strip()
    for name in names:
        print(f"{'*' if name == configured else ' '} {name}")
    return EXIT_OK


def run_printer_test(args: argparse.Namespace) -> int:
    from ltsa_desk.printing.service import print_test_page

    lang = _lang(args)
    outcome = print_test_page(args.printer, lang=lang, output=args.output)
    print(outcome.message(lang))
    return EXIT_DATA if outcome.no_printer else EXIT_OK


def run_requirements(args: argparse.Namespace) -> int:
    from ltsa_desk.printing import print_requirements
    from ltsa_desk.services.rulesets import current_ruleset

    lang = _lang(args)
    ruleset = _ruleset(args.rules, lang) or current_ruleset()
    profile = profile_from_args(args, ruleset, lang)
    with database(args) as db:
        actor = login(db, args)
        try:
            outcome = print_requirements(
                db,
                actor,
                profile,
                lang=lang,
                output=args.output,
                send=not args.save_only,
                ruleset=ruleset,
            )
        except ProfileError as exc:
            raise CliError(exc.message(lang), EXIT_USAGE) from None
    print(outcome.message(lang), file=sys.stdout)
    return EXIT_OK
