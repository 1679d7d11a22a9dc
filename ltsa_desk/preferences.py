"""What the desk remembers between runs on this PC: the theme chosen with Ctrl+T.

A small JSON file in platformdirs' user state folder (``LTSA_DESK_STATE_DIR`` points elsewhere,
which is how tests stay hermetic), not the config file: that one is the office's, written by
hand, and is never rewritten by the program. Read before the desk's first frame, so it stays
plain ``json``; a missing or damaged file means no preference, and a file that cannot be written
costs only the preference.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from platformdirs import PlatformDirs

STATE_DIR_VARIABLE = "LTSA_DESK_STATE_DIR"
FILE_NAME = "desk-preferences.json"

log = logging.getLogger(__name__)


def preferences_file() -> Path:
    override = os.environ.get(STATE_DIR_VARIABLE)
    folder = (
        Path(override)
        if override
        else Path(PlatformDirs("ltsa-desk", appauthor=False).user_state_dir)
    )
    return folder / FILE_NAME


def load_preferences() -> dict[str, str]:
    try:
        data = json.loads(preferences_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def remember(name: str, value: str) -> None:
    """Keep ``name = value`` (whole file or nothing: a temporary file, then a rename)."""
    path = preferences_file()
    values = {**load_preferences(), name: value}
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(values, indent=2, sort_keys=True), encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        log.warning("preference %s not kept: %s", name, exc.strerror or type(exc).__name__)
