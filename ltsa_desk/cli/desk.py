"""Starting the Textual desk from the command line, through a lazy import."""

from __future__ import annotations

import argparse
import importlib.util
import sys

from ltsa_desk.cli.common import lang_of
from ltsa_desk.i18n import t


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
