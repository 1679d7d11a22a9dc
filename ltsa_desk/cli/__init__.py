"""The ``ltsa-desk`` command line.

Each command group lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``handler`` (a ``Callable[[argparse.Namespace], int]``) as the parser default.
Non-TUI commands never import Textual: the desk is started through a lazy import.

Exit codes: 0 ok, 1 data errors or blocking findings, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from ltsa_desk.cli import common
from ltsa_desk.i18n import t
from ltsa_desk.services.errors import ServiceError

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def _register_all(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Imported here so that ``ltsa-desk --help`` stays fast and each group stays independent.
    from ltsa_desk.cli import admin, nik, printing, records, reports, requirements, setup, sync

    for module in (setup, records, admin, nik, requirements, printing, reports, sync):
        module.register(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ltsa-desk",
        description="LTSA Desk: intake desk for prospective migrant workers (CPMI).",
        parents=[common.global_options()],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _register_all(sub)
    return parser


def desk_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments when ``argv`` holds global options only, which starts the desk.

    Parsed without the commands' parsers: building them imports every command module, a third
    of a second added to each start of the desk. None when ``argv`` names a command, asks for
    help or holds anything else (a bad value, an unknown option): the full parser then handles
    it exactly as before, error messages included.
    """
    parser = argparse.ArgumentParser(
        prog="ltsa-desk", parents=[common.global_options()], add_help=False, exit_on_error=False
    )
    parser.set_defaults(command=None)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    bad = common.invalid_argument(arguments)
    if bad is not None:
        print(t("cli.invalid_text", common.lang_in(arguments), position=bad + 1), file=sys.stderr)
        return EXIT_USAGE
    desk_args = desk_arguments(arguments)
    if desk_args is not None:
        from ltsa_desk.cli.desk import run_desk

        return run_desk(desk_args)
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from ltsa_desk.cli.desk import run_desk

        return run_desk(args)
    with common.visible_output():
        return run_handler(handler, args)


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Run a command so that it always ends in a sentence: the traceback goes to the log."""
    # Imported here: the desk starts through ``main`` without SQLAlchemy (test_cli_startup).
    from sqlalchemy.exc import SQLAlchemyError

    from ltsa_desk.cli.context import db_argument
    from ltsa_desk.db.engine import DatabaseError

    lang = common.lang_of(args)
    try:
        return handler(args)
    except common.CliError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except ServiceError as exc:
        # A service refusing (permission, a record not found, a bad bundle…): one line in the
        # operator's language, as every command reports it.
        print(exc.message(lang), file=sys.stderr)
        return EXIT_DATA
    except DatabaseError as exc:
        print(t(exc.message_key, lang, **exc.params), file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:  # a file named on the command line: too long, missing folder, full…
        name = str(exc.filename or "-")
        shown = name if len(name) <= 120 else name[:60] + "…" + name[-40:]
        reason = exc.strerror or type(exc).__name__
        print(t("cli.file_error", lang, path=shown, reason=reason), file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print(t("cli.interrupted", lang), file=sys.stderr)
        return 130
    except SQLAlchemyError as exc:
        if "malformed" in str(exc).lower():  # damage met by a read (big files: see engine.py)
            print(t("db.corrupt", lang, path=db_argument(args) or "-"), file=sys.stderr)
            return EXIT_DATA
        log = common.log_unexpected(exc, args)
        print(t("cli.database_error", lang, log=str(log) if log else "-"), file=sys.stderr)
        return EXIT_DATA
    except Exception as exc:  # the last line of defence: a sentence, not a traceback
        log = common.log_unexpected(exc, args)
        print(t("cli.unexpected", lang, log=str(log) if log else "-"), file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
