"""``python -m ltsa_desk``: the same as the ``ltsa-desk`` command (the usual way on Windows)."""

import sys

from ltsa_desk.cli import main

sys.exit(main())
