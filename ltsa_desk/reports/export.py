"""The recap as a file: CSV (one long table), XLSX (one sheet per breakdown) or PDF (to sign)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from ltsa_desk.i18n import Lang, t
from ltsa_desk.reports.files import Sheet, Value, render_csv, render_xlsx, write_atomically
from ltsa_desk.reports.recap import Recap
from ltsa_desk.reports.tables import ReportTable, recap_tables, scope_label

RecapFormat = Literal["pdf", "csv", "xlsx"]
FORMATS: tuple[RecapFormat, ...] = ("pdf", "csv", "xlsx")
CSV_HEADER = ("section", "code", "label", "measure", "value")


def _meta(recap: Recap, lang: Lang) -> list[tuple[str, str]]:
    scope = recap.scope
    return [
        ("office", scope.office_code),
        ("office_name", scope.office_name),
        ("counter", scope.counter or ""),
        ("operator", scope.operator_username or ""),
        ("first_day", recap.period.first.isoformat()),
        ("last_day", recap.period.last.isoformat()),
        ("generated_at", recap.generated_at.isoformat(timespec="seconds")),
        ("scope", scope_label(recap, lang)),
    ]


def _long_rows(table: ReportTable) -> Iterator[tuple[Value, ...]]:
    """``(section, code, label, measure, value)``: one line per number or text of the table."""
    for row in table.rows:
        code, label, *values = row
        for key, value in zip(table.keys[1:], values, strict=True):
            yield table.key, code, label, key, value


def recap_csv(recap: Recap, lang: Lang) -> bytes:
    rows: list[tuple[Value, ...]] = [
        ("meta", name, t(f"reports.meta.{name}", lang), "value", value)
        for name, value in _meta(recap, lang)
    ]
    for table in recap_tables(recap, lang):
        rows.extend(_long_rows(table))
    return render_csv(CSV_HEADER, rows)


def recap_sheets(recap: Recap, lang: Lang) -> list[Sheet]:
    about = Sheet(
        t("reports.sheet_about", lang),
        (t("reports.col.item", lang), t("reports.col.value", lang)),
        [(t(f"reports.meta.{name}", lang), value) for name, value in _meta(recap, lang)],
    )
    sheets = [about]
    for table in recap_tables(recap, lang):
        # The code column first, then what a person reads: filters work on codes.
        sheets.append(
            Sheet(
                table.title,
                (t("reports.col.code", lang), *table.columns),
                [tuple(row) for row in table.rows],
            )
        )
    return sheets


def recap_xlsx(recap: Recap, lang: Lang) -> bytes:
    return render_xlsx(recap_sheets(recap, lang), created=recap.generated_at)


def render_recap(
    recap: Recap, file_format: RecapFormat, lang: Lang, *, printed_by: str = ""
) -> bytes:
    if file_format == "csv":
        return recap_csv(recap, lang)
    if file_format == "xlsx":
        return recap_xlsx(recap, lang)
    from ltsa_desk.reports.recap_pdf import recap_pdf

    return recap_pdf(recap, lang, printed_by=printed_by)


def default_file_name(recap: Recap, file_format: RecapFormat) -> str:
    period = recap.period
    days = period.first.isoformat()
    if not period.single_day:
        days += f"_{period.last.isoformat()}"
    parts = ["rekap", recap.scope.office_code, days]
    if recap.scope.counter:
        parts.append(f"loket-{recap.scope.counter}")
    if recap.scope.operator_username:
        parts.append(recap.scope.operator_username)
    safe = "_".join(p.replace("/", "-").replace("\\", "-") for p in parts)
    return f"{safe}.{file_format}"


def save_recap(
    recap: Recap, file_format: RecapFormat, path: Path, lang: Lang, *, printed_by: str = ""
) -> Path:
    write_atomically(path, render_recap(recap, file_format, lang, printed_by=printed_by))
    return path
