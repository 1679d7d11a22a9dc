"""``report daily``, ``day close`` and ``handoff export|accept|status``: the end of the day.

All of them act as a logged-in operator (``--as USER``): the recap is for every operator,
closing the day and the hand-off for supervisors. Exit 0 ok, 1 data problem (nothing to
export, a day already closed, an unknown batch), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from ltsa_desk import clock
from ltsa_desk.cli.common import CliError, global_options, print_json
from ltsa_desk.cli.context import add_operator_option, database, login
from ltsa_desk.cli.progress import shown
from ltsa_desk.config import load_settings
from ltsa_desk.i18n import Lang, parse_lang, t
from ltsa_desk.reports.period import PeriodError, parse_period

if TYPE_CHECKING:
    from ltsa_desk.reports.recap import Recap

# The report modules load the rules and reportlab: imported by the handlers, so that
# ``ltsa-desk --help`` and the other commands do not pay for them.
RECAP_FORMATS = ("pdf", "csv", "xlsx")
HANDOFF_FORMATS = ("xlsx", "csv")

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: SubParsers) -> None:
    _register_report(sub)
    _register_day(sub)
    _register_handoff(sub)


def _command(actions: SubParsers, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(
        name, parents=[global_options()], help=help_text
    )
    add_operator_option(parser)
    return parser


def _register_report(sub: SubParsers) -> None:
    report = sub.add_parser("report", parents=[global_options()], help="recaps and their files")
    actions = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    daily = _command(actions, "daily", "the recap of a day or a range, as PDF, CSV or XLSX")
    daily.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="day (default: today)")
    daily.add_argument("--to", default=None, metavar="YYYY-MM-DD", help="last day of a range")
    daily.add_argument("--office", default=None, metavar="CODE", help="office (default: yours)")
    daily.add_argument("--counter", default=None, metavar="NAME", help="only this counter")
    daily.add_argument("--operator", default=None, metavar="USER", help="only this operator")
    daily.add_argument("--format", choices=RECAP_FORMATS, default="pdf", dest="file_format")
    daily.add_argument("--output", type=Path, metavar="FILE", help="default: output_dir")
    daily.set_defaults(handler=run_report_daily)


def _register_day(sub: SubParsers) -> None:
    day = sub.add_parser("day", parents=[global_options()], help="end-of-day close")
    actions = day.add_subparsers(dest="day_command", metavar="ACTION", required=True)
    close = _command(actions, "close", "close a day after reviewing its recap (supervisor)")
    close.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="day (default: today)")
    close.add_argument("--note", default="", help="remark stored with the close")
    close.set_defaults(handler=run_day_close)


def _register_handoff(sub: SubParsers) -> None:
    handoff = sub.add_parser(
        "handoff", parents=[global_options()], help="hand-off of complete files to SIAPkerja"
    )
    actions = handoff.add_subparsers(dest="handoff_command", metavar="ACTION", required=True)
    export = _command(actions, "export", "export the complete files not exported yet")
    export.add_argument("--format", choices=HANDOFF_FORMATS, default="xlsx", dest="file_format")
    export.add_argument(
        "--reexport", metavar="BATCH", help="export this batch again (explicit re-export)"
    )
    export.add_argument("--output", type=Path, metavar="FILE", help="default: output_dir")
    export.set_defaults(handler=run_handoff_export)

    accept = _command(actions, "accept", "mark files accepted by the central office")
    accept.add_argument("keys", nargs="+", metavar="BATCH|REGNO")
    accept.add_argument("--reference", default="", help="reference given centrally (ID CPMI)")
    accept.set_defaults(handler=run_handoff_accept)

    status = _command(actions, "status", "what is ready, exported and accepted")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_handoff_status)


def _lang(args: argparse.Namespace) -> Lang:
    return parse_lang(getattr(args, "lang", None) or load_settings().lang)


def _day(value: str | None, lang: Lang) -> date:
    if not value:
        return clock.today()
    try:
        return parse_period(value).first
    except PeriodError as exc:
        raise CliError(t(exc.key, lang, **exc.params), EXIT_USAGE) from None


def print_summary(recap: Recap, lang: Lang) -> None:
    from ltsa_desk.reports.tables import flag_lines

    for name, value in recap.totals().items():
        print(f"  {t(f'reports.figure.{name}', lang)}: {value}")
    for line in flag_lines(recap, lang):
        print(line, file=sys.stderr)


def run_report_daily(args: argparse.Namespace) -> int:
    from ltsa_desk.reports.export import default_file_name, save_recap
    from ltsa_desk.reports.recap import compute_recap

    lang = _lang(args)
    try:
        period = parse_period(args.date or clock.today().isoformat(), args.to)
    except PeriodError as exc:
        raise CliError(t(exc.key, lang, **exc.params), EXIT_USAGE) from None
    with database(args) as db:
        actor = login(db, args)
        recap = compute_recap(
            db,
            actor,
            period,
            office_code=args.office,
            counter=args.counter,
            operator_username=args.operator,
        )
    path = args.output or load_settings().output_dir / default_file_name(recap, args.file_format)
    try:
        save_recap(recap, args.file_format, path, lang, printed_by=actor.full_name)
    except OSError as exc:
        raise CliError(t("reports.cli.not_saved", lang, path=str(path), reason=exc), 1) from exc
    print(t("reports.cli.recap_title", lang, period=period.label(), office=recap.scope.office_code))
    print_summary(recap, lang)
    print(t("reports.cli.saved", lang, path=str(path)))
    return EXIT_OK


def run_day_close(args: argparse.Namespace) -> int:
    from ltsa_desk.services.dayclose import close_day

    lang = _lang(args)
    day = _day(args.date, lang)
    with database(args) as db:
        actor = login(db, args)
        close = close_day(db, actor, day, note=args.note)
    label = day.strftime(t("reports.date_format", lang))
    print(t("reports.cli.day_closed", lang, day=label, name=actor.full_name))
    for name, value in close.figures.items():
        print(f"  {t(f'reports.figure.{name}', lang)}: {value}")
    return EXIT_OK


def run_handoff_export(args: argparse.Namespace) -> int:
    from ltsa_desk.services.handoff import NothingToExport, export_handoff

    lang = _lang(args)
    with database(args) as db:
        actor = login(db, args)
        try:
            with shown(t("cli.progress_handoff", lang)) as progress:
                result = export_handoff(
                    db,
                    actor,
                    file_format=args.file_format,
                    output_dir=load_settings().output_dir,
                    output=args.output,
                    reexport=args.reexport,
                    lang=lang,
                    progress=progress,
                )
        except NothingToExport as exc:
            print(exc.message(lang))
            return EXIT_DATA
        except OSError as exc:
            raise CliError(
                t("reports.cli.not_saved", lang, path=str(args.output or ""), reason=exc), 1
            ) from exc
    key = "reports.cli.reexported" if result.reexport_of else "reports.cli.exported"
    print(
        t(
            key,
            lang,
            rows=result.rows,
            code=result.batch_code,
            original=result.reexport_of or "",
            path=str(result.path),
        )
    )
    print(t("reports.cli.full_nik_warning", lang))
    return EXIT_OK


def run_handoff_accept(args: argparse.Namespace) -> int:
    from ltsa_desk.services.handoff import accept_handoff

    lang = _lang(args)
    with database(args) as db:
        actor = login(db, args)
        result = accept_handoff(db, actor, args.keys, central_reference=args.reference)
    print(t("reports.cli.accepted", lang, count=len(result.accepted)))
    if result.already:
        print(t("reports.cli.already_accepted", lang, numbers=", ".join(result.already)))
    if result.not_exported:
        print(
            t("reports.cli.not_exported", lang, numbers=", ".join(result.not_exported)),
            file=sys.stderr,
        )
        return EXIT_DATA
    return EXIT_OK


def run_handoff_status(args: argparse.Namespace) -> int:
    from ltsa_desk.services.handoff import handoff_overview

    lang = _lang(args)
    with database(args) as db:
        actor = login(db, args)
        overview = handoff_overview(db, actor)
    if args.json:
        print_json(
            {
                "ready": overview.ready,
                "exported": overview.exported,
                "accepted": overview.accepted,
                "changed_since_export": list(overview.changed_since_export),
                "batches": [
                    {
                        "code": b.code,
                        "created_at": b.created_at.isoformat(timespec="seconds"),
                        "format": b.file_format,
                        "rows": b.rows,
                        "accepted": b.accepted,
                        "reexport_of": b.reexport_of,
                    }
                    for b in overview.batches
                ],
            }
        )
        return EXIT_OK
    print(
        t(
            "reports.cli.status",
            lang,
            ready=overview.ready,
            exported=overview.exported,
            accepted=overview.accepted,
        )
    )
    if overview.changed_since_export:
        numbers = ", ".join(overview.changed_since_export)
        print(t("reports.cli.changed_since_export", lang, numbers=numbers))
    fmt = t("reports.datetime_format", lang)
    for batch in overview.batches:
        print(
            t(
                "reports.cli.batch_line",
                lang,
                code=batch.code,
                at=clock.local(batch.created_at).strftime(fmt),
                rows=batch.rows,
                accepted=batch.accepted,
                format=batch.file_format,
            )
        )
    return EXIT_OK
