"""How long one checklist PDF takes to render, against a minimal one-page reportlab document.

Run: ``.venv/bin/python bench/bench_pdf.py [--runs 60] [--items 18]``. The sheet is built from
the packaged ruleset (Hong Kong domestic work, the most common plan) with a few documents done,
so the layout does the real work: QR code, grouped table, where/bring text, signatures. Fonts
are loaded once before timing, as in the desk process. Target: median under 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from io import BytesIO

from ltsa_desk.printing.content import ChecklistLine, ChecklistSheet, Group, Letterhead
from ltsa_desk.rules import Profile, RequiredItem, evaluate, load_ruleset

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 15, tzinfo=timezone(timedelta(hours=7)))


def _line(item: RequiredItem, index: int) -> ChecklistLine:
    done = index % 3 == 0
    return ChecklistLine(
        title=item.title("id"),
        marks=tuple(m for m, on in (("K", item.kades_ack), ("M", item.materai)) if on),
        done=done,
        status="Terverifikasi" if done else "Belum ada",
        number=f"NO-{index:05d}" if done else "",
        validity=("terbit 01-02-2025",) if done else (),
        remarks=("asli",) if done else (),
        warning_refs=(),
        where="" if done else item.where("id"),
        bring="" if done else item.bring("id"),
    )


def checklist_sheet(items: int) -> ChecklistSheet:
    profile = Profile(
        scheme="p2p",
        destination="HK",
        sector="domestic",
        marital_status="married",
        sex="P",
        birth_date=date(1996, 3, 2),
        planned_departure=date(2027, 2, 1),
    )
    evaluation = evaluate(load_ruleset(), profile, today=TODAY)
    required = (evaluation.items * (items // len(evaluation.items) + 1))[:items]
    groups: dict[str, list[ChecklistLine]] = {}
    for index, item in enumerate(required):
        groups.setdefault(item.desk_name("id"), []).append(_line(item, index))
    return ChecklistSheet(
        lang="id",
        letterhead=Letterhead("LTSA P2MI Kabupaten Kebumen", "Mal Pelayanan Publik Kebumen"),
        registration_number="KEBUMEN-2026-000123",
        applicant_name="Siti Rahayu",
        identity=(("Nama", "Siti Rahayu"), ("NIK", "3305014203960001")),
        plan=(("Skema", "P to P"), ("Negara tujuan", "Hong Kong (HK)")),
        progress="Kelengkapan: 6 dari 18 dokumen selesai (33%).",
        next_steps=("Datang ke meja Dukcapil dengan membawa: Akta kelahiran.",),
        groups=tuple(Group(desk, tuple(lines)) for desk, lines in groups.items()),
        warnings=("Paspor berlaku sampai 2027-01-15.",),
        ruleset="Dasar aturan: Aturan nasional CPMI (versi 1, national@1)",
        imprint="Dicetak oleh Budi Operator (operator), 25-11-2026 10:15",
        operator_name="Budi Operator",
    )


def minimal_document() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from ltsa_desk.printing._pdf import styles

    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(
        [Paragraph("LTSA Desk: satu halaman.", styles().body)]
    )
    return buffer.getvalue()


def measure(action: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per run; CPU time is steadier on a shared machine."""
    action()  # warm-up: imports, font loading, QR matrix cache
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, times: tuple[list[float], list[float]]) -> None:
    wall, cpu = times
    print(
        f"{name:<28} wall median {statistics.median(wall):6.1f} ms  p95 {_p95(wall):6.1f} ms"
        f"   cpu median {statistics.median(cpu):6.1f} ms  p95 {_p95(cpu):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--items", type=int, default=18)
    args = parser.parse_args()

    from ltsa_desk.printing.checklist_pdf import render_checklist

    sheet = checklist_sheet(args.items)
    pages = render_checklist(sheet).pages
    report("minimal one-page document", measure(minimal_document, args.runs))
    report(
        f"checklist ({args.items} items, {pages} p.)",
        measure(lambda: render_checklist(sheet), args.runs),
    )


if __name__ == "__main__":
    main()
