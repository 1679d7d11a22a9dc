"""An encrypted bundle's header is read before anything is authenticated: its key-derivation
parameters are bounded before use, and an office that asks for encryption never takes a plain
bundle instead (no downgrade)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ltsa_desk.sync import BundleRejected, crypto
from tests.unit.sync.conftest import Desk
from tests.unit.sync.helpers import export, refused, register_cilacap

PASSPHRASE = "kunci rahasia kantor"


def _with_header(sealed: Path, target: Path, **changes: object) -> Path:
    blob = sealed.read_bytes()
    head, _, token = blob[len(crypto.MAGIC) :].partition(b"\n")
    header = {**json.loads(head), **changes}
    target.write_bytes(crypto.MAGIC + json.dumps(header).encode() + b"\n" + token)
    return target


@pytest.fixture
def sealed(other: Desk, tmp_path: Path) -> Path:
    register_cilacap(other)
    return export(other, tmp_path / "out", passphrase=PASSPHRASE).path


@pytest.mark.parametrize(
    "params",
    [
        {"n": 2**20, "r": 64, "p": 1},  # 8 GiB: what an outside tester sent
        {"n": 2**20, "r": 8, "p": 1},  # 1 GiB
        {"n": 2**14, "r": 8, "p": 2**20},  # a million passes: hours of work
        {"n": 2**62, "r": 1, "p": 1},  # a MemoryError inside OpenSSL
        {"n": 3 * 2**10, "r": 8, "p": 1},  # not a power of two
        {"n": 1, "r": 8, "p": 1},
        {"n": True, "r": 8, "p": 1},
        {"n": 2**10, "r": 0, "p": 1},
        {"n": 2**10, "r": 8, "p": -1},
    ],
)
def test_hostile_key_derivation_parameters_are_refused_before_use(
    home: Desk, sealed: Path, tmp_path: Path, params: dict[str, object]
) -> None:
    hostile = _with_header(sealed, tmp_path / "hostile.zip.enc", **params)
    rejected = refused(home, hostile, "kdf_params", passphrase=PASSPHRASE)
    assert "scrypt" in rejected.message("en")


@pytest.mark.parametrize("salt", ["", "AAAA", base64.b64encode(bytes(100)).decode(), 7])
def test_a_hostile_salt_is_refused(home: Desk, sealed: Path, tmp_path: Path, salt: object) -> None:
    hostile = _with_header(sealed, tmp_path / "salt.zip.enc", salt=salt)
    refused(home, hostile, "kdf_params", passphrase=PASSPHRASE)


def test_a_header_without_an_end_of_line_is_refused(home: Desk, tmp_path: Path) -> None:
    hostile = tmp_path / "endless.zip.enc"
    hostile.write_bytes(crypto.MAGIC + b"{" * 100_000)
    refused(home, hostile, "damaged", passphrase=PASSPHRASE)


def test_an_office_that_asks_for_encryption_refuses_a_plain_bundle(
    home: Desk, other: Desk, tmp_path: Path
) -> None:
    register_cilacap(other)
    plain = export(other, tmp_path).path
    rejected = refused(home, plain, "not_encrypted", passphrase=PASSPHRASE)
    assert "--passphrase-env" in rejected.message("en")
    assert "tidak terenkripsi" in rejected.message("id")


@settings(max_examples=150, deadline=None)
@given(
    header=st.dictionaries(
        st.sampled_from(["kdf", "cipher", "n", "r", "p", "salt", "x"]),
        st.one_of(
            st.integers(min_value=-(2**70), max_value=2**70),
            st.text(max_size=40),
            st.booleans(),
            st.none(),
            st.lists(st.integers(), max_size=3),
            st.floats(allow_nan=True),
        ),
    ),
    token=st.binary(max_size=64),
)
def test_any_header_ends_in_a_refusal_never_a_traceback(
    header: dict[str, object], token: bytes
) -> None:
    """Whatever the header says, decrypting ends in ``BundleRejected`` and runs scrypt only
    within the bounds (a header asking for more is refused before it starts)."""
    base = {"kdf": "scrypt", "cipher": "fernet"}
    blob = crypto.MAGIC + json.dumps({**base, **header}).encode() + b"\n" + token
    with pytest.raises(BundleRejected) as caught:
        crypto.decrypt(blob, PASSPHRASE)
    assert caught.value.reason in {"kdf_params", "passphrase", "damaged"}


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_file_after_the_marker_ends_in_a_refusal(noise: bytes) -> None:
    with pytest.raises(BundleRejected):
        crypto.decrypt(crypto.MAGIC + noise, PASSPHRASE)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_key_card_text_is_refused_with_a_sentence(text: str) -> None:
    from ltsa_desk.services.office_keys import OfficeKeyError, parse_key_card

    with pytest.raises(OfficeKeyError) as caught:
        parse_key_card(text)
    assert caught.value.message("en") and caught.value.message("id")
