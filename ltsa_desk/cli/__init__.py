"""The ``ltsa-desk`` command line.

Each command group lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``handler`` (a ``Callable[[argparse.Namespace], int]``) as the parser default.
Non-TUI commands never import Textual: the desk is started through a lazy import.

Exit codes: 0 ok, 1 data errors or blocking findings, 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from ltsa_desk import __version__, logs
from ltsa_desk.cli import common
from ltsa_desk.i18n import Lang, t
from ltsa_desk.services.errors import ServiceError

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]

log = logging.getLogger(__name__)

#: Set by the completion script a shell runs (argcomplete's protocol).
COMPLETING = "_ARGCOMPLETE"


def _register_all(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Imported here so that ``ltsa-desk --help`` stays fast and each group stays independent.
    from ltsa_desk.cli import (
        admin,
        info,
        mrz,
        nik,
        office,
        printing,
        records,
        reports,
        requirements,
        setup,
        sync,
    )

    modules = (setup, info, records, admin, office, nik, mrz, requirements, printing, reports, sync)
    for module in modules:
        module.register(sub)


def _add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-V",
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="show the version and exit",
    )


def build_parser(lang: Lang = "en") -> argparse.ArgumentParser:
    """Every command's parser, its help in ``lang`` (see help_lang.py)."""
    from ltsa_desk.cli import help_lang

    help_lang.use_language(lang)
    parser = argparse.ArgumentParser(
        prog="ltsa-desk",
        description="LTSA Desk: intake desk for prospective migrant workers (CPMI).",
        parents=[common.global_options()],
    )
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _register_all(sub)
    help_lang.translate(parser, lang)
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
    _add_version(parser)  # answered here, without loading every command's module
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def command_name(args: argparse.Namespace) -> str:
    """``print checklist``, ``db upgrade``…: what the log says was run (never the arguments,
    which may hold a NIK or a name)."""
    parts = [getattr(args, "command", None) or "desk"]
    for attribute, value in vars(args).items():
        if (attribute.endswith("_command") or attribute == "document") and isinstance(value, str):
            parts.append(value)
    return " ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    if COMPLETING in os.environ:
        # The shell asks for completions (see ``ltsa-desk completion``): answer and exit.
        import argcomplete

        argcomplete.autocomplete(build_parser())
    arguments = list(sys.argv[1:] if argv is None else argv)
    bad = common.invalid_argument(arguments)
    if bad is not None:
        print(t("cli.invalid_text", common.lang_in(arguments), position=bad + 1), file=sys.stderr)
        return EXIT_USAGE
    desk_args = desk_arguments(arguments)
    if desk_args is not None:
        return _run(desk_args, None)
    from ltsa_desk.cli.help_lang import help_language

    parser = build_parser(help_language(arguments))
    args = parser.parse_args(arguments)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        return _run(args, None)
    # What a command prints may hold stored names or typed arguments: never terminal controls.
    # (The desk itself draws with them, so it runs outside.)
    with common.visible_output():
        return _run(args, handler)


def _run(args: argparse.Namespace, handler: Handler | None) -> int:
    logs.setup(common.verbosity_of(args))
    name = command_name(args)
    log.info("ltsa-desk %s: %s", __version__, name)
    try:
        if handler is None:
            from ltsa_desk.cli.desk import run_desk

            return run_desk(args)
        return handler(args)
    except common.CliError as exc:
        log.info("%s: refused (exit %d)", name, exc.exit_code)
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except ServiceError as exc:
        # A service refusing (permission, a record not found, a bad bundle…): one line in the
        # operator's language, as every command reports it.
        log.info("%s: refused by the service (%s)", name, exc.key)
        print(exc.message(common.lang_of(args)), file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        log.info("%s: interrupted", name)
        return 130
    except Exception as exc:
        refused = _refusal(exc, args)
        if refused is not None:
            log.info("%s: refused (%s)", name, type(exc).__name__)
            print(refused, file=sys.stderr)
            return EXIT_DATA
        # A bug, not a refusal: one sentence for the operator, the traceback in the log.
        path = logs.log_unexpected(log, exc, name)
        if common.verbosity_of(args) == "debug":
            traceback.print_exc()
        lang = common.lang_of(args)
        where = (
            t("cli.unexpected_log", lang, path=path) if path else t("cli.unexpected_no_log", lang)
        )
        print(t("cli.unexpected", lang, kind=type(exc).__name__), where, file=sys.stderr)
        return EXIT_DATA


def _refusal(exc: Exception, args: argparse.Namespace) -> str | None:
    """The sentence for a failure the operator can act on, or None for a bug.

    A database refused at open (a bad ``--db`` address, a damaged file), damage met by a read,
    and a file named on the command line that cannot be used (a name too long for the disk, a
    missing folder) are not bugs: each has its own sentence. Other database errors are bugs
    and go to the log, whose sentence never shows the SQL (PostgreSQL's errors quote it).
    """
    # Imported here: the desk starts through ``main`` without SQLAlchemy (test_cli_startup).
    from sqlalchemy.exc import SQLAlchemyError

    from ltsa_desk.cli.context import db_argument
    from ltsa_desk.db.engine import DatabaseError

    lang = common.lang_of(args)
    if isinstance(exc, DatabaseError):
        return t(exc.message_key, lang, **exc.params)
    if isinstance(exc, SQLAlchemyError) and "malformed" in str(exc).lower():
        return t("db.corrupt", lang, path=db_argument(args) or "-")
    if isinstance(exc, OSError):
        name = str(exc.filename or "-")
        shown = name if len(name) <= 120 else name[:60] + "…" + name[-40:]
        return t("cli.file_error", lang, path=shown, reason=exc.strerror or type(exc).__name__)
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
