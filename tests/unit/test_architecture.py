"""The core never imports the UI: checked on the source and on a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "ltsa_desk"
FORBIDDEN = {"textual", "screens", "forms"}


def test_no_core_module_imports_the_ui() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_cli_commands_run_without_loading_textual() -> None:
    code = (
        "import sys\n"
        "from ltsa_desk.cli import build_parser\n"
        "build_parser()\n"
        "import ltsa_desk.services.applications, ltsa_desk.services.documents\n"
        "ui = {'textual', 'screens', 'forms'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ui))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
