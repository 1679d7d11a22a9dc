"""Any combination of valid condition values evaluates, and every item sits at a real desk."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ltsa_desk.rules import MARITAL_STATUSES, Profile, evaluate, load_packaged
from tests.unit.rules.helpers import TODAY

RULESET = load_packaged()
DESTINATIONS = ["HK", "TW", "MY", "SG", "KR", "JP", "DE", "SA", "AE", "QA", "BN", "US"]


def _country() -> st.SearchStrategy[str]:
    letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
    return st.one_of(st.sampled_from(DESTINATIONS), letters)


profiles = st.builds(
    Profile,
    scheme=st.sampled_from(list(RULESET.schemes)),
    destination=_country(),
    sector=st.sampled_from(list(RULESET.sectors)),
    marital_status=st.sampled_from(MARITAL_STATUSES),
    programme=st.none() | st.sampled_from(list(RULESET.programmes)),
    sex=st.none() | st.sampled_from(["L", "P"]),
    birth_date=st.none() | st.dates(date(1940, 1, 1), date(2015, 12, 31)),
    planned_departure=st.none() | st.dates(date(2025, 1, 1), date(2030, 12, 31)),
    job=st.none() | st.sampled_from([*RULESET.jobs, "unlisted-job"]),
)


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_any_valid_profile_evaluates(profile: Profile) -> None:
    evaluation = evaluate(RULESET, profile, today=TODAY)
    desks = {desk.code: desk.order for desk in RULESET.desks}
    assert all(item.desk in desks for item in evaluation.items)
    keys = [(desks[item.desk], item.order, item.code) for item in evaluation.items]
    assert keys == sorted(keys)
    assert len(set(evaluation.codes)) == len(evaluation.codes)
    assert {"ktp_el", "paspor", "visa_kerja", "perjanjian_kerja"} <= set(evaluation.codes)
    for finding in evaluation.findings:
        assert finding.message_id and finding.message_en
