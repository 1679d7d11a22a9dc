"""Every command that reads personal data or changes state acts as a logged-in user with the
right role (issue 20: ``backup``, ``db upgrade`` and ``applicant show`` needed no login, and
operators could list sync conflicts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ltsa_desk.cli import main
from ltsa_desk.db.engine import Database
from ltsa_desk.services.access import Actor
from ltsa_desk.services.applicants import register_applicant
from tests.conftest import PASSWORDS, TODAY
from tests.unit.services.helpers import NIK_SITI, siti


@pytest.mark.parametrize(
    ("argv", "least"),
    [
        (["applicant", "show", NIK_SITI], "operator"),
        (["backup"], "supervisor"),
        (["db", "upgrade"], "supervisor"),
        (["sync", "conflicts"], "supervisor"),
    ],
)
def test_a_command_needs_a_login_with_the_right_role(
    db: Database,
    db_path: Path,
    operator: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    least: str,
) -> None:
    register_applicant(db, operator, siti(), today=TODAY)
    db.dispose()
    monkeypatch.setenv("LTSA_DESK_BACKUP_DIR", str(tmp_path / "bk"))
    command = [*argv, "--db", str(db_path), "--lang", "en"]
    assert main(command) == 2
    assert "--as" in capsys.readouterr().err
    monkeypatch.setenv("LTSA_DESK_USER", "operator")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", "wrong-password")
    assert main(command) == 1
    assert NIK_SITI not in capsys.readouterr().out
    if least == "supervisor":
        monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["operator"])
        assert main(command) == 1
        assert "may not" in capsys.readouterr().err
    monkeypatch.setenv("LTSA_DESK_USER", least)
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS[least])
    assert main(command) == 0, capsys.readouterr().err


def test_db_upgrade_of_an_older_database_logs_in_first(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    from ltsa_desk.db.migrate import alembic_config, current_revision, head_revision

    with db.engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    older = current_revision(db)
    db.dispose()
    assert older != head_revision()
    monkeypatch.setenv("LTSA_DESK_USER", "operator")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["operator"])
    assert main(["db", "upgrade", "--db", str(db_path)]) == 1
    monkeypatch.setenv("LTSA_DESK_USER", "supervisor")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["supervisor"])
    assert main(["db", "upgrade", "--db", str(db_path)]) == 0
    from ltsa_desk.db.migrate import open_database

    reopened = open_database(str(db_path), migrate=False)
    assert current_revision(reopened) == head_revision()
    reopened.dispose()
