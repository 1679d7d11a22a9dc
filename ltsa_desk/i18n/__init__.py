"""Message catalogs for every user-visible string, Bahasa Indonesia first.

Catalogs are TOML files in ``i18n/<lang>/<domain>.toml``; a key is ``<domain>.<name>`` (for
example ``identity.nik_length``). Each domain has its own file so that parts of the program can
grow their messages without touching one shared file. A test checks that both languages hold the
same keys and the same ``{placeholders}``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any, Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
DEFAULT_LANG: Lang = "id"


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, str]) -> None:
    for name, value in table.items():
        key = f"{prefix}.{name}"
        if isinstance(value, dict):
            _flatten(key, value, out)
        else:
            out[key] = str(value)


@cache
def domain_catalog(lang: Lang, domain: str) -> dict[str, str]:
    """The messages of one domain (one file) of one language, keyed ``domain.name``.

    This is what :func:`t` reads, so that the desk's first frame parses ``ui.toml`` alone
    rather than every catalog. An unknown domain has no messages.
    """
    messages: dict[str, str] = {}
    entry = resources.files("ltsa_desk.i18n").joinpath(lang, f"{domain}.toml")
    if entry.is_file():
        _flatten(domain, tomllib.loads(entry.read_text(encoding="utf-8")), messages)
    return messages


@cache
def catalog(lang: Lang) -> dict[str, str]:
    """All messages of one language, keyed ``domain.name``."""
    messages: dict[str, str] = {}
    folder = resources.files("ltsa_desk.i18n").joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            table = tomllib.loads(entry.read_text(encoding="utf-8"))
            _flatten(entry.name.removesuffix(".toml"), table, messages)
    return messages


def parse_lang(value: str | None) -> Lang:
    """Accept ``en``/``id`` (any case, ``en_US`` style too); anything else falls back to id."""
    code = (value or "").strip().lower()[:2]
    return code if code in LANGS else DEFAULT_LANG


def t(key: str, lang: Lang = DEFAULT_LANG, /, **params: Any) -> str:
    """The message ``key`` in ``lang``, formatted with ``params``.

    A missing key raises KeyError: the catalog test must catch it, not the operator.
    """
    template = domain_catalog(lang, key.split(".", 1)[0])[key]
    return template.format(**params) if params else template


def both(key: str, /, **params: Any) -> tuple[str, str]:
    """The message in Bahasa Indonesia and in English, for findings that carry both."""
    return t(key, "id", **params), t(key, "en", **params)
