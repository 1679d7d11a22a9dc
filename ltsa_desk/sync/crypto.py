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
_MAX_N = 2**20


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
    head, sep, token = blob[len(MAGIC) :].partition(b"\n")
    if not sep:
        raise BundleRejected("damaged")
    try:
        header = json.loads(head)
        params = (header["n"], header["r"], header["p"])
        valid = (
            header.get("kdf") == "scrypt"
            and header.get("cipher") == "fernet"
            and all(isinstance(v, int) and v > 0 for v in params)
            and header["n"] <= _MAX_N
            and header["r"] * header["p"] <= 64
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BundleRejected("damaged") from exc
    if not valid:
        raise BundleRejected("damaged")
    return header, token


def decrypt(blob: bytes, passphrase: str) -> bytes:
    header, token = _header(blob)
    try:
        salt = base64.b64decode(header["salt"], validate=True)
        key = _key(passphrase, salt, header["n"], header["r"], header["p"])
        return Fernet(key).decrypt(token)
    except (InvalidToken, ValueError, TypeError) as exc:
        raise BundleRejected("passphrase") from exc
