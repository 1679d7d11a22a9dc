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


ROOT = CORE.parent
CLOCK = CORE / "clock.py"
#: Reads of the computer's clock or zone: ``datetime.now()``, ``date.today()``, ``time.time()``,
#: and ``.astimezone()`` with no zone (the computer's, not the office's).
READS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}
#: These convert a moment they are given; called bare, they read the clock (or the zone).
READS_WITHOUT_ARGUMENT = {("time", "localtime"), ("time", "gmtime"), ("", "astimezone")}


def _clock_reads(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        if node.func.attr == "astimezone":
            owner_name = ""  # any datetime value
        bare = not node.args and not node.keywords
        if (owner_name, node.func.attr) in READS or (
            bare and (owner_name, node.func.attr) in READS_WITHOUT_ARGUMENT
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_time_comes_from_the_one_clock() -> None:
    """Only ltsa_desk/clock.py reads the system clock (a test moving time moves everything)."""
    offenders = [
        place
        for package in ("ltsa_desk", "screens", "forms")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != CLOCK
        for place in _clock_reads(path)
    ]
    assert offenders == []


def test_the_clock_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime as dt, time\n"
        "from datetime import date, datetime\n"
        "a = datetime.now()\nb = date.today()\nc = dt.datetime.utcnow()\nd = time.time()\n"
        "e = a.astimezone()\nf = a.astimezone(dt.UTC)\ng = time.gmtime(0)\nh = time.gmtime()\n",
        encoding="utf-8",
    )
    reads = [place.rsplit(":", 1)[1] for place in _clock_reads(sample, tmp_path)]
    assert reads == ["3", "4", "5", "6", "7", "10"]
