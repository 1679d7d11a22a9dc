"""Personal names: what may be typed, and whether documents spell one person the same way.

Names are accepted in any script and as a single word (common in Indonesia). What is rejected is
what cannot be part of a name on a KTP or passport: digits, symbols and invisible characters.
The text is returned literally and never interpreted; a UI that renders markup must escape it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from rapidfuzz import fuzz

from ltsa_desk.findings import Finding, Severity
from ltsa_desk.i18n import LANGS, Lang, catalog, t
from ltsa_desk.identity._common import Checked, describe_chars, error, is_invisible

NAME_MAX_LENGTH = 100

#: Apostrophes as typed on keyboards and produced by autocorrect: Ma'ruf, Ma’ruf.
APOSTROPHES = "'\u2019\u2018\u02bc"
#: Punctuation that real names and their titles use: H. Ahmad, Siti-Aminah, Budi, S.Pd.
NAME_PUNCTUATION = APOSTROPHES + ".-\u2010,"

#: Honorifics written before a name (Haji, Hajjah, doctor, engineer, professor), only with a dot so
#: that an initial written without one is never dropped.
_HONORIFIC = re.compile(r"(?:h|hj|kh|dr|drs|dra|ir|prof)\.", re.IGNORECASE)
#: Pieces of an academic title written after a comma: "S.Pd." → "S", "Pd".
_TITLE_PIECES = re.compile(r"[.\s]+")
_TITLE_PIECE_MAX = 8
_NOT_WORD = re.compile(r"[\W_]+")


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in {"L", "M"}


def check_name(raw: str, field: str = "full_name") -> Checked[str]:
    """The name NFC-normalised with white space collapsed, and what is wrong with it.

    Each kind of problem is reported once, naming the offending characters, so that the operator
    can see what to fix without guessing.
    """
    text = unicodedata.normalize("NFC", raw)
    cleaned = " ".join(text.split())
    if not cleaned:
        return Checked(cleaned, (error("name.empty", field),))
    invisible: list[str] = []
    digits: list[str] = []
    symbols: list[str] = []
    for char in text:
        if char.isspace() and not is_invisible(char):
            continue
        if is_invisible(char):
            invisible.append(char)
        elif unicodedata.category(char) == "Nd":
            digits.append(char)
        elif not _is_letter(char) and char not in NAME_PUNCTUATION:
            symbols.append(char)
    findings: list[Finding] = []
    if invisible:
        findings.append(error("name.control_characters", field, chars=describe_chars(invisible)))
    if digits:
        findings.append(error("name.digits", field, chars=describe_chars(digits)))
    if symbols:
        findings.append(error("name.symbols", field, chars=describe_chars(symbols)))
    if not findings and not any(unicodedata.category(char)[0] == "L" for char in cleaned):
        findings.append(error("name.no_letters", field))
    if len(cleaned) > NAME_MAX_LENGTH:
        findings.append(error("name.too_long", field, count=len(cleaned), maximum=NAME_MAX_LENGTH))
    return Checked(cleaned, tuple(findings))


def _is_title_suffix(part: str) -> bool:
    """A part after a comma made only of short dotted words is a title ("S.Pd.", "Amd.Keb").

    A dot is required so that "SANTOSO, BUDI", the surname-first order of some foreign
    documents, keeps its given name.
    """
    if "." not in part:
        return False
    pieces = [piece for piece in _TITLE_PIECES.split(part.strip()) if piece]
    return bool(pieces) and all(
        piece.isalpha() and len(piece) <= _TITLE_PIECE_MAX for piece in pieces
    )


def _strip_titles(name: str) -> str:
    parts = name.split(",")
    kept = [parts[0], *(part for part in parts[1:] if not _is_title_suffix(part))]
    tokens = " ".join(kept).split()
    while tokens and _HONORIFIC.fullmatch(tokens[0]):
        tokens.pop(0)
    return " ".join(tokens)


def normalize_for_compare(name: str) -> str:
    """A key under which two spellings of one name compare equal.

    Case, accents, punctuation, honorifics before the name (H., Hj., Dr.) and academic titles
    after a comma are dropped: documents differ in those without naming another person. Words
    such as "bin" and "binti" are kept, because they are part of the legal name.
    """
    text = _strip_titles(unicodedata.normalize("NFC", name))
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if unicodedata.category(char)[0] != "M")
    for apostrophe in APOSTROPHES:
        bare = bare.replace(apostrophe, "")
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def _document_label(document: str, lang: Lang) -> str:
    key = f"identity.document.{document}"
    return t(key, lang) if key in catalog(lang) else document


def compare_names(names: Mapping[str, str], *, reference: str | None = None) -> list[Finding]:
    """One warning per document whose name differs from the reference document's.

    ``names`` maps a document ("ktp", "passport", "contract", …) to the name written on it; blank
    entries are skipped. The reference is ``reference`` or else the first document given. Even a
    one-letter difference is reported: OPP officers reject misspelt names, so the operator must
    correct it or record why it is right. Each finding's ``field`` is the document key.
    """
    given = {document: name for document, name in names.items() if name.strip()}
    if not given:
        return []
    base = reference if reference is not None and reference in given else next(iter(given))
    base_key = normalize_for_compare(given[base])
    findings: list[Finding] = []
    for document, name in given.items():
        key = normalize_for_compare(name)
        if document == base or key == base_key:
            continue
        similarity = round(fuzz.ratio(base_key, key))
        messages = {
            lang: t(
                "identity.name.mismatch",
                lang,
                document=_document_label(document, lang),
                name=name.strip(),
                reference=_document_label(base, lang),
                reference_name=given[base].strip(),
                similarity=similarity,
            )
            for lang in LANGS
        }
        params = {
            "document": document,
            "name": name.strip(),
            "reference": base,
            "reference_name": given[base].strip(),
            "similarity": similarity,
        }
        findings.append(
            Finding(
                "name.mismatch",
                Severity.WARNING,
                document,
                messages["id"],
                messages["en"],
                params=params,
            )
        )
    return findings
