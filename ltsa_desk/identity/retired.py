"""Region codes retired by a split (pemekaran) that NIK and KK numbers still carry.

The current Kemendagri list only has today's codes; a number issued before a split keeps the
old one. This table (``retired_regions.toml``, validated here) names the region that issued
such a code and its successor, so the desk can say "91.01 Merauke (Papua), now 93.01" instead
of "regency unknown".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from ltsa_desk.identity.regions import Region, get_region

_RegencyCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}\.[0-9]{2}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Law(_Model):
    title: str
    url: str


class _Retired(_Model):
    code: _RegencyCode
    name: str
    province: str
    successor: _RegencyCode
    law: str
    retired_on: date


class _Table(_Model):
    retired: tuple[_Retired, ...]
    sources: dict[str, _Law]

    @model_validator(mode="after")
    def _laws_known(self) -> _Table:
        unknown = sorted({r.law for r in self.retired} - set(self.sources))
        if unknown:
            raise ValueError(f"retired codes cite unknown laws: {', '.join(unknown)}")
        return self


@dataclass(frozen=True, slots=True)
class RetiredRegion:
    """A regency code no longer in the list: who issued it then, and who holds it now."""

    code: str
    name: str
    province: str
    successor: Region
    law: str
    retired_on: date

    @property
    def successor_province(self) -> str:
        province = get_region(self.successor.code[:2])
        return province.name if province else self.successor.code[:2]


@cache
def _table() -> _Table:
    text = resources.files("ltsa_desk.identity").joinpath("retired_regions.toml").read_text("utf-8")
    return _Table.model_validate(tomllib.loads(text))


def retired_regency(code: str) -> RetiredRegion | None:
    """The retired regency with this dotted code ("91.01"), or None if the code is not one."""
    table = _table()
    entry = next((r for r in table.retired if r.code == code), None)
    if entry is None:
        return None
    successor = get_region(entry.successor)
    if successor is None:  # the successor list changed: say nothing rather than guess
        return None
    return RetiredRegion(
        code=entry.code,
        name=entry.name,
        province=entry.province,
        successor=successor,
        law=table.sources[entry.law].title,
        retired_on=entry.retired_on,
    )
