"""What every figure shares: timing, median and p95, the floor ratio, the machine, the report.

A figure is measured as repeated runs of the real thing and of its *floor*, the cheapest way the
same work could be done (the same SQL through bare ``sqlite3``, a bare Textual app, a one-page
reportlab document), interleaved in the same process and minute so that a noisy machine moves
both. The ratio (median over floor median) is the number that survives a slow or busy machine;
the absolute figures are what the counter feels.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
PYTHON = sys.executable


@dataclass
class Figure:
    """One line of the results table."""

    key: str
    name: str
    unit: str
    median: float | None = None
    p95: float | None = None
    floor_name: str = ""
    floor_median: float | None = None
    floor_p95: float | None = None
    #: "ratio" (median / floor median), "p95", "median" or "value": what the target is about.
    target_on: str = "p95"
    target: float | None = None
    target_text: str = ""
    runs: int = 0
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.floor_median:
            return None
        return self.median / self.floor_median

    @property
    def checked(self) -> float | None:
        return {
            "ratio": self.ratio,
            "p95": self.p95,
            "median": self.median,
            "value": self.median,
        }[self.target_on]

    @property
    def met(self) -> bool | None:
        if self.target is None or self.checked is None:
            return None
        return self.checked <= self.target

    def set_times(self, values: Sequence[float], floor: Sequence[float] | None = None) -> None:
        self.median, self.p95 = median_p95(values)
        self.runs = len(values)
        if floor:
            self.floor_median, self.floor_p95 = median_p95(floor)


def median_p95(values: Sequence[float]) -> tuple[float, float]:
    """Median and the 95th percentile (nearest rank), of at least one value."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, -(-95 * len(ordered) // 100) - 1))
    return statistics.median(ordered), ordered[rank]


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def interleaved(
    action: Callable[[], object], floor: Callable[[], object], runs: int, warmup: int = 2
) -> tuple[list[float], list[float]]:
    """Milliseconds per run of ``action`` and of ``floor``, alternating which goes first."""
    for _ in range(warmup):
        action()
        floor()
    mine: list[float] = []
    base: list[float] = []
    for run in range(runs):
        if run % 2:
            base.append(timed_ms(floor))
            mine.append(timed_ms(action))
        else:
            mine.append(timed_ms(action))
            base.append(timed_ms(floor))
    return mine, base


def machine() -> dict[str, str]:
    """Where the figures were taken: they mean little without it."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    import reportlab
    import sqlalchemy
    import textual

    return {
        "date": datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "host": platform.node(),
        "os": f"{platform.system()} {platform.release()}",
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": textual.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "reportlab": reportlab.Version,
        "load average (1/5/15 min) at start": load,
        "git": _git_head(),
    }


def _git_head() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "%":
        return f"{value:.0f} %"
    if unit == "keys":
        return f"{value:.0f}"
    return f"{value:.3g} {unit}"


def table(figures: Sequence[Figure]) -> list[str]:
    lines = [
        "| figure | median | p95 | floor (median) | ratio | target | met? |",
        "|---|---:|---:|---|---:|---|:---:|",
    ]
    for fig in figures:
        if fig.error:
            lines.append(f"| {fig.name} | — | — | — | — | {fig.target_text} | not run |")
            continue
        floor = f"{fmt(fig.floor_median, fig.unit)} ({fig.floor_name})" if fig.floor_name else "—"
        ratio = f"{fig.ratio:.2f}×" if fig.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[fig.met]
        lines.append(
            f"| {fig.name} | {fmt(fig.median, fig.unit)} | {fmt(fig.p95, fig.unit)} | {floor} "
            f"| {ratio} | {fig.target_text or '—'} | {met} |"
        )
    return lines


def console_line(fig: Figure) -> str:
    if fig.error:
        return f"{fig.name:<52} not run: {fig.error}"
    ratio = f"{fig.ratio:5.2f}x" if fig.ratio is not None else "   — "
    met = {True: "ok", False: "MISSED", None: ""}[fig.met]
    return (
        f"{fig.name:<52} median {fmt(fig.median, fig.unit):>10}  p95 {fmt(fig.p95, fig.unit):>10}"
        f"  floor {fmt(fig.floor_median, fig.unit):>10}  {ratio}  {fig.target_text} {met}"
    )


def scale(meta: dict[str, Any]) -> str:
    """The database's size for the figures' names: "1M", "100k", "3M"."""
    count = int(meta["counts"]["applicant"])
    if count >= 1_000_000:
        return f"{count / 1_000_000:g}M"
    return f"{count / 1000:g}k" if count >= 1000 else str(count)
