"""Both languages hold the same keys with the same placeholders."""

from __future__ import annotations

import string

from ltsa_desk.i18n import catalog, parse_lang, t


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogs_have_the_same_keys() -> None:
    assert set(catalog("id")) == set(catalog("en"))


def test_catalogs_have_the_same_placeholders() -> None:
    english = catalog("en")
    mismatched = [
        key
        for key, template in catalog("id").items()
        if _placeholders(template) != _placeholders(english[key])
    ]
    assert mismatched == []


def test_lookup_and_language_fallback() -> None:
    assert t("services.login_failed", "en") == "Wrong username or password."
    assert parse_lang("EN_us") == "en"
    assert parse_lang("fr") == "id"
    assert parse_lang(None) == "id"
