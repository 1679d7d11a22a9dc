"""``ltsa-desk mrz``: fields and check digits of a passport MRZ (ICAO Doc 9303 part 4, TD3)."""

from __future__ import annotations

import argparse
import io
import json
from datetime import timedelta

import pytest

from ltsa_desk.cli import common, mrz
from tests.conftest import TODAY
from tests.unit.identity.mrz_specimens import ICAO_LINE1, ICAO_LINE2, td3


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ltsa-desk", parents=[common.global_options()])
    mrz.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_icao_specimen_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["mrz", ICAO_LINE1, ICAO_LINE2, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "MRZ: every check digit is right" in out
    assert "ERIKSSON" in out and "ANNA MARIA" in out and "L898902C3" in out
    assert "12-08-1974" in out and "15-04-2012" in out and "female (P)" in out
    assert out.count(" right") == 6  # the headline and five check digits


def test_wrong_check_digit_exits_1_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    wrong = ICAO_LINE2[:9] + "7" + ICAO_LINE2[10:]
    assert _run(["mrz", ICAO_LINE1, wrong]) == 1
    out = capsys.readouterr().out
    assert "MRZ: tidak lolos pemeriksaan" in out
    assert "nomor paspor:" in out and "SALAH (tertulis 7, seharusnya 6)" in out
    assert "[mrz.check_document_number]" in out and "[mrz.check_composite]" in out


def test_truncated_line_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["mrz", ICAO_LINE1, ICAO_LINE2[:43], "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Line 2 of the MRZ has 43 characters instead of 44" in out
    assert "Check digits" not in out


def test_both_lines_in_one_argument_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["mrz", f"{ICAO_LINE1}\r\n{ICAO_LINE2}", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True and data["lines"] == [ICAO_LINE1, ICAO_LINE2]
    assert data["birth_date"] == "1974-08-12" and data["sex"] == "P"
    assert [c["part"] for c in data["check_digits"] if c["ok"]] == [
        "document_number",
        "birth_date",
        "expiry_date",
        "personal_number",
        "composite",
    ]
    assert data["errors"] == [] and data["warnings"] == []


def test_wedge_on_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{ICAO_LINE1.lower()}\n{ICAO_LINE2.lower()}\n"))
    assert _run(["mrz", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["surname"] == "ERIKSSON"


def test_no_input_on_a_terminal_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    with pytest.raises(common.CliError) as raised:
        _run(["mrz", "--lang", "en"])
    assert raised.value.exit_code == 2 and "standard input" in raised.value.message


def test_cross_check_warnings_keep_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    departure = TODAY + timedelta(days=60)
    lines = td3(surname="SITI RAHAJU", expiry=departure + timedelta(days=20))
    argv = ["mrz", *lines, "--name", "Siti Rahayu", "--nik", "3305014203960001"]
    argv += ["--departure", departure.isoformat(), "--destination", "hk", "--json"]
    assert _run(argv) == 0
    codes = [w["code"] for w in json.loads(capsys.readouterr().out)["warnings"]]
    assert codes == ["name.mismatch", "paspor_sisa_masa_berlaku"]


def test_bad_departure_is_a_usage_error() -> None:
    with pytest.raises(common.CliError) as raised:
        _run(["mrz", ICAO_LINE1, ICAO_LINE2, "--departure", "soon"])
    assert raised.value.exit_code == 2
