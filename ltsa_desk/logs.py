"""The desk's log: a rotating file in the user log folder, with personal data kept out of it.

What goes in: what the program did (a command started, a database opened, a print sent, a
bundle exported) and every unexpected error with its traceback, so that the support person an
office phones can be sent one file. What stays out: NIKs and other long numbers (masked as the
audit trail masks them), passwords (in ``password=…`` pairs and database URLs), and applicants'
names, which the code never passes to a logger (messages name records by id or registration
number). The masking runs over the whole formatted line, traceback included, so an exception
whose text quotes a NIK is masked too.

The file is ``ltsa-desk.log`` in platformdirs' user log folder (``LTSA_DESK_LOG_DIR`` points
elsewhere, which is how tests stay hermetic), 1 MiB a file, five older files kept. ``--verbose``
also writes the INFO lines to the terminal's stderr, ``--debug`` writes DEBUG lines to both.
A folder that cannot be written is not an error: the program runs on without a file.

Standard ``logging`` only: modules log through ``logging.getLogger(__name__)``.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import time
from pathlib import Path
from typing import Literal

from platformdirs import PlatformDirs

APP_NAME = "ltsa-desk"
LOG_DIR_VARIABLE = "LTSA_DESK_LOG_DIR"
LOG_FILE_NAME = "ltsa-desk.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5

Verbosity = Literal["normal", "verbose", "debug"]

#: Runs of 10 or more digits: NIKs and KK numbers (16), phone numbers, passport-like numbers.
#: Kept: the first four and last four digits, as ``mask_nik`` shows a NIK.
_LONG_NUMBER = re.compile(r"(?<!\d)(\d{4})\d{2,}(\d{4})(?!\d)")
#: ``password=secret``, ``"password": "secret"``, ``passphrase: secret`` …
_SECRET_PAIR = re.compile(
    r"(?i)((?:password|passphrase|passwd|secret|token)[\"']?\s*[:=]\s*[\"']?)([^\s\"',;&]+)"
)
#: ``scheme://user:password@host``
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)([^@\s]+)(@)")

#: Times in UTC, as stored in the database, whatever the office's zone.
_FORMAT = "%(asctime)sZ %(levelname)s %(process)d %(name)s: %(message)s"
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"


def redact(text: str) -> str:
    """``text`` with long numbers masked and passwords replaced by ``***``."""
    text = _URL_PASSWORD.sub(r"\1***\3", text)
    text = _SECRET_PAIR.sub(r"\1***", text)
    return _LONG_NUMBER.sub(lambda m: f"{m.group(1)}••••{m.group(2)}", text)


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks personal data in the whole line, traceback included."""

    def converter(self, seconds: float | None) -> time.struct_time:
        return time.gmtime(seconds)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_VARIABLE)
    if override:
        return Path(override)
    return Path(PlatformDirs(APP_NAME, appauthor=False).user_log_dir)


def log_file() -> Path:
    """Where the log is (or would be) written."""
    return log_dir() / LOG_FILE_NAME


#: The handlers this module installed on the root logger, so that a second ``setup`` (tests,
#: the CLI starting the desk) replaces them instead of writing every line twice.
_installed: list[logging.Handler] = []


def setup(verbosity: Verbosity = "normal") -> Path | None:
    """Send the program's log lines to the file (and to stderr when ``verbosity`` asks).

    Returns the file written to, or None when its folder cannot be written.
    """
    reset()
    root = logging.getLogger()
    level = logging.DEBUG if verbosity == "debug" else logging.INFO
    formatter = RedactingFormatter(_FORMAT, _DATE_FORMAT)
    path: Path | None = None
    try:
        target = log_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        pass
    else:
        path = target
        file_handler.setLevel(level)
        file_handler.setFormatter(formatter)
        _installed.append(file_handler)
    if verbosity != "normal":
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(level)
        console.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
        _installed.append(console)
    for handler in _installed:
        root.addHandler(handler)
    # Our own lines from INFO (DEBUG with --debug); libraries' only from WARNING, so that
    # SQLAlchemy or Textual do not fill the file unless asked to.
    root.setLevel(logging.WARNING if verbosity != "debug" else logging.DEBUG)
    logging.getLogger("ltsa_desk").setLevel(level)
    logging.getLogger("screens").setLevel(level)
    logging.getLogger("forms").setLevel(level)
    return path


def reset() -> None:
    """Remove (and close) the handlers :func:`setup` installed."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()


def current_file() -> Path | None:
    """The file the log is being written to now, if any."""
    for handler in _installed:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def log_unexpected(logger: logging.Logger, error: BaseException, where: str) -> Path | None:
    """Record an unexpected error with its traceback; returns the file it went to."""
    logger.error(
        "unexpected error in %s", where, exc_info=(type(error), error, error.__traceback__)
    )
    for handler in _installed:
        handler.flush()
    return current_file()
