"""The desk's first frame waits for Textual, the forms and the catalogs only: the database code,
the settings and the other screens load after it (see screens/context.py). Checked on a fresh
interpreter, since the test session has long imported everything."""

from __future__ import annotations

import subprocess
import sys

#: Packages and modules that must not load before the login screen is drawn.
HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "pydantic",
    "pydantic_settings",
    "argon2",
    "lokal",
    "rapidfuzz",
    "reportlab",
    "qrcode",
    "openpyxl",
    "cryptography",
    "ltsa_desk.config",
    "ltsa_desk.db",
    "ltsa_desk.rules",
    "ltsa_desk.drafts",
    "ltsa_desk.services.auth",
    "screens.home",
    "screens.lock",
    "screens.help",
    "forms.widgets",
)


def test_the_app_and_its_login_screen_import_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "import screens.app, screens.login\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') "
        "for h in heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
