"""``ltsa-desk`` with no command starts the desk without building the commands' parsers, and
guesses the first frame's language as the settings will; help and commands work as before."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from ltsa_desk.cli import desk_arguments, main
from ltsa_desk.cli.desk import config_file, startup_lang
from ltsa_desk.config import load_settings


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_the_desk_starts_without_importing_the_command_modules() -> None:
    code = (
        "import sys\n"
        "import ltsa_desk.cli.desk as desk\n"
        "desk.run_desk = lambda args: print(args.db, args.lang) or 0\n"
        "from ltsa_desk.cli import main\n"
        "assert main(['--db', 'x.sqlite', '--lang', 'en']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('ltsa_desk.cli.')))\n"
        "heavy = ('sqlalchemy', 'pydantic', 'alembic', 'textual')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    assert _run(code).splitlines() == [
        "x.sqlite en",
        "['ltsa_desk.cli.common', 'ltsa_desk.cli.desk']",
        "[]",
    ]


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    for command in ("init", "demo", "applicant", "nik", "backup"):
        assert command in shown


def test_a_command_still_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "nik", "3305014203960001", "--json"]) == 0
    assert "3305014203960001" in capsys.readouterr().out


def test_a_bad_global_option_is_still_refused_by_the_full_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "fr"])
    assert exit_info.value.code == 2
    # An unknown language falls back to Indonesian, as messages do (the usage error included).
    assert "pilihan tidak sah: 'fr'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "desk"),
    [
        ([], True),
        (["--db", "a.sqlite"], True),
        (["--db=a.sqlite", "--lang", "en"], True),
        (["demo"], False),
        (["--db", "a.sqlite", "demo"], False),
        (["--help"], False),
        (["-h"], False),
        (["--db"], False),
        (["--lang", "fr"], False),
        (["--unknown"], False),
    ],
)
def test_only_global_options_start_the_desk(argv: list[str], desk: bool) -> None:
    args = desk_arguments(argv)
    assert (args is not None) == desk
    if args is not None:
        assert args.command is None  # as the full parser would say


def test_startup_lang_follows_the_argument_then_the_environment_then_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_lang = argparse.Namespace()
    assert startup_lang(no_lang) == "id"
    Path(config_file()).write_text('lang = "en"\n', encoding="utf-8")
    assert startup_lang(no_lang) == "en"
    assert startup_lang(argparse.Namespace(lang="id")) == "id"
    monkeypatch.setenv("ltsa_desk_lang", "id")  # pydantic-settings ignores the case
    assert startup_lang(no_lang) == "id"


@pytest.mark.parametrize(
    ("environment", "file_text"),
    [
        ({}, None),
        ({}, 'lang = "en"\n'),
        ({"LTSA_DESK_LANG": "en"}, None),
        ({"LTSA_DESK_LANG": "id"}, 'lang = "en"\n'),
        ({"LTSA_DESK_LANG": "en"}, 'lang = "id"\n'),
    ],
)
def test_startup_lang_agrees_with_the_settings(
    environment: dict[str, str], file_text: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if file_text is not None:
        config_file().write_text(file_text, encoding="utf-8")
    load_settings.cache_clear()
    assert startup_lang(argparse.Namespace()) == load_settings().lang


def test_the_config_file_is_found_where_the_settings_look(monkeypatch: pytest.MonkeyPatch) -> None:
    from ltsa_desk import config

    assert config_file() == config.config_file()  # LTSA_DESK_CONFIG, as the tests set it
    monkeypatch.delenv("LTSA_DESK_CONFIG")
    assert config_file() == config.config_file()  # the user config folder
