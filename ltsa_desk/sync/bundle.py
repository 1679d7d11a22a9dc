"""The bundle file: a zip of JSON-lines parts, a ``manifest.json`` naming each part's SHA-256,
and a ``signature.json``: the sending office's Ed25519 signature of the manifest.

A plain bundle opens with any zip tool; the hashes catch a damaged, truncated or hand-edited
part, and the signature (checked against the keys registered here, ``sync.signing``) a careful
forger who recomputed them. An encrypted bundle (``crypto``) wraps the same zip and also keeps
its content private. Reading checks everything that can be checked without the database, and
raises ``BundleRejected`` naming the first problem.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ltsa_desk.sync import crypto
from ltsa_desk.sync.entities import PART_NAMES
from ltsa_desk.sync.errors import BundleRejected, SyncError

FORMAT = "ltsa-desk-sync"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "signature.json"
#: Limits against a file that would fill the memory (a "zip bomb"): far above real bundles.
MAX_FILE_BYTES = 1 << 30
MAX_CONTENT_BYTES = 2 << 30


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartInfo(_Strict):
    file: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    rows: int = Field(ge=0)
    bytes: int = Field(ge=0)


class OfficeRef(_Strict):
    id: uuid.UUID
    code: str
    name: str


class Manifest(_Strict):
    format: str
    format_version: int
    bundle_id: uuid.UUID
    office: OfficeRef
    sequence: int = Field(ge=1)
    #: The first sequence whose changes this bundle carries; lower than ``sequence`` for a resend.
    since: int = Field(ge=1)
    created_at: datetime
    created_by: str
    schema_revision: str
    app_version: str
    parts: dict[str, PartInfo]
    #: For each office id, the last audit ``seq`` this bundle carries of that office's chain.
    audit_through: dict[str, int]


class Signature(_Strict):
    """Who signed the manifest, with which key, and the Ed25519 signature of its bytes."""

    office_id: uuid.UUID
    fingerprint: str = Field(pattern=r"^[0-9a-f]{16}$")
    signature: str = Field(max_length=200)


@dataclass(frozen=True)
class RawBundle:
    """A bundle whose file, manifest and part hashes checked out; rows still as JSON."""

    manifest: Manifest
    digest: str
    parts: dict[str, list[Any]]
    manifest_bytes: bytes = b""
    signature: Signature | None = None


def part_file(name: str) -> str:
    return f"{name}.jsonl"


def encode_part(rows: list[Any]) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in rows]
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def build(
    header: dict[str, Any],
    parts: dict[str, list[Any]],
    signer: Callable[[bytes], Signature],
) -> tuple[bytes, Manifest, str]:
    """The zip bytes, the manifest and its digest, from the manifest fields and part rows;
    ``signer`` signs the manifest's bytes."""
    encoded = {name: encode_part(rows) for name, rows in parts.items()}
    manifest = Manifest(
        **header,
        parts={
            name: PartInfo(
                file=part_file(name),
                sha256=hashlib.sha256(data).hexdigest(),
                rows=len(parts[name]),
                bytes=len(data),
            )
            for name, data in encoded.items()
        },
    )
    manifest_bytes = (
        json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
    ).encode("utf-8")
    stamp = manifest.created_at.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo(MANIFEST_NAME, stamp), manifest_bytes, zipfile.ZIP_DEFLATED)
        signature = json.dumps(signer(manifest_bytes).model_dump(mode="json"), sort_keys=True)
        zf.writestr(zipfile.ZipInfo(SIGNATURE_NAME, stamp), signature, zipfile.ZIP_DEFLATED)
        for name, data in encoded.items():
            zf.writestr(zipfile.ZipInfo(part_file(name), stamp), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue(), manifest, hashlib.sha256(manifest_bytes).hexdigest()


def write_file(path: Path, data: bytes) -> None:
    """Write next to the target, flush to disk, then rename: never a half-written bundle.

    The file is readable by its owner only: it holds personal data. An existing file is never
    overwritten.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise SyncError("sync.output_exists", path=str(path))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)


def _sync_directory(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to flush."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path, passphrase: str | None = None) -> RawBundle:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BundleRejected("too_large", limit=MAX_FILE_BYTES)
        blob = path.read_bytes()
    except OSError as exc:
        raise SyncError("sync.unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    if crypto.is_encrypted(blob):
        if not passphrase:
            raise BundleRejected("needs_passphrase")
        blob = crypto.decrypt(blob, passphrase)
    elif passphrase:
        # An office that asks for encryption never takes a plain file instead: a forger could
        # otherwise swap the sealed bundle for a plain one of their own (a downgrade).
        raise BundleRejected("not_encrypted")
    return read_zip(blob)


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        return zf.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise BundleRejected("damaged") from exc


def read_zip(blob: bytes) -> RawBundle:
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BundleRejected("damaged") from exc
    with zf:
        infos = {info.filename: info for info in zf.infolist()}
        if MANIFEST_NAME not in infos:
            raise BundleRejected("not_a_bundle")
        if sum(info.file_size for info in infos.values()) > MAX_CONTENT_BYTES:
            raise BundleRejected("too_large", limit=MAX_CONTENT_BYTES)
        manifest_bytes = _member(zf, MANIFEST_NAME)
        manifest = _manifest(manifest_bytes)
        expected_files = {part_file(name) for name in PART_NAMES}
        for name in PART_NAMES:
            if name not in manifest.parts:
                raise BundleRejected("part_missing", part=name)
        for name, info in manifest.parts.items():
            if name not in PART_NAMES or info.file != part_file(name):
                raise BundleRejected("part_unexpected", part=name)
        for filename in infos:
            if filename not in (MANIFEST_NAME, SIGNATURE_NAME) and filename not in expected_files:
                raise BundleRejected("part_unexpected", part=filename)
        signature = _signature(zf) if SIGNATURE_NAME in infos else None
        parts = {name: _part(zf, infos, name, manifest.parts[name]) for name in PART_NAMES}
    digest = hashlib.sha256(manifest_bytes).hexdigest()
    return RawBundle(manifest, digest, parts, manifest_bytes, signature)


def _signature(zf: zipfile.ZipFile) -> Signature:
    try:
        return Signature.model_validate_json(_member(zf, SIGNATURE_NAME))
    except ValidationError as exc:
        raise BundleRejected("bad_signature", code="?") from exc


def _manifest(data: bytes) -> Manifest:
    try:
        raw = json.loads(data)
    except ValueError as exc:
        raise BundleRejected("not_a_bundle") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleRejected("not_a_bundle")
    version = raw.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BundleRejected("format_version", version=str(version), supported=FORMAT_VERSION)
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BundleRejected("manifest_invalid", detail=f"{where}: {first['msg']}") from exc


def _part(
    zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], name: str, info: PartInfo
) -> list[Any]:
    if info.file not in infos:
        raise BundleRejected("part_missing", part=name)
    data = _member(zf, info.file)
    if len(data) != info.bytes or hashlib.sha256(data).hexdigest() != info.sha256:
        raise BundleRejected("part_hash", part=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleRejected("row_invalid", part=name, line=0, detail="UTF-8") from exc
    if text and not text.endswith("\n"):
        raise BundleRejected("row_invalid", part=name, line=0, detail="end of file")
    # Not splitlines(): names may hold U+2028 and friends, which JSON leaves unescaped here.
    lines = text[:-1].split("\n") if text else []
    if len(lines) != info.rows:
        raise BundleRejected("part_count", part=name, expected=info.rows, actual=len(lines))
    rows = []
    for number, line in enumerate(lines, start=1):
        try:
            rows.append(json.loads(line))
        except ValueError as exc:
            raise BundleRejected("row_invalid", part=name, line=number, detail="JSON") from exc
    return rows
