"""Phone numbers, normalised to E.164 (+62…) so that one number is stored one way.

The desk contacts applicants by WhatsApp (district forms ask for "Nomor Telp / WA"), which needs
a mobile number; a landline or a foreign number is plausible but worth a second look, so both
are warnings. Mobile prefixes follow libphonenumber's Indonesia metadata: 8[1-35-9].
"""

from __future__ import annotations

import re

from ltsa_desk.identity._common import Checked, describe_chars, error, warning

COUNTRY_CODE = "62"

#: National significant number lengths (without the trunk 0).
MOBILE_NSN_LENGTHS = range(9, 13)
LANDLINE_NSN_LENGTHS = range(7, 12)
#: E.164 allows at most 15 digits including the country code; real numbers have at least 8.
FOREIGN_DIGIT_LENGTHS = range(8, 16)

_SEPARATORS = re.compile(r"[\s.\-()/\u2010\u2011\u2012\u2013\u2014\u2212]")
_SHAPE = re.compile(r"(\+?)([0-9]+)", re.ASCII)
_NOT_PHONE_CHAR = re.compile(r"[^0-9+]", re.ASCII)
_MOBILE = re.compile(r"8[1-35-9]", re.ASCII)
_LANDLINE = re.compile(r"[2-79]", re.ASCII)


def _national_part(plus: str, digits: str) -> str | None:
    """The Indonesian national significant number, or None if the number is not Indonesian."""
    if digits.startswith(COUNTRY_CODE):
        # "+62 0812…" is a common way of writing the trunk 0 twice; it is unambiguous.
        rest = digits[len(COUNTRY_CODE) :]
        return rest[1:] if rest.startswith("0") else rest
    if plus:
        return None
    if digits.startswith("0"):
        return digits[1:]
    # "812…" typed next to a printed "+62" or "0" on a paper form.
    return digits


def normalize_phone(
    raw: str, *, required: bool = True, field: str = "phone"
) -> Checked[str | None]:
    """The number as E.164 ("+6281234567890"), or None when it cannot be a phone number."""
    compact = _SEPARATORS.sub("", raw)
    if not compact:
        return Checked(None, (error("phone.empty", field),) if required else ())
    shape = _SHAPE.fullmatch(compact)
    if shape is None:
        others = _NOT_PHONE_CHAR.findall(compact) or ["+"]
        return Checked(None, (error("phone.characters", field, chars=describe_chars(others)),))
    plus, digits = shape.groups()
    nsn = _national_part(plus, digits)
    if nsn is None:
        if digits.startswith("0") or len(digits) not in FOREIGN_DIGIT_LENGTHS:
            return Checked(None, (error("phone.foreign_length", field, count=len(digits)),))
        return Checked(f"+{digits}", (warning("phone.foreign", field, number=f"+{digits}"),))
    shown = f"0{nsn}"
    if len(nsn) < 2 or _MOBILE.match(nsn):
        if len(nsn) not in MOBILE_NSN_LENGTHS:
            return Checked(None, (error("phone.mobile_length", field, count=len(shown)),))
        return Checked(f"+{COUNTRY_CODE}{nsn}", ())
    if _LANDLINE.match(nsn):
        if len(nsn) not in LANDLINE_NSN_LENGTHS:
            return Checked(None, (error("phone.landline_length", field, count=len(shown)),))
        return Checked(f"+{COUNTRY_CODE}{nsn}", (warning("phone.landline", field, number=shown),))
    return Checked(None, (error("phone.not_subscriber", field, number=shown[:4]),))
