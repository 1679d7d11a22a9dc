"""A recap as named tables: the one layout the CSV, the XLSX sheets, the PDF and the screen share.

Each table keeps the code of every row next to its display label, so that a spreadsheet can be
filtered on stable codes while a person reads the labels. NIKs appear masked only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ltsa_desk import clock
from ltsa_desk.i18n import Lang, t
from ltsa_desk.reports import labels
from ltsa_desk.reports.recap import Count, Recap

Cell = str | int


@dataclass(frozen=True)
class ReportTable:
    #: Stable name: the CSV's ``section`` column and the catalog key of the title.
    key: str
    title: str
    #: Stable column names (the CSV's ``measure``); ``columns`` are their display titles.
    keys: tuple[str, ...]
    #: Each row starts with its code (not shown in the PDF), then the displayed cells.
    rows: tuple[tuple[Cell, ...], ...]
    #: Which displayed column holds the number charted on the screen, if any.
    value_column: int | None = None
    lang: Lang = "id"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(t(f"reports.col.{key}", self.lang) for key in self.keys)


def _share(value: int, total: int) -> str:
    return f"{round(100 * value / total)}%" if total else "-"


def _breakdown(
    key: str, counts: tuple[Count, ...], label: Callable[[str, Lang], str], lang: Lang
) -> ReportTable:
    total = sum(c.value for c in counts)
    return ReportTable(
        key=key,
        title=t(f"reports.table.{key}", lang),
        keys=(key.removeprefix("by_"), "count", "share"),
        rows=tuple((c.code, label(c.code, lang), c.value, _share(c.value, total)) for c in counts),
        value_column=1,
        lang=lang,
    )


def summary_rows(recap: Recap, lang: Lang) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (name, t(f"reports.figure.{name}", lang), value) for name, value in recap.totals().items()
    )


def scope_label(recap: Recap, lang: Lang) -> str:
    scope = recap.scope
    parts = [f"{scope.office_name} ({scope.office_code})"]
    if scope.counter:
        parts.append(t("reports.scope_counter", lang, counter=scope.counter))
    if scope.operator_username:
        parts.append(
            t(
                "reports.scope_operator",
                lang,
                name=scope.operator_name or "",
                username=scope.operator_username,
            )
        )
    return " · ".join(parts)


def flag_lines(recap: Recap, lang: Lang) -> list[str]:
    """One line per closed day changed after its close, for the PDF, the CLI and the screen."""
    fmt = t("reports.date_format", lang)
    return [
        t(
            "reports.flag_line_earlier" if close.earlier else "reports.flag_line",
            lang,
            day=close.day.strftime(fmt),
            edited=close.edited_after_close,
            added=close.added_after_close,
        )
        for close in recap.flagged_closes
    ]


def recap_tables(recap: Recap, lang: Lang) -> list[ReportTable]:
    fmt = t("reports.date_format", lang)
    tables = [
        ReportTable(
            "summary",
            t("reports.table.summary", lang),
            ("figure", "count"),
            summary_rows(recap, lang),
            value_column=1,
            lang=lang,
        ),
        ReportTable(
            "missing",
            t("reports.table.missing", lang),
            ("document", "files"),
            tuple(
                (m.code, m.title_en if lang == "en" else m.title_id, m.files)
                for m in recap.missing_by_document
            ),
            value_column=1,
            lang=lang,
        ),
        _breakdown("by_scheme", recap.by_scheme, labels.scheme, lang),
        _breakdown("by_destination", recap.by_destination, labels.country, lang),
        _breakdown("by_sector", recap.by_sector, labels.sector, lang),
        _breakdown("by_sex", recap.by_sex, labels.sex, lang),
        _breakdown("by_regency", recap.by_regency, labels.regency, lang),
        ReportTable(
            "trend",
            t("reports.table.trend", lang),
            ("day", "registered", "opened"),
            tuple(
                (d.day.isoformat(), d.day.strftime(fmt), d.registered, d.opened)
                for d in recap.trend
            ),
            value_column=1,
            lang=lang,
        ),
        ReportTable(
            "waiting_files",
            t("reports.table.waiting_files", lang),
            ("registration_number", "name", "nik", "missing"),
            tuple(
                (
                    f.registration_number,
                    f.registration_number,
                    f.full_name,
                    f.nik_masked,
                    ", ".join(f.missing) or t("reports.awaiting_verification", lang),
                )
                for f in recap.waiting_files
            ),
            lang=lang,
        ),
        ReportTable(
            "closes",
            t("reports.table.closes", lang),
            ("day", "closed_at", "closed_by", "edited_after_close", "added_after_close", "counted"),
            tuple(
                (
                    c.day.isoformat(),
                    c.day.strftime(fmt),
                    clock.local(c.closed_at).strftime(t("reports.datetime_format", lang)),
                    c.closed_by,
                    c.edited_after_close,
                    c.added_after_close,
                    t("reports.counted_in_period" if c.earlier else "reports.counted_since", lang),
                )
                for c in recap.closes
            ),
            lang=lang,
        ),
    ]
    return tables
