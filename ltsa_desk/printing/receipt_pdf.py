"""Layout of the document handover receipt (tanda terima berkas), in two copies."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Table, TableStyle

from ltsa_desk.i18n import t
from ltsa_desk.printing._pdf import (
    WIDTH,
    Rendered,
    SectionStart,
    Story,
    build_pdf,
    fields_table,
    fit,
    grid_style,
    heading,
    para,
    signatures,
    styles,
)
from ltsa_desk.printing.content import ReceiptSheet

#: No., document, number, original/copy, status.
COLUMNS = (9 * mm, 84 * mm, 38 * mm, 23 * mm)
COLUMN_WIDTHS = (*COLUMNS, WIDTH - sum(COLUMNS))
#: Each copy starts on a new page and is numbered on its own.
COPIES = ("applicant", "office")


def _lines_table(sheet: ReceiptSheet) -> Table:
    s, lang = styles(), sheet.lang
    names = ("no", "document", "number", "form", "status")
    rows: list[list[Any]] = [
        [
            fit(t(f"printing.receipt.col_{name}", lang), s.head, width)
            for name, width in zip(names, COLUMN_WIDTHS, strict=True)
        ]
    ]
    for number, line in enumerate(sheet.lines, 1):
        values = (str(number), line.title, line.number, line.form, line.status)
        rows.append(
            [fit(value, s.cell, width) for value, width in zip(values, COLUMN_WIDTHS, strict=True)]
        )
    return Table(rows, colWidths=COLUMN_WIDTHS, repeatRows=1, style=TableStyle(grid_style()))


def _copy(sheet: ReceiptSheet, copy: str) -> Story:
    s, lang = styles(), sheet.lang
    return [
        SectionStart(copy),
        *heading(
            sheet.letterhead,
            t("printing.receipt.title", lang),
            lang,
            registration_number=sheet.registration_number,
            subtitle=t(f"printing.receipt.copy_{copy}", lang),
        ),
        fields_table([("", sheet.identity)], WIDTH / 2),
        para(sheet.intro, s.spaced),
        _lines_table(sheet),
        para(sheet.total, s.spaced),
        signatures(
            (
                f"{t('printing.receipt.sign_applicant', lang)}\n"
                f"{t('printing.receipt.role_applicant', lang)}",
                sheet.applicant_name,
            ),
            (
                f"{t('printing.receipt.sign_operator', lang)}\n"
                f"{t('printing.receipt.role_operator', lang)}",
                sheet.operator_name,
            ),
        ),
    ]


def render_receipt(sheet: ReceiptSheet) -> Rendered:
    lang = sheet.lang
    story: Story = []
    for index, copy in enumerate(COPIES):
        if index:
            story.append(PageBreak())
        story += _copy(sheet, copy)
    return build_pdf(
        story,
        title=f"{t('printing.receipt.title', lang)} {sheet.registration_number}",
        running=t(
            "printing.receipt.running",
            lang,
            regno=sheet.registration_number,
            name=sheet.applicant_name,
        ),
        imprint=sheet.imprint,
        lang=lang,
    )
