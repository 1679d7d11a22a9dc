"""Finding an applicant from whatever the operator types: registration number, NIK, passport
or (part of) a name.

Names use the SQLite FTS5 index (prefix queries, diacritics folded), newest registration first,
and fall back to a fuzzy re-ranking of candidates sharing each word's longest known prefix, so
that "Nurhalisa" still finds "Nurhaliza". On PostgreSQL the word-prefix query and the fuzzy
candidates use a pg_trgm GIN index instead. Every query is bounded in SQL: the desk never loads an
unbounded result set.

The search box runs this on every pause in typing, against millions of applicants, so each
branch is one statement returning exactly the columns of a hit (no ORM entities), run through
``Database.rows``; bench/analysis.md §4-5 has the measurements behind each choice.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from ltsa_desk.db.engine import Database, RowReader
from ltsa_desk.services.text import is_text

_NUMBER_SEPARATORS = re.compile(r"[\s.\-]")
_REGNO = re.compile(r"^[A-Za-z0-9]{2,12}-\d{4}(-\d{0,6})?$")
_PASSPORT = re.compile(r"^[A-Za-z]{1,2}\d{6,8}$")
_WORD = re.compile(r"\w+", re.UNICODE)

#: Letters a name query needs before it is searched: one letter matches half the country.
MIN_NAME_LETTERS = 2
#: What the search box reads of a query: longer than any stored name (100 letters), number or
#: passport, so nothing findable is cut off, while pasted pages of text cost nothing.
MAX_QUERY_LENGTH = 120
#: Words of a name query that are searched; a name has rarely more than five.
MAX_QUERY_WORDS = 8
#: Newest names sharing the typed words' prefixes that the typo fallback re-ranks. More is not
#: better: over 54 one-letter typos of names from a million applicants, 500 found the intended
#: person 33 times, 2,000 only 28 (longer names holding both words crowd the top 20) and slower.
FUZZY_CANDIDATES = 500
FUZZY_MIN_SCORE = 75.0

# The columns of a hit, the applicant's latest placement plan joined in the same statement.
_HIT_COLUMNS = "a.id, a.full_name, a.nik, a.birth_date, a.sex, p.registration_number, p.id"
_HIT_FROM = (
    "FROM applicant a LEFT JOIN application p ON p.id = (SELECT q.id FROM application q "
    "WHERE q.applicant_id = a.id ORDER BY q.created_at DESC LIMIT 1) "
)
_HIT_SQL = f"SELECT {_HIT_COLUMNS} {_HIT_FROM}"


@dataclass(frozen=True, slots=True)
class SearchHit:
    applicant_id: uuid.UUID
    full_name: str
    nik: str
    birth_date: date
    sex: str
    registration_number: str | None
    application_id: uuid.UUID | None
    matched_on: str


def name_key(name: str) -> str:
    """Lower-case, accent-free, punctuation-free form used to compare names."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(stripped.replace("_", " ")))


def _uuid(value: Any) -> uuid.UUID:
    # SQLite stores UUIDs as 32 hex characters; PostgreSQL returns uuid.UUID.
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _hit(row: tuple[Any, ...], matched_on: str) -> SearchHit:
    return SearchHit(
        applicant_id=_uuid(row[0]),
        full_name=row[1],
        nik=row[2],
        birth_date=_date(row[3]),
        sex=row[4],
        registration_number=row[5],
        application_id=_uuid(row[6]) if row[6] is not None else None,
        matched_on=matched_on,
    )


def _starts_with(column: str, sqlite: bool) -> str:
    """A prefix test the engine answers from the column's index.

    SQLite's LIKE ignores case, so it cannot use a plain index; GLOB can. Callers only pass
    digits, letters and hyphens (checked by the patterns above), never GLOB or LIKE syntax.
    """
    return f"{column} GLOB :prefix || '*'" if sqlite else f"{column} LIKE :prefix || '%'"


def _fts_query(words: list[str]) -> str:
    # Each word becomes a quoted prefix term: quoting keeps FTS5 syntax in user text inert.
    return " ".join(f'"{w}"*' for w in words)


def _by_name_sqlite(rows: RowReader, words: list[str], limit: int) -> list[tuple[Any, ...]]:
    """The newest ``limit`` names matching every word prefix.

    Ranking by bm25 would score every match first ("su" alone matches a third of a million
    names); walking the FTS5 doclist backwards stops after ``limit`` rows. At a counter the
    person in front of the operator is most likely a recent registration.
    """
    return rows.all(
        _HIT_SQL + "WHERE a.rowid IN (SELECT rowid FROM applicant_fts WHERE applicant_fts "
        "MATCH :q ORDER BY rowid DESC LIMIT :n) ORDER BY a.rowid DESC",
        {"q": _fts_query(words), "n": limit},
    )


def _by_name_portable(rows: RowReader, words: list[str], limit: int) -> list[tuple[Any, ...]]:
    # name_key holds only letters, digits and spaces (see name_key), so no LIKE escaping needed.
    where = " AND ".join(
        f"(a.name_key LIKE :w{i} || '%' OR a.name_key LIKE '% ' || :w{i} || '%')"
        for i in range(len(words))
    )
    params: dict[str, Any] = {f"w{i}": word for i, word in enumerate(words)}
    return rows.all(_HIT_SQL + f"WHERE {where} ORDER BY a.name_key LIMIT :n", params | {"n": limit})


def _known_prefixes_sqlite(rows: RowReader, words: list[str]) -> list[str]:
    """Each typed word cut back to its longest start that some name still has.

    A typo is usually after the first letters: "nurhalisa" is cut to "nurhali", which still
    narrows a million names to a few hundred, where a fixed three-letter stem keeps 100,000.
    """
    prefixes = []
    probe = "SELECT 1 FROM applicant_fts WHERE applicant_fts MATCH :q LIMIT 1"

    def known(cut: int) -> bool:
        return bool(rows.all(probe, {"q": _fts_query([word[:cut]])}))

    for word in words:
        # Every start of a known start is known too, so the longest one is found by halving
        # (a dozen probes for a long word, where trying each length made the search quadratic).
        low, high = MIN_NAME_LETTERS - 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if known(middle):
                low = middle
            else:
                high = middle - 1
        if low >= MIN_NAME_LETTERS:
            prefixes.append(word[:low])
    return prefixes


def _similar_pg(rows: RowReader, words: list[str]) -> list[tuple[Any, str]]:
    """Names holding a word close to a typed word, by pg_trgm word similarity (GIN-indexed)."""
    # A lower bar than pg_trgm's default 0.6: the candidates are re-ranked below anyway.
    # (set_config(..., true) is SET LOCAL as a query: it lasts until this read's transaction ends.)
    rows.all("SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)", {})
    found: dict[Any, str] = {}
    for word in words:
        for key, candidate in rows.all(
            "SELECT id, name_key FROM applicant WHERE :w <% name_key "
            "ORDER BY word_similarity(:w, name_key) DESC, name_key LIMIT :n",
            {"w": word, "n": FUZZY_CANDIDATES},
        ):
            found.setdefault(key, candidate)
    return list(found.items())


def word_match_score(words: list[str], candidate_key: str) -> float:
    """Each typed word against its best-matching word of the name, averaged (0-100).

    Typing part of a name ("nurhalisa") must still find "Dewi Nurhaliza", which a whole-string
    comparison would rank low because of the words not typed.
    """
    names = candidate_key.split()
    if not names:
        return 0.0
    return sum(max(fuzz.ratio(w, n) for n in names) for w in words) / len(words)


def _fuzzy(rows: RowReader, words: list[str], limit: int, sqlite: bool) -> list[tuple[Any, ...]]:
    """Names close to the typed words, most similar first.

    Candidates are read as (key, name) pairs and only the best ``limit`` are read as hits:
    joining every candidate's latest plan would cost more than the whole search.
    """
    candidates: list[tuple[Any, str]]
    if sqlite:
        prefixes = _known_prefixes_sqlite(rows, words)
        candidates = (
            [
                (key, candidate)
                for key, candidate in rows.all(
                    "SELECT rowid, name_key FROM applicant WHERE rowid IN (SELECT rowid FROM "
                    "applicant_fts WHERE applicant_fts MATCH :q ORDER BY rowid DESC LIMIT :n)",
                    {"q": _fts_query(prefixes), "n": FUZZY_CANDIDATES},
                )
            ]
            if prefixes
            else []
        )
    else:
        candidates = _similar_pg(rows, words)
    scored = [(word_match_score(words, candidate), candidate, key) for key, candidate in candidates]
    best = sorted((s for s in scored if s[0] >= FUZZY_MIN_SCORE), key=lambda s: (-s[0], s[1]))
    keys = [key for _, _, key in best[:limit]]
    if not keys:
        return []
    column = "a.rowid" if sqlite else "a.id"
    marks = ", ".join(f":k{i}" for i in range(len(keys)))
    found = rows.all(
        f"SELECT {_HIT_COLUMNS}, {column} {_HIT_FROM} WHERE {column} IN ({marks})",
        {f"k{i}": key for i, key in enumerate(keys)},
    )
    by_key = {row[7]: row for row in found}
    return [by_key[key] for key in keys if key in by_key]


def _by_number(rows: RowReader, digits: str, limit: int, sqlite: bool) -> list[SearchHit]:
    exact = rows.all(_HIT_SQL + "WHERE a.nik = :nik", {"nik": digits})
    if exact or len(digits) >= 16:
        return [_hit(row, "nik") for row in exact]
    found = rows.all(
        _HIT_SQL + f"WHERE {_starts_with('a.nik', sqlite)} ORDER BY a.nik LIMIT :n",
        {"prefix": digits, "n": limit},
    )
    return [_hit(row, "nik") for row in found]


def _by_registration(rows: RowReader, raw: str, limit: int, sqlite: bool) -> list[SearchHit]:
    """Plans whose registration number starts with the text; the hit is that plan."""
    found = rows.all(
        f"SELECT {_HIT_COLUMNS} FROM application p JOIN applicant a ON a.id = p.applicant_id "
        f"WHERE {_starts_with('p.registration_number', sqlite)} "
        "ORDER BY p.registration_number LIMIT :n",
        {"prefix": raw.upper(), "n": limit},
    )
    return [_hit(row, "registration_number") for row in found]


def search_applicants(db: Database, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Results for the desk's search box, best first, at most ``limit``.

    Only the first ``MAX_QUERY_LENGTH`` characters and ``MAX_QUERY_WORDS`` words are read, so
    the time is bounded whatever is pasted into the box.
    """
    raw = query.strip()[:MAX_QUERY_LENGTH]
    if not raw or not is_text(raw):
        return []
    sqlite = db.is_sqlite
    with db.rows() as rows:
        compact = _NUMBER_SEPARATORS.sub("", raw)
        if compact.isdigit() and len(compact) >= 6:
            return _by_number(rows, compact, limit, sqlite)
        if _REGNO.match(raw):
            return _by_registration(rows, raw, limit, sqlite)
        if _PASSPORT.match(compact):
            found = rows.all(
                _HIT_SQL + "WHERE a.passport_number = :p LIMIT :n",
                {"p": compact.upper(), "n": limit},
            )
            if found:
                return [_hit(row, "passport") for row in found]
        words = name_key(raw).split()[:MAX_QUERY_WORDS]
        if sum(len(w) for w in words) < MIN_NAME_LETTERS:
            return []
        by_name = (
            _by_name_sqlite(rows, words, limit) if sqlite else _by_name_portable(rows, words, limit)
        )
        if by_name:
            return [_hit(row, "name") for row in by_name]
        return [_hit(row, "name_fuzzy") for row in _fuzzy(rows, words, limit, sqlite)]
