"""The QR code printed on the checklist and the receipt: the registration number and nothing else.

A paper that leaves the office may be lost or photographed, so the code carries no name, NIK or
phone number: scanning it only finds the file again at a desk. The matrix is computed here (with
the ``qrcode`` package, no reportlab) so that tests can check exactly what is drawn.
"""

from __future__ import annotations

from functools import cache

from ltsa_desk.db.models import Application

#: Modules of blank margin a scanner needs around the code (the QR specification's quiet zone).
QUIET_ZONE = 4

Matrix = tuple[tuple[bool, ...], ...]


def qr_payload(application: Application) -> str:
    """What the QR code holds: the registration number only, as printed beside it."""
    return application.registration_number


@cache
def qr_matrix(payload: str) -> Matrix:
    """Dark (True) and light modules of the code, without the quiet zone; row by row."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(module) for module in row) for row in code.get_matrix())


def dark_runs(matrix: Matrix) -> list[tuple[int, int, int]]:
    """``(row, first column, length)`` of each horizontal run of dark modules.

    Drawing runs instead of single modules keeps the PDF small and avoids hairline gaps that
    some printers show between adjacent squares.
    """
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs
