"""The desk started without the command-line parser: what start-up costs once ``ltsa-desk``
with no command stops importing every command module (see ``analysis.md``). Used by
``prototypes.py startup``; ``python bench/start_direct.py DB`` runs the desk this way."""

from __future__ import annotations

import argparse
import sys

from screens.app import run

if __name__ == "__main__":
    sys.exit(run(argparse.Namespace(db=sys.argv[1], lang=None)))
