"""The built wheel, installed as a counter PC installs it, works away from the source tree.

A copy of the project is built into a wheel (uv build); a fresh virtual environment outside
the repository gets the locked dependencies (``uv export`` of uv.lock, hashes checked) and then
the wheel, as the README's counter install does. From another working directory the installed
command then shows its version, its help, where its files are, builds a demo database and saves
a checklist PDF, which is read back. Every data file (rules, catalogs, migrations, fonts, the
desk's stylesheet) has to be inside the wheel for that to work.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import ltsa_desk

pytestmark = [
    pytest.mark.slow,
    # The installed commands run on the real clock, in their own processes: the suite's moved
    # clock (.ci/run's later runs) has nothing to find here, so they skip this minute of work.
    pytest.mark.skipif(
        bool(os.environ.get("LTSA_DESK_TEST_NOW")), reason="clock-independent; run once"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).with_name("uv")
#: What a build needs from the tree; the rest (.venv, .git, caches, demo data) stays out.
SKIPPED = {
    ".venv",
    ".git",
    ".demo",
    "build",
    "dist",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "__pycache__",
    "bench",
    "tests",
}


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    if not UV.exists():
        pytest.skip("uv is installed by ./dev with the dev extra")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=lambda _dir, names: [n for n in names if n in SKIPPED])
    _run(
        [UV, "build", "--wheel", "--out-dir", tmp_path / "dist", "--python", sys.executable],
        source,
        env,
    )
    wheel = next((tmp_path / "dist").glob("ltsa_desk-*.whl"))
    assert wheel.name.startswith(f"ltsa_desk-{ltsa_desk.__version__}-")

    venv = tmp_path / "counter-venv"
    _run([UV, "venv", venv, "--python", sys.executable], tmp_path, env)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    command = python.with_name("ltsa-desk")
    locked = tmp_path / "requirements.txt"
    _run(
        [
            UV,
            "export",
            "--locked",
            "--no-emit-project",
            "--no-dev",
            "--format",
            "requirements-txt",
            "--output-file",
            locked,
        ],
        ROOT,
        env,
    )
    _run(
        [UV, "pip", "install", "--python", python, "--require-hashes", "-r", locked], tmp_path, env
    )
    _run([UV, "pip", "install", "--python", python, "--no-deps", wheel], tmp_path, env)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    installed = _run(
        [python, "-c", "import ltsa_desk, screens; print(ltsa_desk.__file__)"], elsewhere, env
    )
    assert Path(installed.strip()).is_relative_to(venv)

    assert _run([command, "--version"], elsewhere, env).strip() == (
        f"ltsa-desk {ltsa_desk.__version__}"
    )
    shown = _run([python, "-m", "ltsa_desk", "--help"], elsewhere, env)
    for name in ("init", "demo", "paths", "print"):
        assert name in shown
    db = elsewhere / "demo.sqlite"
    paths = _run([command, "paths", "--db", "demo.sqlite", "--lang", "en"], elsewhere, env)
    assert str(db) in paths and "ltsa-desk.log" in paths

    _run([command, "demo", "--db", "demo.sqlite", "--applicants", "3"], elsewhere, env)
    with sqlite3.connect(db) as conn:
        (regno,) = conn.execute("SELECT registration_number FROM application LIMIT 1").fetchone()
    env_print = {**env, "LTSA_DESK_PASSWORD": "operator-demo-1"}
    out = _run(
        [
            command,
            "print",
            "checklist",
            regno,
            "--db",
            "demo.sqlite",
            "--as",
            "operator",
            "--save-only",
            "--output",
            "checklist.pdf",
            "--lang",
            "en",
        ],
        elsewhere,
        env_print,
    )
    assert "checklist.pdf" in out
    pages = PdfReader(elsewhere / "checklist.pdf").pages
    assert regno in "".join(page.extract_text() for page in pages)
