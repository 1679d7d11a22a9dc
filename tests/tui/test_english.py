"""English mode is English: no Indonesian UI word in the English catalogs, nor on the main
screens drawn in English (the desk's own data, such as names and addresses, aside)."""

from __future__ import annotations

import html
import re

from ltsa_desk.i18n import catalog
from ltsa_desk.services.queue import issue_ticket
from screens.checklist import ChecklistScreen
from tests.conftest import TODAY
from tests.tui import seed
from tests.tui.conftest import SIZE, login, settle

#: Everyday Indonesian words of the desk's own interface (labels, verbs, statuses, hints).
#: Proper names stay as they are in English (Dukcapil, Disnaker, BPJS Ketenagakerjaan, KTP).
_WORDS = """
dan yang untuk tidak belum sudah kawin perempuan laki-laki meja pemohon simpan batal catatan
dengan atau pilih tanggal nama berkas petugas ketik cari tekan lalu oleh dari pada harus
wajib tiket loket dokumen diterima ditolak diperiksa kurang kembali bantuan keluar lahir
baru hari alasan izin aktif dicabut suami istri hubungan sektor skema negara tujuan semua
antrean imigrasi kesehatan kepolisian perbankan pengaduan pasal hasil selesai berikutnya
"""
INDONESIAN = frozenset(_WORDS.split())
#: Data of the seeded applicant that is Indonesian by nature (place names, jobs as typed).
DATA = frozenset({"penata", "laksana", "rumah", "tangga"})


def indonesian_words(text: str) -> set[str]:
    words = {w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text)}
    return (words & INDONESIAN) - DATA


def test_english_catalogs_have_no_indonesian_words() -> None:
    found = {
        key: sorted(indonesian_words(text))
        for key, text in catalog("en").items()
        if indonesian_words(text)
    }
    assert found == {}


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<]+)</text>", svg))).replace("\xa0", " ")


async def test_english_screens_have_no_indonesian_words(make_app, db, operator, admin) -> None:
    applicant, application = seed.visit(db, operator, admin)
    issue_ticket(db, operator, "imigrasi", applicant_id=applicant.id, today=TODAY)
    app = make_app(lang="en")
    seen: dict[str, set[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await login(pilot)
        seen["home"] = indonesian_words(screen_text(app))
        await pilot.press("f2")
        await settle(pilot)
        seen["form"] = indonesian_words(screen_text(app))
        await pilot.press("escape")
        await settle(pilot)
        await app.push_screen(ChecklistScreen(application.id))
        await settle(pilot)
        seen["checklist"] = indonesian_words(screen_text(app))
        await pilot.press("escape", "f4")
        await settle(pilot)
        assert type(app.screen).__name__ == "QueueScreen"
        seen["queue"] = indonesian_words(screen_text(app))
    assert {name: words for name, words in seen.items() if words} == {}
