"""Printed documents: the applicant's checklist, the handover receipt, the pre-counselling sheet.

``print_checklist``, ``print_receipt`` and ``print_requirements`` render an A4 PDF (Bahasa
Indonesia, or English with ``lang="en"``), save it, send it to the configured CUPS printer, and
record the print in the audit trail. Importing this package does not load reportlab; rendering
does, the first time a document is printed.
"""

from ltsa_desk.printing.errors import (
    DiskFull,
    NothingHandedOver,
    NotSaved,
    OutputNotWritable,
    PrinterFailed,
    PrinterMissing,
    PrintError,
    SavedButNotPrinted,
)
from ltsa_desk.printing.qr import qr_matrix, qr_payload
from ltsa_desk.printing.service import (
    PrintOutcome,
    print_checklist,
    print_receipt,
    print_requirements,
)

__all__ = [
    "DiskFull",
    "NotSaved",
    "NothingHandedOver",
    "OutputNotWritable",
    "PrintError",
    "PrintOutcome",
    "PrinterFailed",
    "PrinterMissing",
    "SavedButNotPrinted",
    "print_checklist",
    "print_receipt",
    "print_requirements",
    "qr_matrix",
    "qr_payload",
]
