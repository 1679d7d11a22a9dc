"""Pieces shared by the identity checks: the result shape, catalog lookups and text helpers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any, Generic, NamedTuple, TypeVar

from ltsa_desk.findings import Finding, Severity
from ltsa_desk.findings import errors as errors_of
from ltsa_desk.findings import warnings as warnings_of

T = TypeVar("T")

#: Separators an operator types or pastes inside long numbers: Unicode white space, dots and the
#: hyphen family (word processors turn "-" into en dashes). Anything else is left for the caller
#: to reject, so that a typo such as "O" for "0" is reported instead of silently dropped.
NUMBER_SEPARATORS = re.compile(r"[\s.\-\u2010\u2011\u2012\u2013\u2014\u2212]")
ASCII_DIGITS = re.compile(r"[0-9]+")
NON_DIGIT = re.compile(r"[^0-9]")

#: At most this many distinct offending characters are named in a message; more helps nobody.
_MAX_NAMED_CHARS = 5


class Checked(NamedTuple, Generic[T]):
    """A cleaned value with the findings about it.

    A named tuple so that callers can unpack ``cleaned, findings = check_name(...)``.
    """

    value: T
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(errors_of(self.findings))

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(warnings_of(self.findings))


def finding(
    code: str,
    severity: Severity,
    field: str,
    /,
    *,
    key: str | None = None,
    basis: str | None = None,
    **params: Any,
) -> Finding:
    """A finding whose messages live under ``identity.<code>`` unless another key is named.

    Keeping the catalog key equal to the code means a code can never lose its message silently.
    """
    return Finding.from_catalog(
        code, severity, field, key or f"identity.{code}", basis=basis, **params
    )


def error(code: str, field: str, /, **params: Any) -> Finding:
    return finding(code, Severity.ERROR, field, **params)


def warning(code: str, field: str, /, **params: Any) -> Finding:
    return finding(code, Severity.WARNING, field, **params)


def is_invisible(char: str) -> bool:
    """Control, format (zero-width, bidi override), surrogate, private-use or unassigned.

    Such characters make a value look right on screen while it differs from what is printed on
    the document, or reorder text around it; a pasted value is the usual source.
    """
    return unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"}


def describe_chars(chars: Iterable[str]) -> str:
    """Name offending characters so that an operator can find them on screen.

    Visible characters are shown in quotes (“O”); invisible ones and white space as their code
    point (U+200B), which is the only way to tell them apart. The result may contain what was
    typed, such as "[": like every message, it is text for display, never markup.
    """
    seen: list[str] = []
    for char in chars:
        if char not in seen:
            seen.append(char)
    shown = [
        f"U+{ord(char):04X}" if is_invisible(char) or char.isspace() else f"“{char}”"
        for char in seen[:_MAX_NAMED_CHARS]
    ]
    if len(seen) > _MAX_NAMED_CHARS:
        shown.append("…")
    return ", ".join(shown)


def format_date(value: date) -> str:
    """DD-MM-YYYY, the order printed on Indonesian documents and read by the operators."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
