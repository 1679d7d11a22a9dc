"""Every identity message exists in both languages with the same placeholders."""

from __future__ import annotations

import re
import string

from ltsa_desk.i18n import LANGS, Lang, catalog

_FIELD = re.compile(r"\{(\w+)\}")


def _identity(lang: Lang) -> dict[str, str]:
    return {k: v for k, v in catalog(lang).items() if k.startswith("identity.")}


def test_same_keys_in_both_languages() -> None:
    assert _identity("id").keys() == _identity("en").keys()
    assert len(_identity("id")) > 50


def test_same_placeholders_in_both_languages() -> None:
    english = _identity("en")
    for key, message in _identity("id").items():
        assert set(_FIELD.findall(message)) == set(_FIELD.findall(english[key])), key


def test_templates_are_well_formed() -> None:
    for lang in LANGS:
        for key, message in _identity(lang).items():
            names = [name for _, name, _, _ in string.Formatter().parse(message) if name]
            assert all(re.fullmatch(r"\w+", name) for name in names), key
