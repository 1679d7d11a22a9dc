"""Long commands show their progress: a bar on a terminal, a few plain lines otherwise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ltsa_desk.cli import main
from ltsa_desk.cli.progress import shown


def test_plain_lines_at_most_one_per_tenth() -> None:
    out = io.StringIO()
    with shown("Mengimpor", out) as progress:
        for done in range(101):
            progress(done, 100)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Mengimpor: 0/100" and lines[-1] == "Mengimpor: 100/100"
    assert len(lines) == 11


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_on_a_terminal() -> None:
    out = Terminal()
    with shown("Building the demo", out) as progress:
        for done in range(4):
            progress(done, 3)
    assert "Building the demo" in out.getvalue() and "3/3" in out.getvalue()


def test_the_demo_reports_each_applicant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(tmp_path / "demo.sqlite"), "--applicants", "2"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Membangun demo (pemohon): 0/2",
        "Membangun demo (pemohon): 1/2",
        "Membangun demo (pemohon): 2/2",
    ]
