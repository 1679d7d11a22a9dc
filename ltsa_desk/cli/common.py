"""Options and helpers shared by every command."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from ltsa_desk.i18n import Lang, parse_lang
from ltsa_desk.logs import Verbosity
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


#: What a terminal would obey rather than show: C0 controls but newline and tab, DEL, C1 and
#: the bidirectional overrides, each shown as a visible symbol instead.
_INVISIBLE = {
    **{code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"},
    0x7F: "\u2421",
    **dict.fromkeys(range(0x80, 0xA0), "\ufffd"),
    **dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)), "\ufffd"),
}


def visible(text: str) -> str:
    """``text`` with control characters shown (``␛``), never obeyed by the terminal."""
    return text.translate(_INVISIBLE)


class VisibleText(io.TextIOBase):
    """A stream that writes through to another with control characters made visible: what a
    command prints may hold stored names or typed arguments (``\x1b[2J``…)."""

    def __init__(self, target: TextIO) -> None:
        self._target = target

    @property
    def raw(self) -> TextIO:
        """The stream itself, for output the program draws (a progress bar), never data."""
        return self._target

    def write(self, text: str) -> int:
        self._target.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()


@contextmanager
def visible_output() -> Iterator[None]:
    """Standard output and error made ``VisibleText`` while a command runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleText(out), VisibleText(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
