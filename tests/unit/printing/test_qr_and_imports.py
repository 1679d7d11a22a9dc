"""The QR payload, the drawn matrix, and that reportlab loads only when printing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ltsa_desk.db.models import Application
from ltsa_desk.printing import qr_matrix, qr_payload
from ltsa_desk.printing.qr import QUIET_ZONE, dark_runs


def test_payload_is_the_registration_number_only(case: Application) -> None:
    assert qr_payload(case) == case.registration_number


def test_runs_cover_exactly_the_dark_modules() -> None:
    matrix = qr_matrix("KEBUMEN-2026-000001")
    drawn = {(row, column + i) for row, column, length in dark_runs(matrix) for i in range(length)}
    dark = {(y, x) for y, line in enumerate(matrix) for x, on in enumerate(line) if on}
    assert drawn == dark


@pytest.mark.parametrize("payload", ["KEBUMEN-2026-000001", "DEMO-2027-123456", "X-1"])
def test_matrix_decodes_to_the_payload(payload: str) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    matrix = qr_matrix(payload)
    size = len(matrix) + 2 * QUIET_ZONE
    scale = 6
    image = Image.new("L", (size * scale, size * scale), 255)
    for row, column, length in dark_runs(matrix):
        x, y = (column + QUIET_ZONE) * scale, (row + QUIET_ZONE) * scale
        image.paste(0, (x, y, x + length * scale, y + scale))
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [payload]


def test_importing_printing_does_not_load_reportlab() -> None:
    code = (
        "import sys\n"
        "import ltsa_desk.printing\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
