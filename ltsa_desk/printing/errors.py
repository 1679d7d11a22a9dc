"""Why a print did not fully succeed, each with a catalog message in both languages.

A printer problem is reported *after* the PDF is saved, so those errors carry the path: the
operator can still print the file by hand or hand it over on a USB stick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ltsa_desk.services.errors import ServiceError


class PrintError(ServiceError):
    key = "printing.error.printer_failed"


class SavedButNotPrinted(PrintError):
    """The PDF exists at ``path``; only sending it to the printer failed."""

    def __init__(self, *, path: Path, printer: str, **params: Any) -> None:
        self.path = path
        self.printer = printer
        super().__init__(path=str(path), printer=printer, **params)


class PrinterMissing(SavedButNotPrinted):
    """``lp`` is not installed (no CUPS client on this computer)."""

    key = "printing.error.printer_missing"


class NoPdfPrinterApp(SavedButNotPrinted):
    """Windows has no program registered to print PDFs (the shell's print verb failed)."""

    key = "printing.error.no_pdf_app"


class PrinterFailed(SavedButNotPrinted):
    """The system refused: CUPS is down, the printer is unknown or paused, or the Windows
    print verb failed; ``detail`` says how."""

    key = "printing.error.printer_failed"


class NotSaved(PrintError):
    """Nothing was written: the folder is unwritable or the disk is full."""

    def __init__(self, *, folder: Path, **params: Any) -> None:
        self.folder = folder
        super().__init__(folder=str(folder), **params)


class DiskFull(NotSaved):
    key = "printing.error.disk_full"


class OutputNotWritable(NotSaved):
    key = "printing.error.not_writable"


class NothingHandedOver(PrintError):
    """A receipt was asked for, but no document of the application was received today."""

    key = "printing.error.nothing_handed_over"
