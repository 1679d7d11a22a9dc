"""Layout of the pre-counselling sheet: what to prepare, where to get it, whom to warn."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from ltsa_desk.i18n import Lang, t
from ltsa_desk.printing._pdf import (
    ALERT,
    LIGHT,
    WIDTH,
    Checkbox,
    Rendered,
    SectionStart,
    Story,
    Text,
    boxed,
    build_pdf,
    desk_row_style,
    fields_table,
    fit,
    grid_style,
    heading,
    numbered,
    para,
    section,
    styles,
    table_section,
    text,
)
from ltsa_desk.printing.content import RequirementLine, RequirementsSheet
from ltsa_desk.printing.legal_pdf import source_section

#: Checkbox, document, where, what to bring.
COLUMNS = (7 * mm, 58 * mm, 58 * mm)
COLUMN_WIDTHS = (*COLUMNS, WIDTH - sum(COLUMNS))


def _document_cell(line: RequirementLine, unconfirmed: str, lang: Lang) -> list[Flowable]:
    s = styles()
    marks = "".join(f" <b>[{text(mark)}]</b>" for mark in line.marks)
    cell: list[Flowable] = [Text(text(line.title) + marks, s.cell)]
    if line.unconfirmed:
        cell.append(para(unconfirmed, s.cell_small))
    if line.basis:
        cell.append(para(t("printing.sources.basis", lang, text=line.basis), s.cell_small))
    return cell


def _notices(sheet: RequirementsSheet) -> Story:
    s = styles()
    story: Story = []
    entries = sheet.notice_entries or tuple(() for _ in sheet.notices)
    for number, (notice, lines) in enumerate(zip(sheet.notices, entries, strict=True), 1):
        story += numbered([notice], s.body, start=number)
        story += [para(f"– {line}", s.cell_small) for line in lines]
    return story


def _table(sheet: RequirementsSheet) -> Table:
    s, lang = styles(), sheet.lang
    unconfirmed = t("printing.requirements.unconfirmed", lang)
    header = [
        "",
        *(
            fit(t(f"printing.requirements.col_{name}", lang), s.head, width)
            for name, width in zip(("document", "where", "bring"), COLUMN_WIDTHS[1:], strict=True)
        ),
    ]
    rows: list[list[Any]] = [header]
    commands = grid_style()
    for group in sheet.groups:
        commands += desk_row_style(len(rows))
        rows.append([fit(group.desk, s.head, WIDTH), "", "", ""])
        for line in group.lines:
            rows.append(
                [
                    Checkbox(False),
                    _document_cell(line, unconfirmed, lang),
                    para(line.where, s.cell_small),
                    para(line.bring, s.cell_small),
                ]
            )
    return Table(rows, colWidths=COLUMN_WIDTHS, repeatRows=1, style=TableStyle(commands))


def _legend(sheet: RequirementsSheet) -> Story:
    if not sheet.has_kades_or_materai:
        return []
    lang = sheet.lang
    lines = [
        text(t(f"printing.checklist.{key}", lang)) for key in ("legend_kades", "legend_materai")
    ]
    return [Text("<br/>".join(lines), styles().small)]


def render_requirements(sheet: RequirementsSheet) -> Rendered:
    s, lang = styles(), sheet.lang
    story: Story = [
        SectionStart("requirements"),
        *heading(sheet.letterhead, t("printing.requirements.title", lang), lang),
        para(t("printing.requirements.intro", lang), s.spaced),
        section(t("printing.requirements.profile", lang)),
        fields_table([("", sheet.profile)], WIDTH * 0.62),
        *(para(line, s.small) for line in sheet.ages),
    ]
    if sheet.blocking:
        story += [
            section(t("printing.requirements.blocking", lang)),
            boxed(numbered(sheet.blocking, s.body), border=ALERT),
        ]
    if sheet.findings:
        story += [
            section(t("printing.requirements.findings", lang)),
            *numbered(sheet.findings, s.body),
        ]
    if sheet.notices:
        story += [
            section(t("printing.requirements.notices", lang)),
            *_notices(sheet),
        ]
    story += [
        *table_section(t("printing.checklist.documents", lang)),
        _table(sheet),
        *_legend(sheet),
        section(t("printing.requirements.complaint_title", lang)),
        boxed([para(sheet.complaint, s.body)], shade=LIGHT),
        *source_section(sheet.sources, lang),
        para(sheet.ruleset, s.small),
    ]
    return build_pdf(
        story,
        title=t("printing.requirements.title", lang),
        running=sheet.running,
        imprint=sheet.imprint,
        lang=lang,
    )
