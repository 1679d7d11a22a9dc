"""Classes of profiles a legal review found wrong in ruleset 1, each tested against its article.

Birthday edges are computed from explicit dates (the measuring date passed in the profile) so
the tests hold on any day.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ltsa_desk.findings import Severity
from ltsa_desk.rules import (
    Evaluation,
    Profile,
    RulesetError,
    evaluate,
    load_packaged,
    load_ruleset,
)
from ltsa_desk.rules.models import SOURCE_TAG
from tests.unit.rules.helpers import TODAY, born_for_age, items, run

#: Kepmenaker 260/2015: the 21 countries of the Middle East and North Africa.
MORATORIUM_21 = (
    "DZ", "SA", "BH", "IQ", "IR", "KW", "LB", "LY", "MA", "MR", "EG",
    "OM", "PK", "PS", "QA", "SS", "SY", "TN", "AE", "YE", "JO",
)  # fmt: skip
#: Kepmenaker 291/2018: the six household jobs the SPSK pilot opens in Saudi Arabia.
SPSK_SIX = ("housekeeper", "baby-carer", "cook", "elderly-carer", "family-driver", "child-carer")
HOUSEHOLD_JOBS = (*SPSK_SIX, "gardener")
APPLICATION = date(2026, 3, 10)


def _codes(evaluation: Evaluation) -> dict[str, Severity]:
    return {finding.code: finding.severity for finding in evaluation.findings}


def _edges(age: int, on: date) -> dict[str, date]:
    """Birth dates whose holder turns ``age`` the day after, the day of, the day before ``on``."""
    birthday = born_for_age(age, on)
    return {
        "day_before_birthday": birthday + timedelta(days=1),
        "birthday": birthday,
        "day_after_birthday": birthday - timedelta(days=1),
    }


# --- 1. Kepmenaker 260/2015: household work, by sector or by job, in 21 countries -------------


@pytest.mark.parametrize("destination", MORATORIUM_21)
def test_kepmenaker_260_2015_covers_all_21_countries(destination: str) -> None:
    evaluation = run(Profile("p2p", destination, "domestic", "single", sex="P"))
    finding = next(f for f in evaluation.findings if f.code == "moratorium_timur_tengah")
    assert finding.is_error and destination in finding.message_en
    assert "Kepmenaker 260/2015" in (finding.basis or "")


@pytest.mark.parametrize("destination", ["HK", "TW", "MY", "SG", "TR", "ID"])
def test_household_work_outside_the_21_is_not_under_the_moratorium(destination: str) -> None:
    evaluation = run(Profile("p2p", destination, "domestic", "single", job="housekeeper"))
    assert "moratorium_timur_tengah" not in _codes(evaluation)


@pytest.mark.parametrize("job", HOUSEHOLD_JOBS)
@pytest.mark.parametrize("sector", ["formal", "ship-crew"])
def test_kepmenaker_260_2015_recognises_household_work_by_the_job(job: str, sector: str) -> None:
    """A housekeeper keyed under "formal" for Saudi Arabia is still household work."""
    codes = _codes(run(Profile("p2p", "SA", sector, "single", job=job)))
    assert codes["moratorium_timur_tengah"] is Severity.ERROR
    assert codes["jabatan_tidak_sesuai_sektor"] is Severity.ERROR


def test_a_formal_job_to_saudi_arabia_is_not_under_the_moratorium() -> None:
    for job in ("nurse", "manufacturing-worker", None):
        assert run(Profile("p2p", "SA", "formal", "single", job=job)).blocking == [], job


@pytest.mark.parametrize(
    ("sector", "job"),
    [
        ("formal", "housekeeper"),
        ("fishing-crew", "child-carer"),
        ("domestic", "manufacturing-worker"),
        ("domestic", "fishing-crew"),
        ("ship-crew", "fishing-crew"),
    ],
)
def test_uu_18_2017_pasal_4_a_job_that_does_not_fit_the_sector_is_a_finding(
    sector: str, job: str
) -> None:
    finding = next(
        f
        for f in run(Profile("p2p", "HK", sector, "single", job=job)).findings
        if f.code == "jabatan_tidak_sesuai_sektor"
    )
    assert finding.field == "job" and job in finding.message_en
    assert "UU 18/2017 Pasal 4" in (finding.basis or "")


@pytest.mark.parametrize(
    ("sector", "job"),
    [("domestic", "housekeeper"), ("fishing-crew", "fishing-crew"), ("formal", "nurse")],
)
def test_jobs_that_fit_their_sector_give_no_finding(sector: str, job: str) -> None:
    assert "jabatan_tidak_sesuai_sektor" not in _codes(
        run(Profile("p2p", "HK", sector, "single", job=job))
    )


# --- 2. Kepmenaker 291/2018: SPSK opens six jobs ---------------------------------------------


@pytest.mark.parametrize("job", SPSK_SIX)
def test_kepmenaker_291_2018_spsk_opens_its_six_jobs(job: str) -> None:
    evaluation = run(Profile("p2p", "SA", "domestic", "single", programme="spsk", job=job))
    assert evaluation.blocking == []


@pytest.mark.parametrize("job", ["gardener", "cleaner", "caregiver", "nurse", None])
def test_kepmenaker_291_2018_any_other_job_under_spsk_stays_under_the_moratorium(
    job: str | None,
) -> None:
    evaluation = run(Profile("p2p", "SA", "domestic", "single", programme="spsk", job=job))
    finding = next(f for f in evaluation.blocking if f.code == "spsk_jabatan_di_luar_enam")
    assert "Kepmenaker 291/2018" in (finding.basis or "")
    assert "Kepmenaker 260/2015" in finding.message_id


def test_spsk_programme_cites_kepmenaker_291_2018() -> None:
    ruleset = load_packaged()
    assert "Kepmenaker 291/2018" in ruleset.cite(ruleset.programmes["spsk"].basis)
    assert "KEPMENAKER-291-2018" in ruleset.sources


# --- 3. Self-placement (perseorangan): no P3MI ------------------------------------------------

PERSEORANGAN = [
    Profile("perseorangan", "JP", "formal", "single", sex="L"),
    Profile("perseorangan", "DE", "formal", "married", sex="P", job="nurse"),
    Profile("perseorangan", "KR", "ship-crew", "single", sex="L"),
    Profile("perseorangan", "TW", "fishing-crew", "divorced", sex="L", job="fishing-crew"),
]


@pytest.mark.parametrize("profile", PERSEORANGAN, ids=lambda p: f"{p.destination}-{p.sector}")
def test_self_placement_asks_for_no_p3mi_papers(profile: Profile) -> None:
    """UU 18/2017 Pasal 49: a perseorangan worker goes without a placement implementer."""
    evaluation = run(profile)
    assert "perjanjian_penempatan" not in evaluation.codes
    for item in evaluation.items:
        for text in (item.where_id, item.where_en, item.bring_id, item.bring_en):
            assert not re.search(r"\bP3MI\b", text), (item.code, text)
            assert "placement party registers you" not in text, item.code
            assert "pihak penempatan yang mendaftarkan" not in text, item.code
    for notice in evaluation.notices:
        for text in (notice.message_id, notice.message_en):
            assert "surat pengantar P3MI" not in text and "from the P3MI" not in text


@pytest.mark.parametrize("profile", PERSEORANGAN, ids=lambda p: f"{p.destination}-{p.sector}")
def test_self_placement_file_shows_the_employer_and_the_worker_s_own_risk(profile: Profile) -> None:
    """Permenaker 9/2019 (PMI perseorangan): job offer, employer proof, own-risk statement."""
    listed = items(run(profile))
    for code in ("surat_penawaran_kerja", "identitas_pemberi_kerja", "pernyataan_risiko_sendiri"):
        assert code in listed, code
        assert "Permenaker 9/2019" in listed[code].basis
        assert listed[code].unconfirmed  # the articles are not verified
    assert "mendaftar dan membayar iuran sendiri" in listed["bpjs_ketenagakerjaan"].where_id
    assert "surat penawaran/panggilan kerja" in listed["rekomendasi_paspor"].bring_id


def test_uu_18_2017_pasal_63_self_placed_workers_report_before_and_after() -> None:
    notices = {n.code: n for n in run(PERSEORANGAN[0]).notices}
    report = notices["lapor_pmi_perseorangan"]
    assert "Dinas" in report.message_id and "Perwakilan RI" in report.message_id
    assert "UU 18/2017 Pasal 63" in report.basis
    crew = {n.code for n in run(PERSEORANGAN[2]).notices}
    assert "lapor_awak_kapal_perseorangan" in crew


def test_p_to_p_keeps_its_placement_party_texts() -> None:
    listed = items(run(Profile("p2p", "HK", "domestic", "single", job="housekeeper")))
    assert "surat pengantar P3MI" in listed["rekomendasi_paspor"].bring_id
    assert "perjanjian_penempatan" in listed
    assert "surat_penawaran_kerja" not in listed


# --- 4. Perban BP2MI 9/2020: zero placement cost, P to P only ---------------------------------

WAIVED = (
    "Tiket keberangkatan dan tiket pulang",
    "Visa kerja",
    "Legalisasi perjanjian kerja",
    "Paspor",
    "SKCK",
    "Sertifikat kompetensi kerja",
    "Jaminan sosial",
    "Pemeriksaan kesehatan dan psikologi",
    "Transportasi lokal",
    "Akomodasi",
)


def _zero_cost(profile: Profile) -> bool:
    return "biaya_penempatan_dibebaskan" in [n.code for n in run(profile).notices]


@pytest.mark.parametrize(
    "profile",
    [
        Profile("p2p", "HK", "domestic", "single", job="housekeeper"),
        Profile("p2p", "MY", "formal", "single", job="plantation-worker"),
        Profile("p2p", "KR", "fishing-crew", "single", job="fishing-crew"),
        Profile("p2p", "SG", "domestic", "single"),
    ],
    ids=lambda p: f"{p.destination}-{p.job}",
)
def test_perban_9_2020_covers_p_to_p_placement_of_its_jobs(profile: Profile) -> None:
    assert _zero_cost(profile)


@pytest.mark.parametrize(
    "profile",
    [
        Profile("perseorangan", "JP", "formal", "single", job="cleaner"),
        Profile("perseorangan", "TW", "fishing-crew", "single", job="fishing-crew"),
        Profile("g2g", "KR", "fishing-crew", "single", programme="eps", job="fishing-crew"),
        Profile("g2p", "TW", "formal", "single", job="elderly-carer"),
        Profile("ukps", "MY", "formal", "single", job="plantation-worker"),
        Profile("p2p", "TW", "domestic", "single", job="housekeeper"),
        Profile("p2p", "JP", "formal", "single", job="nurse"),
    ],
    ids=lambda p: f"{p.scheme}-{p.destination}-{p.job}",
)
def test_perban_9_2020_notice_is_not_shown_outside_its_scope(profile: Profile) -> None:
    assert not _zero_cost(profile)


def test_perban_9_2020_lists_every_waived_cost_with_its_basis() -> None:
    evaluation = run(Profile("p2p", "HK", "domestic", "single", job="housekeeper"))
    notice = next(n for n in evaluation.notices if n.code == "biaya_penempatan_dibebaskan")
    texts = [entry.text_id for entry in notice.entries]
    for waived in WAIVED:
        assert any(waived in text for text in texts), waived
    assert all("Perban BP2MI 9/2020" in entry.basis for entry in notice.entries)
    assert all(entry.text_en for entry in notice.entries)


# --- 5. PP 22/2022: sea employment agreement ---------------------------------------------------


@pytest.mark.parametrize("sector", ["ship-crew", "fishing-crew"])
@pytest.mark.parametrize("scheme", ["p2p", "perseorangan", "g2g"])
def test_pp_22_2022_crew_need_the_sea_employment_agreement(scheme: str, sector: str) -> None:
    listed = items(run(Profile(scheme, "KR", sector, "single", sex="L")))
    pkl = listed["perjanjian_kerja_laut"]
    assert "Syahbandar" in pkl.title_id and "PP 22/2022" in pkl.basis
    assert "Perjanjian Kerja Laut" in listed["perjanjian_kerja"].bring_id


def test_sea_employment_agreement_is_only_for_crew() -> None:
    assert "perjanjian_kerja_laut" not in run(Profile("p2p", "KR", "formal", "single")).codes


# --- 6. Age: 18 nationally, destination windows with their own rule ---------------------------


@pytest.mark.parametrize("departure", [date(2026, 2, 28), date(2026, 3, 1), date(2027, 12, 31)])
def test_uu_18_2017_pasal_5_minimum_18_at_departure_birthday_edges(departure: date) -> None:
    for sector in ("domestic", "formal", "ship-crew"):
        profile = Profile("p2p", "HK", sector, "single", planned_departure=departure)
        for edge, birth in _edges(18, departure).items():
            codes = _codes(run(profile, birth_date=birth))
            blocked = codes.get("usia_minimum") is Severity.ERROR
            assert blocked is (edge == "day_before_birthday"), (sector, edge)


def _sg(**changes: object) -> Evaluation:
    profile = Profile("p2p", "SG", "domestic", "single", job="housekeeper")
    return run(profile, application_date=APPLICATION, **changes)


@pytest.mark.parametrize(
    ("age", "edge", "blocked"),
    [
        (23, "day_before_birthday", True),
        (23, "birthday", False),
        (23, "day_after_birthday", False),
        (50, "day_before_birthday", False),
        (50, "birthday", True),
        (50, "day_after_birthday", True),
    ],
)
def test_singapore_fdw_permit_23_to_under_50_at_application(
    age: int, edge: str, blocked: bool
) -> None:
    evaluation = _sg(birth_date=_edges(age, APPLICATION)[edge])
    finding = next((f for f in evaluation.findings if f.code == "usia_pdrt_singapura"), None)
    assert (finding is not None and finding.is_error) is blocked
    check = next(c for c in evaluation.age_checks if c.code == "usia_pdrt_singapura")
    assert (check.at_date, check.measured) == (APPLICATION, "application")
    if finding:
        assert "MOM Singapore" in (finding.basis or "")


def test_singapore_window_ignores_the_departure_date() -> None:
    """Measured at the permit application, not at departure: 22 at application is refused
    even if the worker turns 23 before departure."""
    birth = _edges(23, APPLICATION)["day_before_birthday"]
    evaluation = _sg(birth_date=birth, planned_departure=APPLICATION + timedelta(days=90))
    assert evaluation.age == 23
    assert "usia_pdrt_singapura" in _codes(evaluation)


def test_singapore_domestic_work_needs_eight_years_of_school() -> None:
    listed = items(_sg())
    assert "MOM Singapore" in listed["bukti_pendidikan_8_tahun_sg"].basis
    formal = run(Profile("p2p", "SG", "formal", "single", job="nurse"))
    assert "bukti_pendidikan_8_tahun_sg" not in formal.codes


@pytest.mark.parametrize(
    ("age", "edge", "blocked"),
    [
        (18, "day_before_birthday", True),
        (18, "birthday", False),
        (46, "day_before_birthday", False),
        (46, "birthday", True),
    ],
)
def test_malaysia_foreign_worker_18_to_45_at_application(
    age: int, edge: str, blocked: bool
) -> None:
    profile = Profile("p2p", "MY", "formal", "single", application_date=APPLICATION)
    codes = _codes(run(profile, birth_date=_edges(age, APPLICATION)[edge]))
    assert (codes.get("usia_pekerja_asing_malaysia") is Severity.ERROR) is blocked


def test_malaysia_domestic_floor_21_is_an_unconfirmed_warning() -> None:
    rule = next(r for r in load_packaged().eligibility if r.code == "usia_pdrt_malaysia")
    assert rule.unconfirmed and rule.severity is Severity.WARNING
    profile = Profile("p2p", "MY", "domestic", "single", application_date=APPLICATION)
    birth = _edges(21, APPLICATION)
    assert _codes(run(profile, birth_date=birth["day_before_birthday"])) == {
        "usia_pdrt_malaysia": Severity.WARNING
    }
    assert _codes(run(profile, birth_date=birth["birthday"])) == {}


# --- 7. The date an age is measured at ----------------------------------------------------------


@pytest.mark.parametrize(
    ("edge", "blocked"),
    [("day_before_birthday", False), ("birthday", True), ("day_after_birthday", True)],
)
def test_korea_eps_18_to_39_at_registration(edge: str, blocked: bool) -> None:
    """EPS-TOPIK announcement: 18-39 during the registration period, whatever the departure."""
    profile = Profile(
        "g2g", "KR", "formal", "single", programme="eps", application_date=APPLICATION
    )
    birth = _edges(40, APPLICATION)[edge]
    evaluation = run(profile, birth_date=birth, planned_departure=APPLICATION + timedelta(days=400))
    assert ("usia_eps_korea" in _codes(evaluation)) is blocked
    check = next(c for c in evaluation.age_checks if c.code == "usia_eps_korea")
    assert check.at_date == APPLICATION and check.measured == "application"
    assert "pendaftaran" in check.explanation("id") and "registration" in check.explanation("en")


def test_without_an_application_date_the_window_is_measured_today_and_says_so() -> None:
    profile = Profile("g2g", "KR", "formal", "single", programme="eps")
    evaluation = run(profile, birth_date=born_for_age(40, TODAY))
    check = next(c for c in evaluation.age_checks if c.code == "usia_eps_korea")
    assert (check.at_date, check.measured, check.passed) == (TODAY, "application_today", False)
    finding = next(f for f in evaluation.findings if f.code == "usia_eps_korea")
    assert "hari ini" in finding.message_id and "today" in finding.message_en


def test_a_fixed_window_from_an_announcement_is_measured_on_its_date() -> None:
    from ltsa_desk.rules.models import AgeWindowRule

    rule = AgeWindowRule.model_validate(
        {
            "kind": "age_window",
            "code": "eps_batch",
            "born_from": date(1985, 6, 3),
            "born_until": date(2007, 6, 4),
            "measured_at": "fixed",
            "measured_on": date(2025, 6, 4),
            "basis": "announcement",
            "message_id": "Lahir di luar {born_from} - {born_until} ({measured})",
            "message_en": "Born outside {born_from} - {born_until} ({measured})",
        }
    )
    ruleset = load_packaged()
    ruleset = ruleset.model_copy(update={"eligibility": (rule,)})
    profile = Profile("g2g", "KR", "formal", "single", programme="eps")
    for birth, blocked in (
        (date(1985, 6, 2), True),
        (date(1985, 6, 3), False),
        (date(2007, 6, 4), False),
        (date(2007, 6, 5), True),
    ):
        evaluation = evaluate(ruleset, replace(profile, birth_date=birth), today=TODAY)
        assert bool(evaluation.blocking) is blocked, birth
        assert evaluation.age_checks[0].at_date == date(2025, 6, 4)
        assert evaluation.age_checks[0].measured == "fixed"


def test_a_fixed_window_needs_its_date() -> None:
    from pydantic import ValidationError

    from ltsa_desk.rules.models import AgeWindowRule

    with pytest.raises(ValidationError, match="measured_on"):
        AgeWindowRule.model_validate(
            {
                "kind": "age_window",
                "code": "x",
                "min_age": 18,
                "measured_at": "fixed",
                "basis": "x",
                "message_id": "x",
                "message_en": "x",
            }
        )


# --- Sources inside the product ------------------------------------------------------------------


def test_every_basis_cites_only_sources_the_ruleset_lists() -> None:
    ruleset = load_packaged()
    for owner, basis in ruleset.bases():
        for key, source in ruleset.cited_sources(basis):
            assert source.title and source.url, (owner, key)
        printed = ruleset.cite(basis)
        assert "[" not in printed, (owner, printed)
        assert len(printed) <= 300, owner  # stored with each checklist item (300 characters)
        assert "domain.md" not in basis, owner


def test_an_unknown_source_tag_is_refused_at_load(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_text(
        'office = "x"\nname = "x"\nversion = 1\n\n[[notices]]\ncode = "lokal"\n'
        'message_id = "x"\nmessage_en = "x"\nbasis = "Perda [S999]"\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesetError, match=r"\[S999\], which is not in sources"):
        load_ruleset(path)


def test_items_print_the_source_names_instead_of_tags() -> None:
    evaluation = run(Profile("p2p", "HK", "domestic", "single", job="housekeeper"))
    photo = items(evaluation)["pas_foto"]
    assert photo.basis.startswith("Persyaratan pendaftaran dan rekomendasi paspor (SP AKAN Kota")
    assert [s.key for s in photo.sources] == ["S12", "S13", "S14"]
    assert photo.sources[0].url.startswith("https://sippn.menpan.go.id")
    keys = [s.key for s in evaluation.sources]
    assert len(keys) == len(set(keys)) and "S1" in keys


def test_an_office_overlay_brings_its_own_sources(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_text(
        'office = "x"\nname = "x"\nversion = 1\n\n[[notices]]\ncode = "lokal"\n'
        'message_id = "x"\nmessage_en = "x"\nbasis = "Perda Kebumen 3/2024 [PERDA-KBM]"\n\n'
        '[sources.PERDA-KBM]\nshort = "Perda Kab. Kebumen 3/2024"\ntitle = "Perda"\n'
        'url = "https://jdih.kebumenkab.go.id"\nquality = "regulation"\n',
        encoding="utf-8",
    )
    ruleset = load_ruleset(path)
    assert ruleset.cite("Perda Kebumen 3/2024 [PERDA-KBM]") == (
        "Perda Kebumen 3/2024 (Perda Kab. Kebumen 3/2024)"
    )


# --- 9. Destinations carry their own requirements -------------------------------------------------


@pytest.mark.parametrize("destination", ["US", "CA", "DE"])
def test_new_markets_say_their_own_requirements_are_not_recorded_yet(destination: str) -> None:
    evaluation = run(Profile("p2p", destination, "formal", "single", job="manufacturing-worker"))
    notice = next(n for n in evaluation.notices if n.code == "syarat_negara_belum_tercatat")
    assert notice.unconfirmed  # nothing invented: the desk says what it does not know


def test_germany_nurse_outside_triple_win_is_asked_for_recognition_and_german() -> None:
    listed = items(run(Profile("p2p", "DE", "formal", "single", job="nurse")))
    for code in ("pengakuan_kualifikasi_perawat_jerman", "sertifikat_bahasa_jerman"):
        assert listed[code].unconfirmed, code
    triple_win = items(run(Profile("g2g", "DE", "formal", "single", programme="triple-win")))
    assert not triple_win["sertifikat_bahasa_jerman"].unconfirmed
    assert "syarat_negara_belum_tercatat" not in [
        n.code
        for n in run(Profile("g2g", "DE", "formal", "single", programme="triple-win")).notices
    ]


def test_japan_ssw_needs_its_skills_and_language_tests() -> None:
    listed = items(run(Profile("p2p", "JP", "formal", "single", programme="ssw")))
    assert {"uji_keterampilan_ssw", "sertifikat_bahasa_jepang"} <= set(listed)
    assert "Kedubes Jepang, SSW" in listed["uji_keterampilan_ssw"].basis
    plain = run(Profile("p2p", "JP", "formal", "single"))
    assert "jepang_pilih_program" in [n.code for n in plain.notices]


def test_korea_eps_needs_eps_topik_and_hong_kong_domestic_the_bnsp_certificate() -> None:
    assert "sertifikat_eps_topik" in run(Profile("g2g", "KR", "formal", "single", "eps")).codes
    hk = items(run(Profile("p2p", "HK", "domestic", "single", job="housekeeper")))
    assert "BNSP tata laksana rumah tangga" in hk["sertifikat_kompetensi"].bring_id


@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_characters="[]"), max_size=20),
            st.sampled_from(["[S1]", "[S12]", "[KEPMENAKER-291-2018]", "[MOM-FDW]"]),
        ),
        max_size=8,
    )
)
def test_cite_replaces_every_known_tag_and_keeps_the_words(parts: list[str]) -> None:
    ruleset = load_packaged()
    text = "".join(parts)
    printed = ruleset.cite(text)
    assert SOURCE_TAG.search(printed) is None
    words = [part.strip() for part in parts if part.strip() and not part.startswith("[")]
    position = 0
    for word in words:  # the basis's own words survive, in order
        found = printed.find(word.split()[0], position)
        assert found >= 0, (word, printed)
        position = found


def test_cite_examples() -> None:
    ruleset = load_packaged()
    assert ruleset.cite("UU 18/2017 Pasal 5 huruf a [S2]") == "UU 18/2017 Pasal 5 huruf a"
    assert ruleset.cite("[S53][S54]") == "Pengumuman EPS-TOPIK 2025; Persyaratan EPS G to G (2025)"
    assert ruleset.cite("Kepmenaker 291/2018 [KEPMENAKER-291-2018]") == "Kepmenaker 291/2018"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("housekeeper", "housekeeper"),
        ("Penata laksana rumah tangga", "housekeeper"),
        ("PRT", "housekeeper"),
        ("pembantu  rumah-tangga", "housekeeper"),
        ("Sopir keluarga", "family-driver"),
        ("Baby sitter", "baby-carer"),
        ("Awak kapal perikanan", "fishing-crew"),
        ("Operator pabrik", None),
        ("", None),
    ],
)
def test_a_job_typed_at_the_desk_is_recognised_by_name_or_alias(
    typed: str, code: str | None
) -> None:
    assert load_packaged().job_code(typed) == code


def test_a_typed_household_job_to_saudi_arabia_is_caught_whatever_the_sector() -> None:
    """Kepmenaker 260/2015: "Pembantu rumah tangga" keyed under "formal" is household work."""
    codes = _codes(run(Profile("p2p", "SA", "formal", "single", job="Pembantu rumah tangga")))
    assert {"moratorium_timur_tengah", "jabatan_tidak_sesuai_sektor"} <= set(codes)
