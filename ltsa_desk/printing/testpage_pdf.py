"""The printer test page: a title, a few lines and a frame showing the printable area."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ltsa_desk.printing._pdf import FONT, FONT_BOLD, register_fonts


def render_test_page(title: str, lines: list[str]) -> bytes:
    register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    canvas.setTitle(title)
    # A frame 10 mm inside the page: a printer that cuts it off prints less than A4.
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setFont(FONT_BOLD, 18)
    canvas.drawString(25 * mm, height - 35 * mm, title)
    canvas.setFont(FONT, 12)
    for number, line in enumerate(lines):
        canvas.drawString(25 * mm, height - (50 + 8 * number) * mm, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
