"""Reading rules files: TOML parsing and error messages an office admin can act on.

A broken rules file must be fixable without reading Python, so every error names the file, the
item (document or rule code) and what is wrong, built from pydantic's error locations.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

#: Top-level sections whose entries are named items, and how to call one in a message.
_SECTIONS = {
    "desks": "desk",
    "documents": "document",
    "eligibility": "eligibility rule",
    "notices": "notice",
    "programmes": "programme",
    "jobs": "job",
    "schemes": "scheme",
    "sectors": "sector",
    "sources": "source",
    "amend_documents": "amendment of document",
    "amend_eligibility": "amendment of eligibility rule",
}

M = TypeVar("M", bound=BaseModel)


class RulesetError(Exception):
    """A rules file that cannot be used; ``problems`` each name the item and what is wrong."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"rules file {source}: {len(problems)} problem(s)\n{lines}")


def _item_name(loc: tuple[int | str, ...], raw: dict[str, Any]) -> str | None:
    if len(loc) < 2 or loc[0] not in _SECTIONS:
        return None
    section = raw.get(str(loc[0]))
    key = loc[1]
    if isinstance(section, dict):
        return f"{_SECTIONS[str(loc[0])]} {key!r}"
    if isinstance(section, list) and isinstance(key, int) and key < len(section):
        entry = section[key]
        code = entry.get("code") if isinstance(entry, dict) else None
        return f"{_SECTIONS[str(loc[0])]} {code!r}" if code else f"{loc[0]}[{key}]"
    return None


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def describe_errors(exc: ValidationError, raw: dict[str, Any]) -> list[str]:
    """One readable line per pydantic error: item, location, message and the offending value."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        value = error.get("input")
        if error["type"] not in ("missing", "model_type") and not isinstance(value, dict | list):
            message += f" (got {value!r})"
        where = " at ".join(part for part in (_item_name(loc, raw), _path(loc)) if part)
        problems.append(f"{where}: {message}" if where else message)
    return problems


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(source, [f"not valid TOML: {exc}"]) from None


def validate(
    model: type[M], raw: dict[str, Any], source: str, context: dict[str, Any] | None = None
) -> M:
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        raise RulesetError(source, describe_errors(exc, raw)) from None


def read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesetError(str(path), [f"cannot be read: {exc.strerror or exc}"]) from None
    return parse_toml(text, str(path))
