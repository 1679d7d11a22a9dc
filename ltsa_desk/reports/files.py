"""Writing CSV and XLSX safely: whole files or nothing, and cells that stay data.

A value typed as ``=HYPERLINK(…)`` must reach the spreadsheet as text, never as a formula
(CSV/formula injection), and a NIK must stay a 16-digit text, never a rounded number.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ltsa_desk import clock

Value = str | int | None

#: Characters a spreadsheet reads as the start of a formula.
_FORMULA_START = ("=", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"^[+-][0-9][0-9 .]*$")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def csv_text(value: Value) -> str:
    """A cell as CSV text, with a leading apostrophe where a spreadsheet would see a formula.

    A phone number such as ``+6281234567890`` is a signed number, not a formula, and is kept.
    """
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START) or (
        text[:1] in "+-" and text[1:] and not _SIGNED_NUMBER.match(text)
    ):
        return "'" + text
    return text


def render_csv(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> bytes:
    """UTF-8 with a byte-order mark, which spreadsheet programs need to read the accents."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([csv_text(h) for h in header])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Value]]
    #: Columns written as text even when they look like numbers (NIK, phone, KK).
    text_columns: frozenset[int] = frozenset()


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``, unique in the workbook."""
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def render_xlsx(sheets: Sequence[Sheet], *, created: datetime | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    moment = (created or clock.now()).astimezone(UTC).replace(tzinfo=None)
    workbook.properties.creator = "LTSA Desk"
    workbook.properties.created = moment
    workbook.properties.modified = moment
    used: set[str] = set()
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_title(sheet.title, used))
        widths = [len(str(h)) for h in sheet.header]
        ws.append([_ILLEGAL_XML.sub("", str(h)) for h in sheet.header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row_index, row in enumerate(sheet.rows, start=2):
            for column_index, value in enumerate(row, start=1):
                cell = ws.cell(row=row_index, column=column_index)
                if value is None:
                    continue
                if isinstance(value, int) and (column_index - 1) not in sheet.text_columns:
                    cell.value = value
                else:
                    cell.value = _ILLEGAL_XML.sub("", str(value))
                    # Set after the value: openpyxl would otherwise read "=…" as a formula.
                    cell.data_type = "s"
                    cell.number_format = "@"
                if column_index - 1 < len(widths):
                    widths[column_index - 1] = max(widths[column_index - 1], len(str(value)))
                else:
                    widths.append(len(str(value)))
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 60)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """The whole file or, on any failure, the previous state: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
