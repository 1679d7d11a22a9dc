"""Hostile arguments end in a sentence, never a traceback (issue 20: invalid UTF-8 ended in
``UnicodeEncodeError``, year 1 in ``ValueError``, ``mysql://`` in ``ModuleNotFoundError``, a
database error printed its SQL, ``--counter -5`` was accepted and ``email`` took anything)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ltsa_desk.cli import main
from ltsa_desk.db.engine import Database
from tests.conftest import PASSWORDS

BAD = "caf\udce9"  # "café" typed in Latin-1, read as UTF-8: a lone surrogate


@pytest.fixture
def as_supervisor(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    monkeypatch.setenv("LTSA_DESK_USER", "supervisor")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["supervisor"])


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([*argv, "--lang", "en"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["applicant", "add", "--nik", "3305014203960001", "--notes", BAD],
        ["applicant", "add", "--nik", BAD],
        ["applicant", "add", "--as", BAD],
        ["applicant", "show", BAD],
        ["document", "set", "KEBUMEN-2026-000001", BAD, "--status", "received"],
        ["nik", BAD],
    ],
)
def test_invalid_utf8_in_any_argument_is_a_sentence(
    db_path: Path, as_supervisor: None, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, err = _run([*argv, "--db", str(db_path)], capsys)
    assert code == 2
    assert "not valid text" in err


def test_invalid_utf8_in_the_username_variable_is_a_sentence(
    db_path: Path,
    as_supervisor: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LTSA_DESK_USER", "super\udcffvisor")
    code, err = _run(["applicant", "show", "3305014203960001", "--db", str(db_path)], capsys)
    assert code == 2 and "not valid text" in err


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "31-12-9999"])
@pytest.mark.parametrize("command", [["day", "close"], ["report", "daily"]])
def test_extreme_dates_are_a_sentence(
    db_path: Path,
    as_supervisor: None,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    day: str,
) -> None:
    code, err = _run([*command, "--date", day, "--db", str(db_path)], capsys)
    assert code == 2 and err.strip()


@pytest.mark.parametrize("url", ["mysql://x/y", "oracle://a@b/c", "::://", "sqlite+nope://x"])
def test_an_unsupported_database_url_is_a_sentence(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(["db", "check", "--db", url], capsys)
    assert code == 1 and "not a database LTSA Desk can use" in err


def test_a_database_error_never_prints_its_sql_and_the_traceback_goes_to_the_log(
    db_path: Path,
    as_supervisor: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("DROP TABLE queue_ticket")
        conn.commit()
    output = tmp_path / "recap.csv"
    argv = ["report", "daily", "--format", "csv", "--output", str(output), "--counter", "1"]
    code, err = _run([*argv, "--db", str(db_path)], capsys)
    assert code == 1
    assert "SELECT" not in err and "queue_ticket" not in err
    assert "log" in err and "OperationalError" in err
    log = (tmp_path / "logs" / "ltsa-desk.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "queue_ticket" in log


def test_a_negative_counter_is_refused(
    db_path: Path, as_supervisor: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "recap.csv"
    argv = ["report", "daily", "--counter", "-5", "--format", "csv", "--output", str(output)]
    code, err = _run([*argv, "--db", str(db_path)], capsys)
    assert code == 1 and "not a counter name" in err
    assert not output.exists()


@pytest.mark.parametrize("email", ["siti", "siti@", "@gmail.com", "siti@@gmail.com", "a b@c.id"])
def test_an_email_that_is_not_one_is_refused(
    db_path: Path, as_supervisor: None, capsys: pytest.CaptureFixture[str], email: str
) -> None:
    argv = ["applicant", "add", "--nik", "3305014203960001", "--full-name", "Siti Rahayu"]
    argv += ["--birth-date", "1996-03-02", "--sex", "P", "--marital-status", "single"]
    code, err = _run([*argv, "--email", email, "--db", str(db_path)], capsys)
    assert code == 1 and "not an email address" in err
    code, _ = _run([*argv, "--email", "siti.rahayu@gmail.com", "--db", str(db_path)], capsys)
    assert code == 0


def test_a_file_name_too_long_for_the_disk_is_a_sentence(
    db_path: Path, as_supervisor: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the property test: ``sync export --output`` with a 300-letter name."""
    output = tmp_path / ("n" * 300)
    code, err = _run(["sync", "export", "--output", str(output), "--db", str(db_path)], capsys)
    assert code == 1 and "cannot be used" in err


@pytest.mark.parametrize("value", ["\x1b[2J\x1b[31mmerah", "a\x07b\x9bc", "\u202eevil"])
def test_what_a_command_echoes_never_drives_the_terminal(
    db_path: Path, as_supervisor: None, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code, err = _run(["applicant", "show", value, "--db", str(db_path)], capsys)
    assert code == 1 and "Not found" in err
    assert not any(char in err for char in "\x1b\x07\x9b\u202e")
    assert "\u241b" in err or "\u2407" in err or "\ufffd" in err
