"""Identity checks: NIK, KK, passport and its MRZ, phone, names, dates, regions.

Each check is a plain function that returns structured findings instead of raising, so that the
desk's forms, the CLI, CSV import and sync all apply the same rules and show every problem at
once. Region data is loaded on first use only.
"""

from ltsa_desk.identity._common import Checked, format_date
from ltsa_desk.identity.area import check_out_of_area
from ltsa_desk.identity.dates import (
    EARLIEST_DATE,
    MINIMUM_AGE,
    MINIMUM_AGE_BASIS,
    age_on,
    check_date,
    check_minimum_age,
)
from ltsa_desk.identity.kk import KkResult, parse_kk
from ltsa_desk.identity.mrz import CheckDigitResult, MrzResult, parse_mrz
from ltsa_desk.identity.names import (
    NAME_MAX_LENGTH,
    check_name,
    compare_names,
    normalize_for_compare,
)
from ltsa_desk.identity.nik import NikResult, Sex, mask_nik, parse_nik
from ltsa_desk.identity.passport import check_passport_dates, check_passport_number
from ltsa_desk.identity.phone import normalize_phone
from ltsa_desk.identity.regions import (
    Region,
    RegionKind,
    RegionLevel,
    children,
    get_region,
    load_region_data,
    normalize_code,
    province_of,
    regency_of,
    region_name,
    search_regions,
)

__all__ = [
    "EARLIEST_DATE",
    "MINIMUM_AGE",
    "MINIMUM_AGE_BASIS",
    "NAME_MAX_LENGTH",
    "CheckDigitResult",
    "Checked",
    "KkResult",
    "MrzResult",
    "NikResult",
    "Region",
    "RegionKind",
    "RegionLevel",
    "Sex",
    "age_on",
    "check_date",
    "check_minimum_age",
    "check_name",
    "check_out_of_area",
    "check_passport_dates",
    "check_passport_number",
    "children",
    "compare_names",
    "format_date",
    "get_region",
    "load_region_data",
    "mask_nik",
    "normalize_code",
    "normalize_for_compare",
    "normalize_phone",
    "parse_kk",
    "parse_mrz",
    "parse_nik",
    "province_of",
    "regency_of",
    "region_name",
    "search_regions",
]
