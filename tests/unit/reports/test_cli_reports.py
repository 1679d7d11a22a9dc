"""``report daily``, ``day close`` and ``handoff`` on the command line, in process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ltsa_desk.cli import main
from tests.conftest import PASSWORDS, TODAY
from tests.unit.reports.builders import Office


@pytest.fixture
def as_supervisor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LTSA_DESK_USER", "supervisor")
    monkeypatch.setenv("LTSA_DESK_PASSWORD", PASSWORDS["supervisor"])


def test_report_daily_writes_each_format(
    office_db_url: str,
    office: Office,
    as_supervisor: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = ["report", "daily", "--db", office_db_url, "--date", TODAY.isoformat()]
    assert main([*base, "--format", "csv", "--output", str(tmp_path / "r.csv")]) == 0
    out = capsys.readouterr().out
    assert "Pendaftar baru: 3" in out and "r.csv" in out
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text("utf-8-sig"))))
    assert any(r["section"] == "summary" and r["value"] == "3" for r in rows)
    assert (
        main([*base, "--format", "xlsx", "--counter", "2", "--output", str(tmp_path / "r.xlsx")])
        == 0
    )
    summary = load_workbook(tmp_path / "r.xlsx")["Ringkasan"]
    assert ("registered", "Pendaftar baru", 1) in summary.iter_rows(values_only=True)
    assert main([*base, "--format", "pdf", "--output", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert main([*base, "--to", "2026-01-01"]) == 2
    assert "tanggal awal" in capsys.readouterr().err


def test_day_close_and_handoff(
    office_db_url: str,
    office: Office,
    as_supervisor: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = ["--db", office_db_url]
    assert main(["day", "close", *db, "--date", TODAY.isoformat()]) == 0
    assert "ditutup oleh Sri Supervisor" in capsys.readouterr().out
    assert main(["day", "close", *db]) == 1
    assert "sudah ditutup" in capsys.readouterr().err

    output = tmp_path / "batch.csv"
    assert main(["handoff", "export", *db, "--format", "csv", "--output", str(output)]) == 0
    shown = capsys.readouterr()
    assert "NIK lengkap" in shown.out
    progress = [line.split()[-1] for line in shown.err.splitlines() if line.startswith("Ekspor")]
    assert progress == ["0/3", "1/3", "2/3", "3/3"]
    [row] = list(csv.DictReader(io.StringIO(output.read_text("utf-8-sig"))))
    batch = row["Batch"]
    assert main(["handoff", "export", *db, "--format", "csv"]) == 1
    assert "--reexport" in capsys.readouterr().out
    assert main(["handoff", "accept", *db, batch]) == 0
    assert main(["handoff", "status", *db, "--json"]) == 0
    status = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert (status["ready"], status["exported"], status["accepted"]) == (0, 0, 1)
    assert status["batches"][0]["code"] == batch
    assert main(["handoff", "accept", *db, "NOPE-1"]) == 1
