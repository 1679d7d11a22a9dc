"""Starting the Textual desk from the command line, through a lazy import."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tomllib
from pathlib import Path

from ltsa_desk.cli.common import lang_of
from ltsa_desk.i18n import DEFAULT_LANG, Lang, parse_lang, t

#: The settings' sources for ``lang``, as ``ltsa_desk.config`` names them.
LANG_VARIABLE = "LTSA_DESK_LANG"
CONFIG_VARIABLE = "LTSA_DESK_CONFIG"


def run_desk(args: argparse.Namespace) -> int:
    """Run the desk UI; the core stays importable without Textual's screens."""
    # Imported by name at run time: the core must not depend on the UI packages (the import
    # contract forbids it), yet ``ltsa-desk`` with no command has to start the desk.
    if (
        importlib.util.find_spec("screens") is None
        or importlib.util.find_spec("screens.app") is None
    ):
        print(t("cli.desk_unavailable", lang_of(args)), file=sys.stderr)
        return 1
    app_module = importlib.import_module("screens.app")
    result: int = app_module.run(args)
    return result


def config_file() -> Path:
    """``ltsa_desk.config.config_file`` without importing pydantic-settings (0.2 s)."""
    override = os.environ.get(CONFIG_VARIABLE)
    if override:
        return Path(override)
    from platformdirs import PlatformDirs

    return Path(PlatformDirs("ltsa-desk", appauthor=False).user_config_dir) / "config.toml"


def startup_lang(args: argparse.Namespace) -> Lang:
    """The language of the desk's first frame: ``--lang``, else the settings' ``lang``.

    The settings load with the database, after the first frame (pydantic-settings alone takes
    a fifth of a second to import), so their ``lang`` is read here from the same sources in the
    same order: the environment (any case, as pydantic-settings matches it), then the config
    file. A unit test keeps the two readings in step.
    """
    given: str | None = getattr(args, "lang", None)
    if given:
        return parse_lang(given)
    for name, value in os.environ.items():
        if name.upper() == LANG_VARIABLE:
            return parse_lang(value)
    try:
        with config_file().open("rb") as file:
            configured = tomllib.load(file).get("lang")
    except (OSError, tomllib.TOMLDecodeError):
        # The settings will refuse a broken file; that is said on the login screen.
        return DEFAULT_LANG
    return parse_lang(configured if isinstance(configured, str) else None)
