"""The command line end to end, in process: init, demo, applicants, documents, db check."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ltsa_desk.cli import main
from ltsa_desk.demo import CONFLICTS
from tests.conftest import PASSWORDS, TODAY
from tests.unit.services.helpers import NIK_SITI


@pytest.fixture
def as_operator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LTSA_DESK_USER", "operator")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["operator"])


def _add_siti(db_path: Path, *extra: str) -> int:
    return main(
        [
            "applicant", "add", "--db", str(db_path), "--nik", NIK_SITI,
            "--full-name", "Siti Rahayu", "--birth-date", "1996-03-02", "--sex", "P",
            "--marital-status", "married", *extra,
        ]
    )  # fmt: skip


def test_init_creates_office_and_admin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.sqlite"
    code = main(
        [
            "init", "--db", str(path), "--office-code", "kebumen", "--office-name", "LTSA Kebumen",
            "--regency", "33.05", "--admin-user", "kepala", "--admin-name", "Kepala Seksi",
            "--admin-password", "sangat-rahasia",
        ]
    )  # fmt: skip
    assert code == 0
    said = capsys.readouterr().out
    assert "KEBUMEN" in said and "sidik jari" in said  # the office key, made at init
    again = main(
        [
            "init", "--db", str(path), "--office-code", "X1", "--office-name", "X",
            "--admin-user", "x", "--admin-name", "X", "--admin-password", "sangat-rahasia",
        ]
    )  # fmt: skip
    assert again == 1
    assert "sudah disiapkan" in capsys.readouterr().err


def test_add_show_and_document_set(
    db_path: Path, db: object, as_operator: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add_siti(db_path) == 0
    assert "Siti Rahayu" in capsys.readouterr().out
    assert _add_siti(db_path) == 1
    err = capsys.readouterr().err
    assert "sudah terdaftar" in err and "Tidak ada yang disimpan" in err
    assert main(["applicant", "show", NIK_SITI, "--db", str(db_path), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["full_name"] == "Siti Rahayu" and shown["applications"] == []


def test_warning_needs_override_on_the_command_line(
    db_path: Path, db: object, as_operator: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add_siti(db_path, "--birth-date", "1996-03-03") == 1
    err = capsys.readouterr().err
    assert "PERINGATAN" in err and "--override" in err
    assert (
        _add_siti(
            db_path,
            "--birth-date",
            "1996-03-03",
            "--override",
            "nik.birth_date_mismatch=Akta lahir benar",
        )
        == 0
    )


def test_bad_credentials_and_missing_operator(
    db_path: Path, db: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add_siti(db_path) == 2
    assert "--as" in capsys.readouterr().err
    monkeypatch.setenv("LTSA_DESK_PASSWORD", "salah-salah")
    assert _add_siti(db_path, "--as", "operator") == 1
    assert "salah" in capsys.readouterr().err


def test_import_is_all_or_nothing(
    db_path: Path, db: object, tmp_path: Path, as_operator: None, capsys: pytest.CaptureFixture[str]
) -> None:
    good = "nik,full_name,birth_date,sex,marital_status\n"
    good += f"{NIK_SITI},Siti Rahayu,1996-03-02,P,married\n"
    bad = good + "3305011708950003,Budi [bold]x,1995-08-17,L,single\n"
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(bad, encoding="utf-8")
    assert main(["applicant", "import", str(csv_file), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "Baris 3" in err and "full_name" in err
    assert main(["applicant", "show", NIK_SITI, "--db", str(db_path)]) == 1
    capsys.readouterr()
    csv_file.write_text(good, encoding="utf-8")
    assert main(["applicant", "import", str(csv_file), "--db", str(db_path)]) == 0
    shown = capsys.readouterr()
    assert "1 pemohon" in shown.out
    # Progress, not a terminal: plain lines, the rows checked then saved.
    progress = [line for line in shown.err.splitlines() if line.startswith("Mengimpor")]
    assert [line.rsplit(" ", 1)[1] for line in progress] == ["0/2", "1/2", "2/2"]


def test_import_rejects_unknown_columns(
    db_path: Path, db: object, tmp_path: Path, as_operator: None, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text("nik,nama\n1,x\n", encoding="utf-8")
    assert main(["applicant", "import", str(csv_file), "--db", str(db_path)]) == 1
    assert "nama" in capsys.readouterr().err


def test_demo_then_document_set_and_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--applicants", "12"]) == 0
    said = capsys.readouterr()
    assert "operator-demo-1" in said.out and "12" in said.out
    assert main(["db", "check", "--db", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # Twelve, and the neighbouring office's few whose sync conflicts F7 shows.
    assert report["integrity"] == "ok" and report["applicants"] == 12 + len(CONFLICTS)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM sync_conflict").fetchone() == (len(CONFLICTS),)
    assert report["applications"] >= 8
    # Refreshing a demo database is allowed; overwriting another database is not.
    assert main(["demo", "--db", str(path), "--applicants", "3"]) == 0
    capsys.readouterr()
    other = tmp_path / "real.sqlite"
    other.write_bytes(b"")
    init = ["init", "--db", str(other), "--office-code", "REAL", "--office-name", "Real"]
    main([*init, "--admin-user", "a", "--admin-name", "A", "--admin-password", "sangat-rahasia"])
    capsys.readouterr()
    assert main(["demo", "--db", str(other)]) == 1
    assert "bukan basis data demo" in capsys.readouterr().err

    # A supervisor: the demo item may already be verified, which only a supervisor may change.
    monkeypatch.setenv("LTSA_DESK_USER", "supervisor")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", "supervisor-demo-1")
    assert main(["applicant", "show", "DEMO-", "--db", str(path)]) == 1  # not a full number
    capsys.readouterr()
    from ltsa_desk.db.migrate import open_database
    from ltsa_desk.services.search import search_applicants

    db = open_database(str(path))
    regno = next(
        h.registration_number
        for h in search_applicants(db, f"DEMO-{TODAY.year}")
        if h.registration_number
    )
    db.dispose()
    code = main(
        [
            "document",
            "set",
            regno,
            "pas_foto",
            "--status",
            "received",
            "--number",
            "F-1",
            "--db",
            str(path),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert main(["document", "set", regno, "nope", "--status", "received", "--db", str(path)]) == 1
    assert "pas_foto" in capsys.readouterr().err
    assert main(["applicant", "show", regno, "--db", str(path), "--lang", "en"]) == 0
    assert "Received" in capsys.readouterr().out


def test_not_a_database_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello")
    assert main(["db", "check", "--db", str(junk)]) == 1
    assert "bukan basis data LTSA Desk" in capsys.readouterr().err
    assert junk.read_text() == "hello"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["document", "set", "X", "Y", "--status", "lost"])
    assert caught.value.code == 2


def test_import_of_a_malformed_csv_is_a_clear_message(
    db_path: Path, db: object, tmp_path: Path, as_operator: None, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text('nik,full_name\n"' + "x" * 200_000 + '",x\n', encoding="utf-8")
    assert main(["applicant", "import", str(csv_file), "--db", str(db_path)]) == 1
    assert "CSV" in capsys.readouterr().err
    csv_file.write_bytes(b'nik,full_name\n"3305\r01",x\n\r')
    assert main(["applicant", "import", str(csv_file), "--db", str(db_path)]) == 1
    assert "Baris 2" in capsys.readouterr().err


def test_a_service_refusal_is_one_line_and_exit_1(
    db_path: Path, db: object, as_operator: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any command a service refuses (here an operator listing accounts) reports it the same."""
    assert main(["user", "list", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "tidak berwenang" in err and "Traceback" not in err
    assert err.count("\n") == 1
