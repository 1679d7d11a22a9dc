"""Shared reportlab pieces: embedded fonts, styles, page furniture, QR code, checkboxes.

Only the printing modules import this, and only when a document is rendered, so the desk and
the CLI start without loading reportlab. Every text that may come from the database goes
through ``text()`` first: reportlab's Paragraph reads XML-like markup, and a name typed as
``<b>x</b>`` or ``Siti & Co`` must print exactly as typed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ltsa_desk.i18n import Lang, t
from ltsa_desk.printing.content import Letterhead
from ltsa_desk.printing.qr import QUIET_ZONE, dark_runs, qr_matrix

FONT = "LtsaSans"
FONT_BOLD = "LtsaSans-Bold"
FONT_FILES = {FONT: "DejaVuSansCondensed.ttf", FONT_BOLD: "DejaVuSansCondensed-Bold.ttf"}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
#: Width of the text frame: every table's columns add up to this.
WIDTH = PAGE_WIDTH - 2 * MARGIN_X
QR_SIZE = 24 * mm
#: Left and right padding of document table cells.
CELL_PADDING = 3
#: Left and right padding of label/value cells (identity, plan, profile).
FIELD_PADDING = 2
CELL_FONT_SIZE = 8.5
CELL_LEADING = 10.5

GRID = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.88, 0.88, 0.88)
LIGHT = colors.Color(0.95, 0.95, 0.95)
ALERT = colors.Color(0.70, 0.0, 0.0)

Story = list[Flowable]
Command = tuple[Any, ...]


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans Condensed (bundled): every Latin, Vietnamese or Arabic-script name in
    Latin letters renders, on any desk, whatever fonts the computer has."""
    folder = Path(__file__).with_name("fonts")
    for name, file_name in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    spaced: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    head: ParagraphStyle
    section: ParagraphStyle
    table_title: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    office: ParagraphStyle
    regno: ParagraphStyle
    qr_caption: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    spaced = ParagraphStyle("spaced", parent=body, spaceBefore=3, spaceAfter=3)
    cell = ParagraphStyle("cell", parent=body, fontSize=CELL_FONT_SIZE, leading=CELL_LEADING)
    return Styles(
        body=body,
        spaced=spaced,
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, spaceBefore=3),
        cell=cell,
        cell_small=ParagraphStyle(
            "cell_small",
            parent=cell,
            fontSize=7.5,
            leading=9,
            textColor=colors.Color(0.2, 0.2, 0.2),
        ),
        head=ParagraphStyle("head", parent=cell, fontName=FONT_BOLD),
        section=ParagraphStyle(
            "section",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=7,
            spaceAfter=3,
            keepWithNext=1,
        ),
        table_title=ParagraphStyle(
            "table_title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=7,
            spaceAfter=3,
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13.5,
            leading=17,
            alignment=TA_CENTER,
            spaceBefore=4,
        ),
        subtitle=ParagraphStyle("subtitle", parent=body, alignment=TA_CENTER, spaceAfter=2),
        office=ParagraphStyle("office", parent=body, fontName=FONT_BOLD, fontSize=12, leading=15),
        regno=ParagraphStyle(
            "regno", parent=body, fontName=FONT_BOLD, fontSize=12, leading=15, alignment=TA_CENTER
        ),
        qr_caption=ParagraphStyle(
            "qr_caption", parent=body, fontSize=6.5, leading=8, alignment=TA_RIGHT
        ),
    )


class Text(Paragraph):  # type: ignore[misc]
    """A Paragraph that keeps its line breaks for the last width it was wrapped to.

    A table wraps every cell several times (row heights, each split at a page end, drawing),
    and line breaking is most of the rendering time; the result only depends on the width.
    """

    _wrapped: tuple[float, Any, Any, float] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        cached = self._wrapped
        if cached is not None and cached[0] == available_width:
            _, self._wrapWidths, self.blPara, self.height = cached
            self.width = available_width
            return available_width, self.height
        size: tuple[float, float] = super().wrap(available_width, available_height)
        if size[0] == available_width:  # not the "cannot fit" answer for a zero width
            self._wrapped = (available_width, self._wrapWidths, self.blPara, self.height)
        return size


def text(value: str) -> str:
    """``value`` as literal Paragraph text: markup characters escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def para(value: str, style: ParagraphStyle) -> Paragraph:
    return Text(text(value), style)


def cell(markup: str, style: ParagraphStyle) -> Text | str:
    """A table cell from ready markup; an empty one stays a plain string (nothing to lay out)."""
    return Text(markup, style) if markup else ""


def fit(
    value: str, style: ParagraphStyle, width: float, padding: float = CELL_PADDING
) -> Text | str:
    """``value`` for a table cell ``width`` wide: the plain string when it fits on one line.

    The table then draws it with ``drawString`` in the table's font for that cell (set by the
    table style to match ``style``): no markup parsing, no line breaking, the same baseline as a
    Paragraph of the same size. Longer text becomes a wrapping Paragraph.
    """
    if not value:
        return ""
    room = width - 2 * padding
    if "\n" not in value and stringWidth(value, style.fontName, style.fontSize) <= room:
        return value
    return Text(text(value), style)


def bold(value: str) -> str:
    return f"<b>{text(value)}</b>"


class Checkbox(Flowable):  # type: ignore[misc]
    """A square to tick by hand, drawn ticked when the item is done."""

    def __init__(self, checked: bool, size: float = 3.4 * mm) -> None:
        super().__init__()
        self.checked = checked
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # One point taller than drawn: the box sits level with the first line of its row.
        return self.size, self.size + 1

    def draw(self) -> None:
        canvas, size = self.canv, self.size
        canvas.setLineWidth(0.7)
        canvas.rect(0, 0, size, size, stroke=1, fill=0)
        if self.checked:
            canvas.setLineWidth(1.3)
            tick = canvas.beginPath()
            tick.moveTo(0.18 * size, 0.52 * size)
            tick.lineTo(0.42 * size, 0.2 * size)
            tick.lineTo(0.86 * size, 0.9 * size)
            canvas.drawPath(tick, stroke=1, fill=0)


class QrCode(Flowable):  # type: ignore[misc]
    """The QR code of ``payload`` as vector squares (crisp on any printer), quiet zone included."""

    def __init__(self, payload: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.payload = payload
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        matrix = qr_matrix(self.payload)
        module = self.size / (len(matrix) + 2 * QUIET_ZONE)
        canvas = self.canv
        canvas.setFillColor(colors.black)
        # One filled path for the whole code: no hairline seams between neighbouring squares.
        path = canvas.beginPath()
        for row, column, length in dark_runs(matrix):
            y = self.size - (row + QUIET_ZONE + 1) * module
            path.rect((column + QUIET_ZONE) * module, y, length * module, module)
        canvas.drawPath(path, stroke=0, fill=1)


class SectionStart(Flowable):  # type: ignore[misc]
    """Marks where a separately numbered part begins (each copy of the receipt)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._ltsa_section = self.key


# ---------------------------------------------------------------------------- building blocks


def heading(
    letterhead: Letterhead,
    title: str,
    lang: Lang,
    *,
    registration_number: str | None = None,
    subtitle: str | None = None,
) -> Story:
    """Office letterhead with the QR code at the right, then the title and registration number."""
    s = styles()
    office = [para(letterhead.office_name, s.office)]
    if letterhead.office_address:
        office.append(para(letterhead.office_address, s.body))
    right: list[Flowable] | str = ""
    if registration_number:
        right = [QrCode(registration_number), para(registration_number, s.qr_caption)]
    top = Table(
        [[office, right]],
        colWidths=[WIDTH - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.black),
            ]
        ),
    )
    story: Story = [top, para(title, s.title)]
    if subtitle:
        story.append(para(subtitle, s.subtitle))
    if registration_number:
        label = t("printing.registration_number", lang)
        story.append(Text(f"{text(label)}: {bold(registration_number)}", s.regno))
    story.append(Spacer(1, 3 * mm))
    return story


def section(title: str) -> Paragraph:
    """A section title kept on the page of what follows it (short content only)."""
    return para(title, styles().section)


def table_section(title: str) -> Story:
    """A section title before a long table: a new page only when little room is left.

    ``keepWithNext`` would glue the title to the whole table and push a table longer than the
    rest of the page onto the next one, leaving a blank half page.
    """
    return [CondPageBreak(40 * mm), para(title, styles().table_title)]


LABEL_WIDTH = 27 * mm
Block = tuple[str, Sequence[tuple[str, str]]]


def _fields_style(columns: Sequence[int], rows: Sequence[int], titled: bool) -> list[Command]:
    """Commands for label/value column pairs starting at ``columns``, ``rows`` long each."""
    s = styles()
    first = 1 if titled else 0
    commands: list[Command] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("LEFTPADDING", (0, 0), (-1, -1), FIELD_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), FIELD_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for column, length in zip(columns, rows, strict=True):
        commands += [
            ("FONTSIZE", (column, first), (column, -1), s.cell_small.fontSize),
            ("LEADING", (column, first), (column, -1), s.cell_small.leading),
            ("TEXTCOLOR", (column, first), (column, -1), s.cell_small.textColor),
        ]
        if length:
            last = first + length - 1
            commands.append(("LINEBELOW", (column, first), (column + 1, last), 0.25, SHADE))
        if titled:
            commands += [
                ("SPAN", (column, 0), (column + 1, 0)),
                ("FONTNAME", (column, 0), (column + 1, 0), FONT_BOLD),
                ("LEFTPADDING", (column, 0), (column + 1, 0), 0),
                ("BOTTOMPADDING", (column, 0), (column + 1, 0), 2),
                ("LINEBELOW", (column, 0), (column + 1, 0), 0.8, colors.black),
            ]
    return commands


def _field_cells(pair: tuple[str, str] | None, value_width: float) -> list[Text | str]:
    if pair is None:
        return ["", ""]
    s = styles()
    label, value = pair
    return [
        fit(label, s.cell_small, LABEL_WIDTH, FIELD_PADDING),
        fit(value, s.cell, value_width, FIELD_PADDING),
    ]


def fields_table(blocks: Sequence[Block], width: float = WIDTH) -> Table:
    """Label/value blocks next to each other, as one flat table (identity and placement plan).

    One table instead of tables nested in a table: nested tables are laid out several times
    over and made the identity block cost as much as half the document table.
    """
    gap = 5 * mm
    count = len(blocks)
    column = (width - gap * (count - 1)) / count
    titled = any(title for title, _ in blocks)
    starts = [index * 3 for index in range(count)]
    widths: list[float] = []
    for index in range(count):
        widths += ([gap] if index else []) + [LABEL_WIDTH, column - LABEL_WIDTH]
    height = max(len(pairs) for _, pairs in blocks)
    rows: list[list[Any]] = []
    if titled:
        rows.append([])
        for index, (title, _) in enumerate(blocks):
            rows[0] += ([""] if index else []) + [fit(title, styles().head, column, 0), ""]
    for line in range(height):
        row: list[Any] = []
        for index, (_, pairs) in enumerate(blocks):
            pair = pairs[line] if line < len(pairs) else None
            row += ([""] if index else []) + _field_cells(pair, column - LABEL_WIDTH)
        rows.append(row)
    style = _fields_style(starts, [len(pairs) for _, pairs in blocks], titled)
    return Table(rows, colWidths=widths, hAlign="LEFT", style=TableStyle(style))


def boxed(story: Story, *, border: colors.Color = colors.black, shade: Any = None) -> Table:
    """Paragraphs inside a framed box, for what the applicant must not miss."""
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.9, border),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if shade is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), shade))
    return Table([[story]], colWidths=[WIDTH], style=TableStyle(commands))


def numbered(items: Sequence[str], style: ParagraphStyle, start: int = 1) -> Story:
    indented = ParagraphStyle(
        f"{style.name}-numbered", parent=style, leftIndent=12, firstLineIndent=-12
    )
    return [Text(f"{n}.&nbsp;{text(item)}", indented) for n, item in enumerate(items, start)]


def signatures(left: tuple[str, str], right: tuple[str, str]) -> Flowable:
    """Two boxes to sign in, each ``(caption, printed name)``; a caption may span lines."""
    s = styles()
    gap = 10 * mm
    column = (WIDTH - gap) / 2
    rows = [
        [para(left[0], s.head), "", para(right[0], s.head)],
        ["", "", ""],
        [para(f"( {left[1]} )", s.cell), "", para(f"( {right[1]} )", s.cell)],
    ]
    table = Table(
        rows,
        colWidths=[column, gap, column],
        rowHeights=[None, 17 * mm, None],
        style=TableStyle(
            [
                ("BOX", (0, 0), (0, -1), 0.7, colors.black),
                ("BOX", (2, 0), (2, -1), 0.7, colors.black),
                ("LINEABOVE", (0, 2), (0, 2), 0.4, GRID),
                ("LINEABOVE", (2, 2), (2, 2), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )
    return KeepTogether([Spacer(1, 4 * mm), table])


def table_style(header_rows: int = 1) -> list[tuple[Any, ...]]:
    """The look of every document table: bold shaded header, a frame; rules are added per row.

    The font commands style the cells given as plain strings (see ``fit``) like ``cell`` and
    ``head`` paragraphs; empty cells are drawn as strings too, so they must not fall back to
    the unembedded Helvetica.
    """
    last_header = header_rows - 1
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("FONTNAME", (0, 0), (-1, last_header), FONT_BOLD),
        ("BACKGROUND", (0, 0), (-1, last_header), SHADE),
        ("LINEBELOW", (0, last_header), (-1, last_header), 0.7, colors.black),
        ("BOX", (0, 0), (-1, -1), 0.7, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def grid_style(header_rows: int = 1) -> list[tuple[Any, ...]]:
    """``table_style`` with a light rule under every row."""
    return [
        *table_style(header_rows),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.3, GRID),
    ]


def desk_row_style(row: int) -> list[tuple[Any, ...]]:
    """A desk's title row spans the table and is never left alone at the foot of a page."""
    return [
        ("SPAN", (0, row), (-1, row)),
        ("FONTNAME", (0, row), (-1, row), FONT_BOLD),
        ("BACKGROUND", (0, row), (-1, row), LIGHT),
        ("LINEBELOW", (0, row), (-1, row), 0.3, GRID),
        ("NOSPLIT", (0, row), (-1, row + 1)),
    ]


# ---------------------------------------------------------------------------- page furniture


PageDecorator = Callable[[Canvas, int, int], None]


def _numbered_canvas(decorate: PageDecorator) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "page x of y".

    Pages are numbered within their section (see ``SectionStart``): each copy of the receipt
    counts from 1.
    """

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            sections = [state.get("_ltsa_section", "") for state in self._held_pages]
            for index, state in enumerate(self._held_pages):
                section = sections[index]
                first = sections.index(section)
                self.__dict__.update(state)
                decorate(self, index - first + 1, sections.count(section))
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def shorten(value: str, font: str, size: float, width: float) -> str:
    """``value`` cut with an ellipsis to fit ``width`` (page furniture has one line only)."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def page_decorator(running: str, imprint: str, lang: Lang) -> PageDecorator:
    imprint = shorten(imprint, FONT, 7, WIDTH - 35 * mm)
    running = shorten(running, FONT, 7.5, WIDTH)

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        footer_y = MARGIN_BOTTOM - 7 * mm
        canvas.line(MARGIN_X, footer_y + 3 * mm, PAGE_WIDTH - MARGIN_X, footer_y + 3 * mm)
        canvas.drawString(MARGIN_X, footer_y, imprint)
        canvas.setFont(FONT_BOLD, 8)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN_X, footer_y, t("printing.page_of", lang, page=page, pages=pages)
        )
        if page > 1:
            top_y = PAGE_HEIGHT - MARGIN_TOP + 5 * mm
            canvas.setFont(FONT, 7.5)
            canvas.drawString(MARGIN_X, top_y, running)
            canvas.line(MARGIN_X, top_y - 1.5 * mm, PAGE_WIDTH - MARGIN_X, top_y - 1.5 * mm)
        canvas.restoreState()

    return decorate


def build_pdf(story: Story, *, title: str, running: str, imprint: str, lang: Lang) -> Rendered:
    """Lay ``story`` out on A4 pages; byte-for-byte the same for the same input (invariant)."""
    register_fonts()
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author="LTSA Desk",
        creator="LTSA Desk",
        invariant=1,
        # Otherwise every page names Helvetica, a font the PDF does not embed.
        initialFontName=FONT,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(story, canvasmaker=_numbered_canvas(page_decorator(running, imprint, lang)))
    return Rendered(buffer.getvalue(), document.page)
