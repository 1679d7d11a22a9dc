"""The computer's printers: send a saved PDF to one, list them, per operating system.

- Linux (and other POSIX systems): CUPS, with ``lp -d PRINTER`` to print and ``lpstat -e`` to
  list (the package ``cups-client``).
- Windows: the shell's ``printto`` verb on the saved PDF (``os.startfile``), which hands the
  file to the PDF reader registered for printing (Adobe Reader, SumatraPDF, …) with the printer's
  name; ``Get-Printer`` in PowerShell lists them. Windows answers as soon as the reader has the
  file, so there is no job id.

Either way the PDF is saved first (``service._deliver``), so a failure here leaves a file to
print by hand, and the error says where it is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ltsa_desk.printing.errors import NoPdfPrinterApp, PrinterFailed, PrinterMissing

#: Seconds to wait for ``lp`` or PowerShell; they only queue or list, so a hang means trouble.
COMMAND_TIMEOUT = 20
_JOB_ID = re.compile(r"request id is (\S+)")


def on_windows() -> bool:
    return os.name == "nt"


def send(path: Path, printer: str, title: str) -> str | None:
    """Queue ``path`` on ``printer``; returns the job id when the system says one."""
    if on_windows():
        _send_windows(path, printer)
        return None
    return _send_cups(path, printer, title)


def _run(command: list[str], path: Path, printer: str) -> subprocess.CompletedProcess[str]:
    name = Path(command[0]).name
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        detail = f"{name} > {COMMAND_TIMEOUT} s"
        raise PrinterFailed(path=path, printer=printer, detail=detail) from None
    except OSError as exc:
        raise PrinterFailed(path=path, printer=printer, detail=str(exc)) from exc
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        detail = lines[0] if lines else f"{name} exit {done.returncode}"
        raise PrinterFailed(path=path, printer=printer, detail=detail)
    return done


def _send_cups(path: Path, printer: str, title: str) -> str | None:
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterMissing(path=path, printer=printer)
    done = _run([lp, "-d", printer, "-t", title, "--", str(path)], path, printer)
    found = _JOB_ID.search(done.stdout)
    return found.group(1) if found else None


def _send_windows(path: Path, printer: str) -> None:
    start: Any = getattr(os, "startfile", None)  # exists on Windows only
    if start is None:
        raise PrinterFailed(path=path, printer=printer, detail="os.startfile")
    try:
        start(str(path), "printto", f'"{printer}"')
    except OSError as exc:
        # No program registered to print PDFs (WinError 1155), or it refused the printer.
        if getattr(exc, "winerror", None) in (1155, 1156):
            raise NoPdfPrinterApp(path=path, printer=printer) from exc
        raise PrinterFailed(path=path, printer=printer, detail=str(exc)) from exc


def list_printers() -> list[str]:
    """The printers this computer knows, by the names ``printer`` in the config takes.

    Raises ``PrinterMissing`` (path and printer empty) when there is no way to ask.
    """
    if on_windows():
        shell = shutil.which("powershell") or shutil.which("pwsh")
        if shell is None:
            raise PrinterMissing(path=Path(), printer="")
        command = [shell, "-NoProfile", "-Command", "Get-Printer | ForEach-Object Name"]
        return _names(_run(command, Path(), "").stdout)
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        raise PrinterMissing(path=Path(), printer="")
    return _names(_run([lpstat, "-e"], Path(), "").stdout)


def _names(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip()]
