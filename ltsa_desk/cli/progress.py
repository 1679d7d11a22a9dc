"""Showing a service's progress on the command line: a Rich bar on a terminal, plain lines
("Membangun demo: 30/60") when the output goes to a file or a pipe, at most one per tenth of
the work, so that a log of a scheduled run stays readable."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from ltsa_desk.progress import Progress

STEPS = 10


@contextmanager
def shown(label: str, stream: TextIO | None = None) -> Iterator[Progress]:
    """A ``Progress`` callback that shows ``label`` and the count on ``stream`` (stderr)."""
    out = stream or sys.stderr
    if out.isatty():
        with _bar(label, out) as update:
            yield update
        return
    last = -1

    def line(done: int, total: int) -> None:
        nonlocal last
        step = done * STEPS // total if total else STEPS
        if step > last:
            last = step
            print(f"{label}: {done}/{total}", file=out, flush=True)

    yield line


@contextmanager
def _bar(label: str, out: TextIO) -> Iterator[Progress]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Bar(*columns, console=Console(file=out), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
