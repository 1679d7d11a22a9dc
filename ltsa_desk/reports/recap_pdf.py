"""The recap as an A4 PDF for the supervisor's signature.

It reuses the printed documents' embedded fonts, letterhead, tables and page furniture
(``ltsa_desk.printing._pdf``), and renders with reportlab's ``invariant`` flag: the same recap
gives the same bytes. Imported only when a PDF is asked for.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ltsa_desk import clock
from ltsa_desk.i18n import Lang, t
from ltsa_desk.printing._pdf import (
    ALERT,
    FONT,
    GRID,
    WIDTH,
    Story,
    build_pdf,
    grid_style,
    heading,
    para,
    signatures,
    styles,
    table_section,
    text,
)
from ltsa_desk.printing.content import Letterhead
from ltsa_desk.reports.recap import Recap
from ltsa_desk.reports.tables import ReportTable, flag_lines, recap_tables, scope_label

#: Breakdown tables printed two side by side.
PAIRED = (("by_scheme", "by_destination"), ("by_sector", "by_sex"))
GAP = 6 * mm


class TrendBars(Flowable):  # type: ignore[misc]
    """Registrations per day over the trend's days, as plain vector bars with their numbers."""

    def __init__(self, days: list[tuple[str, int]], width: float, height: float = 28 * mm):
        super().__init__()
        self.days = days
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = max((n for _label, n in self.days), default=0) or 1
        slot = self.width / max(len(self.days), 1)
        base, room = 5 * mm, self.height - 9 * mm
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(0, base, self.width, base)
        for index, (label, n) in enumerate(self.days):
            x = index * slot + slot * 0.2
            bar = room * n / top
            canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
            canvas.rect(x, base, slot * 0.6, bar, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.setFont(FONT, 6.5)
            canvas.drawCentredString(x + slot * 0.3, base + bar + 1.2 * mm, str(n))
            canvas.drawCentredString(x + slot * 0.3, 1.5 * mm, label)


def _table(table: ReportTable, widths: list[float], *, empty: str) -> Flowable:
    s = styles()
    header = [para(c, s.head) for c in table.columns]
    rows: list[list[Any]] = [header]
    for row in table.rows:
        rows.append([para(str(v), s.cell) for v in row[1:]])
    if not table.rows:
        rows.append([para(empty, s.cell_small)] + [""] * (len(widths) - 1))
    commands = grid_style()
    if not table.rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    return Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(commands), hAlign="LEFT")


def _breakdown_widths(total: float) -> list[float]:
    return [total - 32 * mm, 16 * mm, 16 * mm]


def _summary(recap: Recap, lang: Lang) -> Flowable:
    s = styles()
    figures = recap.totals()
    column = (WIDTH - GAP) / 2
    groups = (
        ("files", ("registered", "opened", "complete", "waiting", "blocked", "withdrawn")),
        ("documents", ("received", "verified", "rejected")),
    )
    blocks = []
    for title, names in groups:
        rows = [[para(t(f"reports.summary_{title}", lang), s.head), ""]]
        rows += [
            [para(t(f"reports.figure.{name}", lang), s.cell), para(str(figures[name]), s.head)]
            for name in names
        ]
        blocks.append(
            Table(
                rows,
                colWidths=[column - 20 * mm, 20 * mm],
                style=TableStyle(
                    [
                        *grid_style(),
                        ("SPAN", (0, 0), (-1, 0)),
                        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                    ]
                ),
            )
        )
    return Table(
        [[blocks[0], "", blocks[1]]],
        colWidths=[column, GAP, column],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def _closing_notes(recap: Recap, lang: Lang) -> Story:
    s = styles()
    story: Story = []
    fmt = t("reports.datetime_format", lang)
    for day in (recap.period.first, recap.period.last):
        close = recap.closed(day)
        if close is not None and (day == recap.period.first or not recap.period.single_day):
            story.append(
                para(
                    t(
                        "reports.closed_note",
                        lang,
                        day=day.strftime(t("reports.date_format", lang)),
                        name=close.closed_by,
                        at=clock.local(close.closed_at).strftime(fmt),
                    ),
                    s.body,
                )
            )
    if recap.period.single_day and recap.closed(recap.period.first) is None:
        story.append(para(t("reports.not_closed_note", lang), s.body))
    if recap.audit_head is not None:
        seq, chain_hash = recap.audit_head
        code = recap.scope.office_code
        story.append(
            para(
                t("reports.audit_head_note", lang, code=code, seq=seq, hash=chain_hash[:16]),
                s.small,
            )
        )
    lines = flag_lines(recap, lang)
    if lines:
        alert = styles().body.clone("alert", textColor=ALERT)
        story.append(para(t("reports.flag_title", lang), alert))
        story.extend(Paragraph("• " + text(line), alert) for line in lines)
    return story


def _side_by_side(left: Flowable, right: Flowable, column: float) -> Table:
    return Table(
        [[left, "", right]],
        colWidths=[column, GAP, column],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def recap_story(recap: Recap, lang: Lang, *, printed_by: str) -> Story:
    s = styles()
    tables = {table.key: table for table in recap_tables(recap, lang)}
    empty = t("reports.none", lang)
    title = t("reports.pdf_title_day" if recap.period.single_day else "reports.pdf_title", lang)
    subtitle = f"{recap.period.label()} · {scope_label(recap, lang)}"
    letterhead = Letterhead(recap.scope.office_name, recap.scope.office_address)
    story: Story = [*heading(letterhead, title, lang, subtitle=subtitle)]
    story.append(_summary(recap, lang))
    story.append(Spacer(1, 2 * mm))
    story.extend(_closing_notes(recap, lang))

    missing = tables["missing"]
    story += table_section(missing.title)
    story.append(_table(missing, [WIDTH - 25 * mm, 25 * mm], empty=empty))

    column = (WIDTH - GAP) / 2
    for left_key, right_key in PAIRED:
        pair = []
        for key in (left_key, right_key):
            table = tables[key]
            pair.append(
                [
                    para(table.title, s.table_title),
                    _table(table, _breakdown_widths(column), empty=empty),
                ]
            )
        story.append(KeepTogether(_side_by_side(pair[0], pair[1], column)))
    regency = tables["by_regency"]
    story += table_section(regency.title)
    story.append(_table(regency, _breakdown_widths(WIDTH), empty=empty))

    trend = tables["trend"]
    story += table_section(trend.title)
    story.append(
        TrendBars([(str(row[1])[:5], int(row[2])) for row in trend.rows], WIDTH)  # dd-mm
    )
    story.append(para(t("reports.trend_caption", lang), s.small))

    waiting = tables["waiting_files"]
    story += table_section(waiting.title)
    if recap.waiting > len(recap.waiting_files):
        story.append(
            para(
                t(
                    "reports.waiting_capped",
                    lang,
                    shown=len(recap.waiting_files),
                    total=recap.waiting,
                ),
                s.small,
            )
        )
    story.append(_table(waiting, [40 * mm, 44 * mm, 30 * mm, WIDTH - 114 * mm], empty=empty))
    story.append(
        signatures(
            (t("reports.sign_prepared", lang), printed_by or " "),
            (t("reports.sign_supervisor", lang), " " * 30),
        )
    )
    return story


def recap_pdf(recap: Recap, lang: Lang, *, printed_by: str = "") -> bytes:
    title = t("reports.pdf_title_day" if recap.period.single_day else "reports.pdf_title", lang)
    running = f"{title} · {recap.scope.office_code} · {recap.period.label()}"
    imprint = t(
        "reports.imprint",
        lang,
        name=printed_by or "-",
        at=clock.local(recap.generated_at).strftime(t("reports.datetime_format", lang)),
    )
    rendered = build_pdf(
        recap_story(recap, lang, printed_by=printed_by),
        title=title,
        running=running,
        imprint=imprint,
        lang=lang,
    )
    return rendered.pdf
