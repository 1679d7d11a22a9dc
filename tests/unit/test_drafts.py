"""Crash-safe drafts: atomic JSON beside the database, private, and tolerant of damage."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from ltsa_desk.drafts import DraftStore, draft_name


def test_save_load_and_discard(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    name = draft_name("Operator", "applicant")
    assert name == "operator.applicant"
    store.save(name, {"full_name": "Siti [bold]Rahayu[/bold]"}, meta={"applicant_id": ""})
    draft = store.load(name)
    assert draft is not None
    assert draft.values == {"full_name": "Siti [bold]Rahayu[/bold]"}
    assert draft.meta == {"applicant_id": ""}
    assert store.names("operator.") == [name]
    store.discard(name)
    assert store.load(name) is None
    store.discard(name)  # twice is fine


def test_files_are_private_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    path = store.save("operator.applicant", {"nik": "3305014203960001"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in store.folder.iterdir()] == [path.name]


def test_a_failed_write_keeps_the_previous_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.save("operator.applicant", {"full_name": "Siti"})

    def broken_dump(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(json, "dump", broken_dump)
    with pytest.raises(OSError):
        store.save("operator.applicant", {"full_name": "Siti Rahayu"})
    monkeypatch.undo()
    draft = store.load("operator.applicant")
    assert draft is not None and draft.values == {"full_name": "Siti"}
    assert len(list(store.folder.iterdir())) == 1


def test_an_unreadable_draft_is_set_aside(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    path = store.save("operator.applicant", {"full_name": "Siti"})
    path.write_text("{half a draft", encoding="utf-8")
    assert store.load("operator.applicant") is None
    assert path.with_suffix(".unreadable").exists()


def test_drafts_live_beside_the_database(db) -> None:  # type: ignore[no-untyped-def]
    store = DraftStore.beside(db)
    assert store.folder == db.path.parent / "drafts"
