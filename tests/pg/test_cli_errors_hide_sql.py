"""A database error reaches the operator as a sentence, its SQL only in the log (issue 20: a
PostgreSQL error in a report printed the whole statement)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from sqlalchemy import text

from ltsa_desk.cli import _run
from ltsa_desk.db.engine import Database


def test_a_database_error_is_a_sentence_and_its_sql_goes_to_the_log(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def report(_args: argparse.Namespace) -> int:
        with db.engine.connect() as conn:  # a real error from the real server
            conn.execute(text("SELECT nik, secret_column FROM no_such_table_xyz"))
        return 0

    args = argparse.Namespace(lang="en", command="report", db=db.url, verbosity="normal")
    assert _run(args, report) == 1
    err = capsys.readouterr().err
    assert "An unexpected error stopped the command" in err
    assert "SELECT" not in err and "no_such_table_xyz" not in err
    log = (tmp_path / "logs" / "ltsa-desk.log").read_text(encoding="utf-8")
    assert "no_such_table_xyz" in log
