"""A passport's machine-readable zone (MRZ, ICAO Doc 9303 part 4, TD3): read and check it.

A TD3 MRZ is two lines of 44 characters from ``A–Z``, ``0–9`` and the filler ``<``::

    P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
    L898902C36UTO7408122F1204159ZE184226B<<<<<10

Line 1: document type (2), issuing state (3), name (39: primary identifier ``<<`` secondary
identifier, ``<`` between words). Line 2: document number (9) and its check digit, nationality
(3), birth date YYMMDD and check digit, sex (``M``, ``F`` or ``<``), expiry date YYMMDD and check
digit, personal number (14) and check digit, and a composite check digit over the document
number, birth date, expiry date and personal number with their check digits (9303 part 4 §4.2.2).

Every check digit is computed with the weights 7, 3, 1 repeated over the character values
(``0–9`` themselves, ``A–Z`` 10–35, ``<`` 0), modulo 10 (9303 part 3 §4.9), and each failure
is reported by name, so the operator knows which part of the zone was misread.

Input is taken the way a counter receives it: from a keyboard-wedge reader that sends the two
lines with an Enter (or a space, or nothing) between them, in lower case when Caps Lock is on,
with white space around; or typed by hand. A line that is too short or too long is refused with
its length, never padded or cut: a guessed character would pass as read.

Two-digit years are resolved against the office's today (``clock.today()``):

- a **birth date** is the latest of 19YY and 20YY that is not after today (nobody is born in the
  future; right for everyone younger than 100, the same rule as the NIK's birth date);
- an **expiry date** is the one of 19YY, 20YY and 21YY that falls in the hundred years from 50
  years before today to 50 years after: a passport is valid for at most ten years, so a current
  one lands ahead of today and one that expired long ago still reads as past (an expired
  passport then meets the validity rules, rather than a wrong century).

This module reads the zone only; comparing it with the NIK, the KTP name and the planned
departure is ``ltsa_desk.services.mrz_checks``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ltsa_desk import clock
from ltsa_desk.findings import Finding, HasFindings
from ltsa_desk.identity._common import describe_chars, error
from ltsa_desk.identity.nik import Sex

LINE_LENGTH = 44
FILLER = "<"
#: ICAO 9303 part 3 §4.9.
WEIGHTS = (7, 3, 1)
#: 9303 part 4 §4.2.2, TD3 data page.
BASIS = "ICAO Doc 9303 part 4 (TD3)"

_ALLOWED = re.compile(r"[A-Za-z0-9<]", re.ASCII)
_YYMMDD = re.compile(r"[0-9]{6}", re.ASCII)

CheckName = Literal["document_number", "birth_date", "expiry_date", "personal_number", "composite"]
#: Each check digit: the slice of line 2 it covers and where the digit is.
_CHECKED: tuple[tuple[CheckName, tuple[slice, ...], int], ...] = (
    ("document_number", (slice(0, 9),), 9),
    ("birth_date", (slice(13, 19),), 19),
    ("expiry_date", (slice(21, 27),), 27),
    ("personal_number", (slice(28, 42),), 42),
    ("composite", (slice(0, 10), slice(13, 20), slice(21, 43)), 43),
)
#: The MRZ's sex to the desk's (L laki-laki, P perempuan); ``<`` or ``X`` is unspecified.
_SEXES: dict[str, Sex] = {"M": "L", "F": "P"}


def char_value(char: str) -> int:
    """A character's value in a check digit: digits themselves, A–Z 10–35, ``<`` 0."""
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    return 0


def check_digit(text: str) -> int:
    """The 7-3-1 check digit of ``text`` (9303 part 3 §4.9)."""
    return sum(char_value(char) * WEIGHTS[i % 3] for i, char in enumerate(text)) % 10


@dataclass(frozen=True, slots=True)
class CheckDigitResult:
    """One check digit of line 2: what the zone holds and what its data gives."""

    name: CheckName
    found: str
    expected: int

    @property
    def ok(self) -> bool:
        return self.found == str(self.expected)


@dataclass(frozen=True, slots=True)
class MrzResult(HasFindings):
    """What the zone says, and every problem found while reading it.

    The fields are None (or empty) when the zone could not be split into two lines of 44.
    """

    lines: tuple[str, str] | None
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    #: True when the name filled all 39 places: ICAO truncates longer names.
    name_truncated: bool
    passport_number: str
    nationality: str
    birth_date: date | None
    sex: Sex | None
    expiry_date: date | None
    personal_number: str
    checks: tuple[CheckDigitResult, ...]
    findings: tuple[Finding, ...]

    @property
    def full_name(self) -> str:
        """Given names then surname, the order of a KTP; a single name stands alone."""
        return " ".join(part for part in (self.given_names, self.surname) if part)


def split_lines(raw: str) -> tuple[tuple[str, str] | None, tuple[Finding, ...]]:
    """The two lines, upper-cased, from what a reader or the operator sent.

    Lines may be separated by line breaks or spaces, or not at all (88 characters in a row).
    """
    words = raw.split()
    if not words:
        return None, (error("mrz.empty", "mrz"),)
    # Checked before upper-casing: "ﬁ".upper() is "FI", which would pass as read.
    others = [char for char in "".join(words) if not _ALLOWED.fullmatch(char)]
    if others:
        return None, (error("mrz.characters", "mrz", chars=describe_chars(others)),)
    words = [word.upper() for word in words]
    if len(words) == 1 and len(words[0]) == 2 * LINE_LENGTH:
        words = [words[0][:LINE_LENGTH], words[0][LINE_LENGTH:]]
    if len(words) != 2:
        joined = "".join(words)
        return None, (error("mrz.line_count", "mrz", count=len(words), length=len(joined)),)
    findings = tuple(
        error("mrz.line_length", "mrz", line=number, count=len(line), expected=LINE_LENGTH)
        for number, line in enumerate(words, start=1)
        if len(line) != LINE_LENGTH
    )
    if findings:
        return None, findings
    return (words[0], words[1]), ()


def _text(field: str) -> str:
    """A field with its fillers turned into spaces and trimmed."""
    return " ".join(field.replace(FILLER, " ").split())


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_birth_date(yymmdd: str, today: date) -> date | None:
    """The latest of 19YY/20YY not after ``today``; None when no such calendar date exists."""
    if not _YYMMDD.fullmatch(yymmdd):
        return None
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    candidates = [_real_date(century + yy, month, day) for century in (2000, 1900)]
    return next((c for c in candidates if c is not None and c <= today), None)


def resolve_expiry_date(yymmdd: str, today: date) -> date | None:
    """The one of 19YY/20YY/21YY from 50 years before ``today`` to 50 years after."""
    if not _YYMMDD.fullmatch(yymmdd):
        return None
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    for century in (1900, 2000, 2100):
        found = _real_date(century + yy, month, day)
        if found is not None and today.year - 50 <= found.year < today.year + 50:
            return found
    return None


def _checks(line2: str) -> tuple[CheckDigitResult, ...]:
    results = []
    for name, parts, position in _CHECKED:
        covered = "".join(line2[part] for part in parts)
        found = line2[position]
        if name == "personal_number" and found == FILLER and covered == FILLER * 14:
            found = "0"  # an empty personal number may carry "<" as its check digit
        results.append(CheckDigitResult(name, found, check_digit(covered)))
    return tuple(results)


#: The form field each check digit vouches for.
_CHECK_FIELDS: dict[CheckName, str] = {
    "document_number": "passport_number",
    "birth_date": "birth_date",
    "expiry_date": "passport_expiry",
    "personal_number": "mrz",
    "composite": "mrz",
}


def _check_findings(checks: tuple[CheckDigitResult, ...]) -> list[Finding]:
    return [
        error(
            f"mrz.check_{check.name}",
            _CHECK_FIELDS[check.name],
            basis=BASIS,
            found=check.found,
            expected=check.expected,
        )
        for check in checks
        if not check.ok
    ]


def _empty(findings: tuple[Finding, ...]) -> MrzResult:
    return MrzResult(None, "", "", "", "", False, "", "", None, None, None, "", (), findings)


def parse_mrz(raw: str, *, today: date | None = None) -> MrzResult:
    """Read and check a TD3 MRZ as received; never raises on any text."""
    lines, findings = split_lines(raw)
    if lines is None:
        return _empty(findings)
    line1, line2 = lines
    today = today or clock.today()
    found: list[Finding] = []
    if line1[0] != "P":
        found.append(error("mrz.document_type", "mrz", value=line1[:2], basis=BASIS))
    primary, _, secondary = line1[5:].partition("<<")
    surname, given_names = _text(primary), _text(secondary)
    if not surname:
        found.append(error("mrz.name_missing", "mrz"))
    checks = _checks(line2)
    found.extend(_check_findings(checks))
    birth = resolve_birth_date(line2[13:19], today)
    if birth is None:
        found.append(error("mrz.birth_date", "birth_date", value=line2[13:19]))
    expiry = resolve_expiry_date(line2[21:27], today)
    if expiry is None:
        found.append(error("mrz.expiry_date", "passport_expiry", value=line2[21:27]))
    sex_code = line2[20]
    if sex_code not in ("M", "F", "X", FILLER):
        found.append(error("mrz.sex", "sex", value=sex_code))
    return MrzResult(
        lines=lines,
        document_type=line1[:2].replace(FILLER, ""),
        issuing_state=line1[2:5].replace(FILLER, ""),
        surname=surname,
        given_names=given_names,
        name_truncated=line1[-1] != FILLER,
        passport_number=line2[:9].replace(FILLER, ""),
        nationality=line2[10:13].replace(FILLER, ""),
        birth_date=birth,
        sex=_SEXES.get(sex_code),
        expiry_date=expiry,
        personal_number=_text(line2[28:42]),
        checks=checks,
        findings=tuple(found),
    )
