"""What the support person an office phones needs: the version, where files are, and a log
with the traceback of an unexpected error but no personal data."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import ltsa_desk
from ltsa_desk import logs
from ltsa_desk.cli import main


def test_one_version_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    assert ltsa_desk.__version__ == version("ltsa-desk")
    for flag in ("--version", "-V"):
        with pytest.raises(SystemExit) as exit_info:
            main([flag])
        assert exit_info.value.code == 0
        assert capsys.readouterr().out.strip() == f"ltsa-desk {ltsa_desk.__version__}"


def test_python_dash_m_is_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ltsa_desk", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"ltsa-desk {ltsa_desk.__version__}"


def test_paths_lists_every_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "office" / "desk.sqlite"
    assert main(["paths", "--db", str(db), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found == {
        "config": str(tmp_path / "no-config.toml"),
        "database": str(db),
        "drafts": str(tmp_path / "office" / "drafts"),
        "backups": str(tmp_path / "office" / "backups"),
        "pdfs": found["pdfs"],
        "logs": str(tmp_path / "logs" / "ltsa-desk.log"),
    }
    assert not db.exists()  # telling where things are creates nothing
    assert main(["paths", "--lang", "en", "--db", "postgresql://desk:secret@server/ltsa"]) == 0
    shown = capsys.readouterr().out
    assert "Log file" in shown and "Backups" in shown
    assert "secret" not in shown and "desk:***@server/ltsa" in shown


def test_redaction_masks_numbers_and_passwords() -> None:
    line = (
        "nik=3305014203960001 phone 081234567890 password=hunter2 "
        "url postgresql://desk:s3cret@server/db KEBUMEN-2026-000001"
    )
    shown = logs.redact(line)
    for secret in ("3305014203960001", "081234567890", "hunter2", "s3cret"):
        assert secret not in shown
    assert "3305••••0001" in shown and "password=***" in shown and "desk:***@server" in shown
    assert "KEBUMEN-2026-000001" in shown  # a registration number is not personal data


def test_an_unexpected_error_is_one_sentence_and_a_logged_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ltsa_desk.cli.nik as nik_command

    def broken(args: object) -> int:
        raise ZeroDivisionError("while reading 3305014203960001")

    monkeypatch.setattr(nik_command, "run", broken)
    assert main(["nik", "3305014203960001"]) == 1
    err = capsys.readouterr().err
    log_file = tmp_path / "logs" / "ltsa-desk.log"
    assert "Traceback" not in err
    assert "ZeroDivisionError" in err and str(log_file) in err
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "ZeroDivisionError" in logged
    assert "3305014203960001" not in logged


def test_debug_writes_debug_lines_and_verbose_shows_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["paths", "--verbose"]) == 0
    assert "INFO ltsa_desk.cli: ltsa-desk" in capsys.readouterr().err
    assert main(["paths", "--debug"]) == 0
    logging.getLogger("ltsa_desk.test").debug("a debug line")
    assert "a debug line" in (tmp_path / "logs" / "ltsa-desk.log").read_text(encoding="utf-8")


def test_an_unwritable_log_folder_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("LTSA_DESK_LOG_DIR", str(blocker / "logs"))
    assert logs.setup() is None
    assert main(["paths"]) == 0


def test_init_refuses_a_code_that_is_not_a_regency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An office serves a kabupaten/kota: CPMI register at the kab/kota manpower office
    (Permenaker 9/2019), which an LTSA sits beside."""
    argv = ["init", "--db", str(tmp_path / "x.sqlite"), "--office-code", "KEBUMEN"]
    argv += ["--office-name", "LTSA Kebumen", "--admin-user", "admin", "--admin-name", "Admin"]
    argv += ["--admin-password", "admin-pass-1", "--lang", "en"]
    assert main([*argv, "--regency", "33.05.01"]) == 1  # a district, not a regency
    assert "33.05.01 is not a regency" in capsys.readouterr().err
    assert main([*argv, "--regency", "3305"]) == 0


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_script_for_each_shell(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", shell]) == 0
    assert "ltsa-desk" in capsys.readouterr().out


def test_the_shell_gets_commands_and_options_completed(tmp_path: Path) -> None:
    """What the completion script does on Tab: run ltsa-desk with argcomplete's variables."""
    answers = tmp_path / "completions.txt"

    def complete(line: str) -> list[str]:
        env = {
            **os.environ,
            "_ARGCOMPLETE": "1",
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
            "_ARGCOMPLETE_STDOUT_FILENAME": str(answers),
        }
        command = [sys.executable, "-m", "ltsa_desk"]
        subprocess.run(command, env=env, capture_output=True, check=True, timeout=60)
        return sorted(answers.read_text().replace("\v", "\n").split())

    assert complete("ltsa-desk pr") == ["print", "printer"]
    assert "--regency" in complete("ltsa-desk init --re")


def test_every_help_text_has_its_indonesian_translation() -> None:
    from ltsa_desk.cli import build_parser
    from ltsa_desk.cli.help_lang import help_texts, translations

    table = translations()["help"]
    missing = sorted({text for _, _, text in help_texts(build_parser("en"))} - set(table))
    assert missing == []


def test_help_and_usage_errors_follow_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit):
        main(["print", "--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("penggunaan: ltsa-desk print")
    assert "cetak daftar periksa" not in shown  # the group's own page: its description
    assert "Buat PDF A4, simpan" in shown and "argumen posisi" in shown
    with pytest.raises(SystemExit) as exit_info:
        main(["nik"])
    assert exit_info.value.code == 2
    assert "kesalahan: argumen berikut wajib diisi: nik" in capsys.readouterr().err
    monkeypatch.setenv("LTSA_DESK_LANG", "en")
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("usage: ltsa-desk") and "create a database with its office" in shown
    with pytest.raises(SystemExit):
        main(["--lang", "id", "--help"])
    assert "buat basis data beserta kantor" in capsys.readouterr().out
