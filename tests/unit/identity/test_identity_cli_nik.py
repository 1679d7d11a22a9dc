"""``ltsa-desk nik`` built on its own parser, so the test needs no other command group."""

from __future__ import annotations

import argparse
import json

import pytest

from ltsa_desk.cli import common, nik


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ltsa-desk", parents=[common.global_options()])
    nik.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_valid_nik_text_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["nik", "3305 0141 0195 0002"]) == 0
    out = capsys.readouterr().out
    assert "NIK 3305014101950002: lolos pemeriksaan" in out
    assert "Kabupaten Kebumen (33.05)" in out
    assert "01-01-1995" in out and "perempuan (P)" in out


def test_warnings_still_exit_0_and_english_switches(capsys: pytest.CaptureFixture[str]) -> None:
    code = _run(
        ["nik", "3305014101950002", "--birth-date", "1995-01-02", "--sex", "l", "--lang", "en"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "passes the checks" in out and "Warnings:" in out
    assert "[nik.birth_date_mismatch]" in out and "[nik.sex_mismatch]" in out


def test_lang_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["--lang", "en", "nik", "123"]) == 1
    assert "A NIK must have 16 digits; 3 were typed." in capsys.readouterr().out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["nik", "3305014101950000", "--json", "--birth-date", "1994-01-01"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["nik"] == "3305014101950000"
    assert data["valid"] is False
    assert [e["code"] for e in data["errors"]] == ["nik.serial"]
    assert {"code", "field", "message"} <= data["errors"][0].keys()
    assert [w["code"] for w in data["warnings"]] == ["nik.birth_date_mismatch"]
    assert data["birth_date"] == "1995-01-01" and data["sex"] == "P"
    assert (data["province"], data["regency"], data["district"]) == (
        "Jawa Tengah",
        "Kabupaten Kebumen",
        "Ayah",
    )
    assert (data["province_code"], data["regency_code"], data["district_code"]) == (
        "33",
        "33.05",
        "33.05.01",
    )


def test_json_for_unreadable_nik(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["nik", "abc", "--json", "--lang", "en"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["nik"] is None and data["birth_date"] is None
    assert data["errors"][0]["message"].startswith("A NIK may contain only the digits")


def test_unknown_region_is_shown_by_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["nik", "9104011212900001"]) == 0
    assert "91.04: tidak ada dalam daftar Kemendagri 2025" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["02-01-1995", "1995-02-30", "19950102", "kemarin"])
def test_bad_birth_date_is_a_usage_error(value: str) -> None:
    with pytest.raises(common.CliError) as raised:
        _run(["nik", "3305014101950002", "--birth-date", value])
    assert raised.value.exit_code == 2
    assert "TTTT-BB-HH" in raised.value.message and value in raised.value.message


def test_bad_sex_is_rejected_by_argparse() -> None:
    with pytest.raises(SystemExit) as raised:
        _run(["nik", "3305014101950002", "--sex", "X"])
    assert raised.value.code == 2


def test_unprintable_input_is_echoed_safely(capsys: pytest.CaptureFixture[str]) -> None:
    # Bytes that are not UTF-8 reach argv as lone surrogates (surrogateescape).
    assert _run(["nik", "33\udcff05\x1b[2J" + "9" * 100]) == 1
    out = capsys.readouterr().out
    assert "\\udcff" in out and "\\u001b" in out and "\x1b" not in out
    out.encode("utf-8")
    assert len(out.splitlines()[0]) < 80
