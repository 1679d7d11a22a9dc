"""Passphrase encryption of a whole bundle: scrypt-derived key, Fernet (``cryptography``).

Fernet authenticates what it encrypts, so an encrypted bundle that was altered, cut short or
opened with the wrong passphrase is refused as a whole. The file starts with a readable line
saying what it is, then the scrypt parameters and salt, then the Fernet token.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ltsa_desk.sync.errors import BundleRejected

MAGIC = b"LTSA-DESK-SYNC-ENCRYPTED\n"
#: scrypt cost: 32 MiB and a fraction of a second per bundle, far more for a guesser.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
#: What a file's header may ask for, checked before scrypt runs: the header is read before
#: anything is authenticated, and scrypt needs 128·n·r bytes of memory and p passes. Twice the
#: cost this desk writes; a forged header asking for gigabytes is refused, never tried.
MAX_SCRYPT_MEMORY = 64 << 20
MAX_SCRYPT_P = 4
SALT_BYTES = (16, 64)
#: A header is a few hundred bytes; a file that never ends its first line is not one.
MAX_HEADER_BYTES = 4096


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    raw = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return base64.urlsafe_b64encode(raw)


def encrypt(data: bytes, passphrase: str) -> bytes:
    salt = os.urandom(16)
    header = {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": base64.b64encode(salt).decode("ascii"),
        "cipher": "fernet",
    }
    token = Fernet(_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(data)
    return MAGIC + json.dumps(header, sort_keys=True).encode("ascii") + b"\n" + token


def _header(blob: bytes) -> tuple[dict[str, Any], bytes]:
    head, sep, token = blob[len(MAGIC) : len(MAGIC) + MAX_HEADER_BYTES].partition(b"\n")
    if not sep:
        raise BundleRejected("damaged")
    token = blob[len(MAGIC) + len(head) + 1 :]
    try:
        header = json.loads(head)
        known = header.get("kdf") == "scrypt" and header.get("cipher") == "fernet"
    except (ValueError, AttributeError) as exc:
        raise BundleRejected("damaged") from exc
    if not known:
        raise BundleRejected("damaged")
    return header, token


def _scrypt_parameters(header: dict[str, Any]) -> tuple[bytes, int, int, int]:
    """Salt, n, r, p from the header, refused unless within what this desk would write."""
    n, r, p, salt = (header.get(k) for k in ("n", "r", "p", "salt"))
    bounded = (
        type(n) is int
        and type(r) is int
        and type(p) is int
        and n >= 2
        and n & (n - 1) == 0
        and r >= 1
        and 1 <= p <= MAX_SCRYPT_P
        and 128 * n * r <= MAX_SCRYPT_MEMORY
    )
    raw_salt = b""
    if bounded and type(salt) is str and len(salt) <= 2 * SALT_BYTES[1]:
        try:
            raw_salt = base64.b64decode(salt, validate=True)
        except ValueError:
            raw_salt = b""
    if not bounded or not SALT_BYTES[0] <= len(raw_salt) <= SALT_BYTES[1]:
        raise BundleRejected("kdf_params", limit=MAX_SCRYPT_MEMORY >> 20)
    assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
    return raw_salt, n, r, p


def decrypt(blob: bytes, passphrase: str) -> bytes:
    header, token = _header(blob)
    salt, n, r, p = _scrypt_parameters(header)
    try:
        key = _key(passphrase, salt, n, r, p)
    except MemoryError as exc:  # the bounds above keep well clear of it; never a traceback
        raise BundleRejected("kdf_params", limit=MAX_SCRYPT_MEMORY >> 20) from exc
    try:
        return Fernet(key).decrypt(token)
    except (InvalidToken, ValueError, TypeError) as exc:
        raise BundleRejected("passphrase") from exc
