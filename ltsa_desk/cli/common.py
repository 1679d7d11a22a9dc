"""Options and helpers shared by every command."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ltsa_desk import clock
from ltsa_desk.i18n import Lang, parse_lang
from ltsa_desk.services.text import is_text


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
    return parent


def lang_of(args: argparse.Namespace) -> Lang:
    return parse_lang(getattr(args, "lang", None))


def lang_in(arguments: Sequence[str]) -> Lang:
    """``--lang`` as found in raw arguments (before they can be parsed), else the default."""
    for index, value in enumerate(arguments):
        if value.startswith("--lang="):
            return parse_lang(value.removeprefix("--lang="))
        if value == "--lang" and index + 1 < len(arguments):
            return parse_lang(arguments[index + 1])
    return parse_lang(None)


def invalid_argument(arguments: Sequence[str]) -> int | None:
    """The index of the first argument that is not valid text, or None.

    Bytes that are not UTF-8 reach Python as lone surrogates (U+DC80 to U+DCFF): no text can hold
    them, no terminal print them and no database store them, so they are refused up front.
    """
    for index, value in enumerate(arguments):
        if not is_text(value):
            return index
    return None


def log_file() -> Path:
    """Where tracebacks go: ``LTSA_DESK_LOG``, else the user log folder."""
    from ltsa_desk.config import DIRS

    override = os.environ.get("LTSA_DESK_LOG")
    return Path(override) if override else Path(DIRS.user_log_dir) / "ltsa-desk.log"


def log_unexpected(exc: BaseException, args: argparse.Namespace) -> Path | None:
    """Append the traceback of an unexpected error to the log; None if even that fails."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as handle:
            command = getattr(args, "command", "")
            handle.write(f"--- {clock.now().isoformat()} ltsa-desk {command}\n")
            handle.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
