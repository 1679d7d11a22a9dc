"""Free text (addresses, notes, document numbers) kept literal and free of control characters.

Names have their own, stricter check in ``identity.names``. Free text may hold brackets and
symbols, so markup such as ``[bold]`` is stored as typed; it is the display layer's job never to
interpret it. Control characters are refused because they can rewrite a terminal.
"""

from __future__ import annotations

import unicodedata

from ltsa_desk.findings import Finding, Severity

_ALLOWED_CONTROLS = {"\n", "\t"}


def is_text(value: str) -> bool:
    """False for a lone surrogate: bytes that were not UTF-8, which nothing can store or print."""
    return not any(unicodedata.category(char) == "Cs" for char in value)


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    for char in value:
        if multiline and char in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        # Cc: C0/C1 controls; Cf: format characters such as bidi overrides and zero-width joiners.
        if category == "Cc" or (category == "Cf" and char not in "\u200c\u200d"):
            return True
    return False


def check_text(
    value: str, field: str, *, max_length: int, multiline: bool = False, required: bool = False
) -> tuple[str, list[Finding]]:
    """Trimmed text with its findings: control characters, length, emptiness."""
    cleaned = value.strip()
    findings: list[Finding] = []
    if required and not cleaned:
        findings.append(
            Finding.from_catalog("text.required", Severity.ERROR, field, "services.text_required")
        )
    if not is_text(cleaned):
        findings.append(
            Finding.from_catalog("text.invalid", Severity.ERROR, field, "services.text_invalid")
        )
    elif has_control_characters(cleaned, multiline=multiline):
        findings.append(
            Finding.from_catalog("text.control", Severity.ERROR, field, "services.text_control")
        )
    if len(cleaned) > max_length:
        findings.append(
            Finding.from_catalog(
                "text.too_long",
                Severity.ERROR,
                field,
                "services.text_too_long",
                maximum=max_length,
                length=len(cleaned),
            )
        )
    return cleaned, findings
