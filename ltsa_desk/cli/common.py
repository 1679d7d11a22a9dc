"""Options and helpers shared by every command."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ltsa_desk.i18n import Lang, parse_lang
from ltsa_desk.logs import Verbosity


class CliError(Exception):
    """A problem to report in one line and exit with ``exit_code`` (no traceback)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def global_options() -> argparse.ArgumentParser:
    """Options accepted both before and after the command name."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file or URL (default: LTSA_DESK_DB, else the user data folder)",
    )
    parent.add_argument(
        "--lang",
        choices=["id", "en"],
        default=argparse.SUPPRESS,
        help="language of messages (default: id)",
    )
    parent.add_argument(
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="also write the log's lines to the terminal (stderr)",
    )
    parent.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log everything, to the terminal too, and show the traceback of an unexpected error",
    )
    return parent


def verbosity_of(args: argparse.Namespace) -> Verbosity:
    if getattr(args, "debug", False):
        return "debug"
    return "verbose" if getattr(args, "verbose", False) else "normal"


def lang_of(args: argparse.Namespace) -> Lang:
    return parse_lang(getattr(args, "lang", None))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
