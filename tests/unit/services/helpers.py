"""Small builders for service tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from ltsa_desk.services.applicant_checks import ApplicantInput
from ltsa_desk.services.applications import PlanInput
from ltsa_desk.services.errors import ValidationFailed
from tests.conftest import TODAY

T = TypeVar("T")

#: Woman born 2 March 1996, first registered in Kec. Ayah, Kabupaten Kebumen (33.05.01).
NIK_SITI = "3305014203960001"


#: The plan's departure: ten weeks after the test day, as a typical HK placement.
DEPARTURE = TODAY + timedelta(days=68)


def siti(**changes: str) -> ApplicantInput:
    data = {
        "nik": NIK_SITI,
        "full_name": "Siti Rahayu",
        "birth_place": "Kebumen",
        "birth_date": "1996-03-02",
        "sex": "P",
        "marital_status": "married",
        "phone": "0812-3456-7890",
        "spouse_name": "Slamet",
    }
    data.update(changes)
    return ApplicantInput(**data)


def budi(**changes: str) -> ApplicantInput:
    """A single man born 17 August 1995, also from Kec. Ayah, Kebumen."""
    data = {
        "nik": "3305011708950003",
        "full_name": "Budi Santoso",
        "birth_date": "1995-08-17",
        "sex": "L",
        "marital_status": "single",
        "spouse_name": "",
    }
    data.update(changes)
    return siti(**data)


def hk_domestic(**changes: str) -> PlanInput:
    data = {
        "scheme": "p2p",
        "destination": "HK",
        "sector": "domestic",
        "job": "Penata laksana rumah tangga",
        "planned_departure": DEPARTURE.isoformat(),
    }
    data.update(changes)
    return PlanInput(**data)


def acknowledging(action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a service, acknowledging its warnings with a reason as an operator would."""
    try:
        return action(*args, **kwargs)
    except ValidationFailed as exc:
        if exc.errors:
            raise
        overrides = {f.code: "Sesuai dokumen asli" for f in exc.findings}
        return action(*args, overrides=overrides, **kwargs)
