"""Display names for the codes a recap groups by, in the report's language."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from ltsa_desk.i18n import Lang, catalog, t
from ltsa_desk.identity import get_region
from ltsa_desk.identity.retired import retired_regency
from ltsa_desk.rules import Ruleset
from ltsa_desk.rules.models import Label
from ltsa_desk.services.rulesets import current_ruleset


def _catalog_or(key: str, lang: Lang, fallback: str) -> str:
    return t(key, lang) if key in catalog(lang) else fallback


@cache
def _ruleset() -> Ruleset | None:
    try:
        return current_ruleset()
    except Exception:  # a broken overlay must not stop the end-of-day recap
        return None


def _named(labels: Mapping[Any, Label], code: str, lang: Lang) -> str:
    label = labels.get(code)
    if label is None:
        return code or "-"
    return str(label.name_en if lang == "en" else label.name_id)


def scheme(code: str, lang: Lang) -> str:
    ruleset = _ruleset()
    return _named(ruleset.schemes if ruleset else {}, code, lang)


def sector(code: str, lang: Lang) -> str:
    ruleset = _ruleset()
    return _named(ruleset.sectors if ruleset else {}, code, lang)


def country(code: str, lang: Lang) -> str:
    # Country names are kept once, in the printed documents' catalog.
    name = _catalog_or(f"printing.country.{code}", lang, code)
    return f"{name} ({code})" if name != code else code or "-"


def sex(code: str, lang: Lang) -> str:
    return _catalog_or(f"reports.sex.{code}", lang, code or "-")


def regency(code: str, lang: Lang) -> str:
    """The kabupaten/kota of a NIK's first four digits: a code retired by a region split (the
    2022 Papua provinces) names the regency that issued it and the one that holds it now; an
    unknown code says so."""
    region = get_region(code) if len(code) == 4 and code.isdigit() else None
    if region is not None:
        return region.name
    retired = retired_regency(f"{code[:2]}.{code[2:]}") if len(code) == 4 else None
    if retired is not None:
        return t(
            "reports.regency_retired",
            lang,
            name=retired.name,
            successor=retired.successor.name,
            code=retired.successor.code,
        )
    return t("reports.regency_unknown", lang, code=code)


def marital(code: str, lang: Lang) -> str:
    return _catalog_or(f"reports.marital.{code}", lang, code)


def application_status(code: str, lang: Lang) -> str:
    return _catalog_or(f"reports.file_status.{code}", lang, code)


def document_titles(code: str) -> tuple[str, str]:
    """(Indonesian, English) title of a document code in the current rules; the code itself
    for a document the rules no longer know."""
    ruleset = _ruleset()
    document = ruleset.document(code) if ruleset else None
    if document is None:
        return code, code
    return str(document.title_id), str(document.title_en)
