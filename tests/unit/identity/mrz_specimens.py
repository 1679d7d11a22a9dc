"""TD3 MRZ lines for tests: ICAO 9303's own specimen, and a builder that computes check digits.

The builder follows ICAO Doc 9303 part 4 §4.2.2 independently of the code under test: its own
7-3-1 check digit, its own field layout, so a mistake in ``ltsa_desk.identity.mrz`` cannot hide
in a shared helper.
"""

from __future__ import annotations

from datetime import date

#: ICAO Doc 9303 part 4, figure of the TD3 data page (Anna Maria Eriksson, Utopia).
ICAO_LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
ICAO_LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def digit(text: str) -> str:
    values = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
    total = sum(values.get(c, 0) * (7, 3, 1)[i % 3] for i, c in enumerate(text))
    return str(total % 10)


def _pad(text: str, width: int) -> str:
    assert len(text) <= width, text
    return text + "<" * (width - len(text))


def td3(
    *,
    surname: str,
    given_names: str = "",
    number: str = "C1234567",
    birth: date = date(1996, 3, 2),
    sex: str = "F",
    expiry: date = date(2031, 5, 20),
    personal: str = "",
    nationality: str = "IDN",
    issuing: str = "IDN",
) -> tuple[str, str]:
    """Two lines with valid check digits; names in MRZ form (words joined by "<")."""
    name = surname.replace(" ", "<") + "<<" + given_names.replace(" ", "<")
    line1 = "P<" + issuing + _pad(name, 39)
    document = _pad(number, 9) + digit(_pad(number, 9))
    born = birth.strftime("%y%m%d")
    expires = expiry.strftime("%y%m%d")
    optional = _pad(personal, 14)
    optional_digit = digit(optional) if personal else "<"
    line2 = (
        document
        + nationality
        + born
        + digit(born)
        + sex
        + expires
        + digit(expires)
        + optional
        + optional_digit
    )
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return line1, line2 + digit(composite)
