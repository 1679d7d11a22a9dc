"""Layout of the applicant's checklist (reportlab; imported only when printing)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from ltsa_desk.i18n import Lang, t
from ltsa_desk.printing._pdf import (
    FONT_BOLD,
    GRID,
    WIDTH,
    Checkbox,
    Rendered,
    SectionStart,
    Story,
    Text,
    boxed,
    build_pdf,
    cell,
    desk_row_style,
    fields_table,
    fit,
    heading,
    numbered,
    para,
    section,
    signatures,
    styles,
    table_section,
    table_style,
    text,
)
from ltsa_desk.printing.content import ChecklistLine, ChecklistSheet
from ltsa_desk.printing.legal_pdf import source_section

Command = tuple[Any, ...]

#: Checkbox, document, status, number, validity, remarks.
COLUMNS = (7 * mm, 57 * mm, 22 * mm, 31 * mm, 24 * mm)
COLUMN_WIDTHS = (*COLUMNS, WIDTH - sum(COLUMNS))


def _marks(marks: tuple[str, ...]) -> str:
    return "".join(f" <b>[{text(mark)}]</b>" for mark in marks)


def _guidance(line: ChecklistLine, lang: Lang) -> Text | str:
    """Where to get a missing document and what to bring, across the row's full width."""
    parts = []
    if line.where:
        parts.append(text(t("printing.checklist.where", lang, text=line.where)))
    if line.bring:
        parts.append(text(t("printing.checklist.bring", lang, text=line.bring)))
    if line.basis and parts:
        parts.append(text(t("printing.sources.basis", lang, text=line.basis)))
    return cell("<br/>".join(parts), styles().cell_small)


def _remarks_cell(line: ChecklistLine) -> Text | str:
    parts = [text(remark) for remark in line.remarks]
    if line.warning_refs:
        parts.append("<b>⚠ " + ", ".join(str(n) for n in line.warning_refs) + "</b>")
    return cell("<br/>".join(parts), styles().cell_small)


def _title_cell(line: ChecklistLine) -> Text | str:
    s = styles()
    if line.marks:
        return Text(text(line.title) + _marks(line.marks), s.cell)
    return fit(line.title, s.cell, COLUMN_WIDTHS[1])


def _line_rows(line: ChecklistLine, lang: Lang) -> tuple[list[list[Any]], list[Command]]:
    """The row of one document, plus a full-width guidance row when it must be brought."""
    s = styles()
    status_style = s.cell if line.done else s.head  # what is still to do stands out
    rows: list[list[Any]] = [
        [
            Checkbox(line.done),
            _title_cell(line),
            fit(line.status, status_style, COLUMN_WIDTHS[2]),
            fit(line.number, s.cell, COLUMN_WIDTHS[3]),
            cell("<br/>".join(text(v) for v in line.validity), s.cell_small),
            _remarks_cell(line),
        ]
    ]
    if line.where or line.bring:
        rows.append(["", _guidance(line, lang), "", "", "", ""])
    return rows, [] if line.done else [("FONTNAME", (2, 0), (2, 0), FONT_BOLD)]


def documents_table(sheet: ChecklistSheet) -> Table:
    s, lang = styles(), sheet.lang
    header = [
        "",
        *(
            fit(t(f"printing.checklist.col_{name}", lang), s.head, width)
            for name, width in zip(
                ("document", "status", "number", "validity", "remarks"),
                COLUMN_WIDTHS[1:],
                strict=True,
            )
        ),
    ]
    rows: list[list[Any]] = [header]
    commands = table_style()
    for group in sheet.groups:
        commands += desk_row_style(len(rows))
        rows.append([fit(group.desk, s.head, WIDTH), "", "", "", "", ""])
        for line in group.lines:
            first = len(rows)
            line_rows, line_commands = _line_rows(line, lang)
            rows += line_rows
            commands += [_shift(command, first) for command in line_commands]
            last = len(rows) - 1
            commands.append(("LINEBELOW", (0, last), (-1, last), 0.3, GRID))
            if last > first:  # the guidance row: full width, never parted from its document
                commands += [
                    ("SPAN", (1, last), (-1, last)),
                    ("NOSPLIT", (0, first), (-1, last)),
                    ("TOPPADDING", (0, last), (-1, last), 0),
                ]
    return Table(rows, colWidths=COLUMN_WIDTHS, repeatRows=1, style=TableStyle(commands))


def _shift(command: Command, rows: int) -> Command:
    """A style command written for a line's own rows, moved to where the line sits."""
    name, (c0, r0), (c1, r1), *values = command
    return (name, (c0, r0 + rows), (c1, r1 + rows), *values)


def _legend(sheet: ChecklistSheet) -> Story:
    s, lang = styles(), sheet.lang
    keys = ["legend_kades", "legend_materai"] if sheet.has_kades_or_materai else []
    keys.append("legend_box")
    lines = [text(t(f"printing.checklist.{key}", lang)) for key in keys]
    return [Text("<br/>".join(lines), s.small)]


def render_checklist(sheet: ChecklistSheet) -> Rendered:
    s, lang = styles(), sheet.lang
    story: Story = [
        SectionStart("checklist"),
        *heading(
            sheet.letterhead,
            t("printing.checklist.title", lang),
            lang,
            registration_number=sheet.registration_number,
        ),
        fields_table(
            [
                (t("printing.checklist.applicant", lang), sheet.identity),
                (t("printing.checklist.plan", lang), sheet.plan),
            ]
        ),
        *(para(line, s.small) for line in sheet.ages),
        section(t("printing.checklist.next_title", lang)),
        boxed([para(sheet.progress, s.body), *(para(step, s.body) for step in sheet.next_steps)]),
        *table_section(t("printing.checklist.documents", lang)),
        documents_table(sheet),
        *_legend(sheet),
    ]
    if sheet.warnings:
        story += [
            section(t("printing.checklist.warnings", lang)),
            *numbered(sheet.warnings, s.body),
        ]
    story += [
        para(sheet.ruleset, s.small),
        signatures(
            (t("printing.checklist.sign_operator", lang), sheet.operator_name),
            (t("printing.checklist.sign_applicant", lang), sheet.applicant_name),
        ),
        *source_section(sheet.sources, lang),
    ]
    return build_pdf(
        story,
        title=f"{t('printing.checklist.title', lang)} {sheet.registration_number}",
        running=t(
            "printing.checklist.running",
            lang,
            regno=sheet.registration_number,
            name=sheet.applicant_name,
        ),
        imprint=sheet.imprint,
        lang=lang,
    )
