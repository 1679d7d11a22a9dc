"""Crash-safe drafts of forms being typed at the desk.

A power cut at a counter must cost at most the field being typed, so the desk saves what has been
keyed as a small JSON file beside the database while the operator types. Each save is atomic:
the JSON goes to a temporary file in the same folder, is flushed to disk, and replaces the old
draft by an atomic rename (``os.replace``): a crash leaves the old draft or the new one, never
half of one.
Drafts hold personal data, so the folder is 0700 and the files 0600, like the database.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ltsa_desk import clock
from ltsa_desk.config import default_data_dir
from ltsa_desk.db.engine import Database

DRAFT_FORMAT = 1
SUFFIX = ".draft.json"
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class Draft:
    """A saved draft: the form's field values as typed, and what the form needs to reopen it."""

    name: str
    saved_at: datetime
    values: dict[str, str]
    meta: dict[str, str] = field(default_factory=dict)


def _safe(part: str) -> str:
    return _UNSAFE.sub("-", part.strip().lower()) or "-"


def draft_name(username: str, form: str, record_id: str | None = None) -> str:
    """One draft per operator and form (and record, when editing one): ``operator.applicant``."""
    return ".".join(_safe(part) for part in (username, form, *([record_id] if record_id else [])))


def drafts_folder(db_path: Path | None) -> Path:
    """``drafts/`` next to an SQLite file; in the user data folder for a server database."""
    return (db_path.parent if db_path is not None else default_data_dir()) / "drafts"


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder, and need not.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DraftStore:
    """The drafts folder of one database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def beside(cls, db: Database) -> DraftStore:
        """The drafts folder of ``db`` (see :func:`drafts_folder`)."""
        return cls(drafts_folder(db.path))

    def path(self, name: str) -> Path:
        return self.folder / f"{_safe(name)}{SUFFIX}"

    def save(
        self, name: str, values: Mapping[str, str], *, meta: Mapping[str, str] | None = None
    ) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self.path(name)
        payload = {
            "format": DRAFT_FORMAT,
            "name": name,
            "saved_at": clock.now().isoformat(),
            "values": {str(k): str(v) for k, v in values.items()},
            "meta": {str(k): str(v) for k, v in (meta or {}).items()},
        }
        fd, tmp_name = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp_name).replace(target)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp_name).unlink()
            raise
        _fsync_folder(self.folder)
        return target

    def load(self, name: str) -> Draft | None:
        """The draft, or None when there is none or it cannot be read (it is then set aside)."""
        target = self.path(name)
        try:
            payload = json.loads(target.read_text(encoding="utf-8"))
            return Draft(
                name=str(payload["name"]),
                saved_at=datetime.fromisoformat(payload["saved_at"]),
                values={str(k): str(v) for k, v in payload["values"].items()},
                meta={str(k): str(v) for k, v in payload.get("meta", {}).items()},
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # Kept for a human to look at rather than deleted: it may hold the only copy.
            with contextlib.suppress(OSError):
                target.replace(target.with_suffix(".unreadable"))
            return None

    def discard(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(name).unlink()

    def names(self, prefix: str = "") -> list[str]:
        """Names of the saved drafts starting with ``prefix``, newest first."""
        if not self.folder.is_dir():
            return []
        found = sorted(
            self.folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        names = [p.name.removesuffix(SUFFIX) for p in found if not p.name.startswith(".tmp-")]
        return [n for n in names if n.startswith(prefix)]
