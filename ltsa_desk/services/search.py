"""Finding an applicant from whatever the operator types: registration number, NIK, passport
or (part of) a name.

Names use the SQLite FTS5 index (prefix queries, diacritics folded), newest registration first,
and fall back to a fuzzy re-ranking of candidates sharing each word's longest known prefix, so
that "Nurhalisa" still finds "Nurhaliza". PostgreSQL gives the same answers in the same order
from a GIN index of the names' words and an index of the names newest first (revision 0006).
Every query is bounded in SQL: the desk never loads an unbounded result set.

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

_NUMBER_SEPARATORS = re.compile(r"[\s.\-]")
_REGNO = re.compile(r"^[A-Za-z0-9]{2,12}-\d{4}(-\d{0,6})?$")
_PASSPORT = re.compile(r"^[A-Za-z]{1,2}\d{6,8}$")
_WORD = re.compile(r"\w+", re.UNICODE)

#: Letters a name query needs before it is searched: one letter matches half the country.
MIN_NAME_LETTERS = 2
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


#: Newest names PostgreSQL examines (from ``ix_applicant_newest``, index only) before it asks
#: the word index: a common prefix ("su", "siti") has its newest matches among them, and a
#: prefix with fewer has few enough matches in all to read and sort.
PG_WALK = 20_000
#: Results that many entries are walked for: a page of hits, not the typo fallback's
#: candidates (it cuts the words to prefixes that are rare, and would rarely find 500).
PG_WALK_LIMIT = 50
#: The words index of revision 0006, as FTS5's on SQLite: each word of the name a lexeme.
_PG_WORDS = "to_tsvector('simple', name_key)"


def _words_like(words: list[str]) -> tuple[str, dict[str, Any]]:
    """Every typed word starts a word of the name, as an FTS5 prefix query does."""
    # name_key holds only letters, digits and spaces (see name_key), so no LIKE escaping needed.
    where = " AND ".join(f"(' ' || name_key) LIKE '% ' || :w{i} || '%'" for i in range(len(words)))
    return where, {f"w{i}": word for i, word in enumerate(words)}


#: Prefixes this short ("nur", "sr") start tens of lexemes and a tenth of all names: reading
#: them from the words index costs more than filtering the other words' matches by them.
PG_SHORT_PREFIX = 3


def _pg_prefix_query(words: list[str]) -> str:
    """The words index's query: each word a quoted prefix lexeme (name_key words are letters
    and digits only), the short ones left to the ``LIKE`` filter when a longer one is typed."""
    longer = [w for w in words if len(w) > PG_SHORT_PREFIX]
    return " & ".join(f"'{w}':*" for w in longer or words)


def _pg_plans(rows: RowReader, *, walk: bool) -> None:
    """The plans of the statements that follow, for this search's transaction.

    No parallel workers (they cost more to start than each read), never the whole table, and
    unless the newest names are walked, the words index only: the planner guesses 2 % of the
    rows for any word prefix, so for ``LIMIT 1`` it would walk a whole index to prove that
    "nurhalis" is nobody's name.
    """
    on = "on" if walk else "off"
    rows.all(
        "SELECT set_config('enable_seqscan', 'off', true), "
        "set_config('max_parallel_workers_per_gather', '0', true), "
        "set_config('enable_indexscan', :on, true), "
        "set_config('enable_indexonlyscan', :on, true)",
        {"on": on},
    )


def _newest_pg(rows: RowReader, words: list[str], limit: int) -> list[Any]:
    """The ids of the newest ``limit`` names matching every word prefix, newest first.

    First the newest ``PG_WALK`` names are read from ``ix_applicant_newest`` (the names are in
    the index) until ``limit`` match; when fewer do, every match comes from the words index
    and the newest are kept. Left to itself the planner picks one plan for both and loses
    seconds on one of them (bench/analysis.md §8).
    """
    like, params = _words_like(words)
    if limit <= PG_WALK_LIMIT:
        _pg_plans(rows, walk=True)
        walked = rows.all(
            "SELECT id FROM (SELECT id, name_key FROM applicant "
            f"ORDER BY created_at DESC, id DESC LIMIT :walk) newest WHERE {like} LIMIT :n",
            params | {"walk": PG_WALK, "n": limit},
        )
        if len(walked) == limit:
            return [row[0] for row in walked]
    _pg_plans(rows, walk=False)
    found = rows.all(
        f"WITH m AS MATERIALIZED (SELECT id, created_at FROM applicant WHERE {_PG_WORDS} "
        f"@@ to_tsquery('simple', :q) AND {like}) "
        "SELECT id FROM m ORDER BY created_at DESC, id DESC LIMIT :n",
        params | {"q": _pg_prefix_query(words), "n": limit},
    )
    return [row[0] for row in found]


def _hits_in_order(rows: RowReader, keys: list[Any], sqlite: bool) -> list[tuple[Any, ...]]:
    """The hits of ``keys`` (rowids on SQLite, ids elsewhere), in the order given."""
    if not keys:
        return []
    column = "a.rowid" if sqlite else "a.id"
    marks = ", ".join(f":k{i}" for i in range(len(keys)))
    found = rows.all(
        f"SELECT {_HIT_COLUMNS}, {column} {_HIT_FROM} WHERE {column} IN ({marks})",
        {f"k{i}": key for i, key in enumerate(keys)},
    )
    by_key = {row[7]: row for row in found}
    return [by_key[key][:7] for key in keys if key in by_key]


def _by_name_pg(rows: RowReader, words: list[str], limit: int) -> list[tuple[Any, ...]]:
    return _hits_in_order(rows, _newest_pg(rows, words, limit), sqlite=False)


def _known_prefixes_sqlite(rows: RowReader, words: list[str]) -> list[str]:
    """Each typed word cut back to its longest start that some name still has.

    A typo is usually after the first letters: "nurhalisa" is cut to "nurhali", which still
    narrows a million names to a few hundred, where a fixed three-letter stem keeps 100,000.
    """
    prefixes = []
    probe = "SELECT 1 FROM applicant_fts WHERE applicant_fts MATCH :q LIMIT 1"
    for word in words:
        for cut in range(len(word), MIN_NAME_LETTERS - 1, -1):
            if rows.all(probe, {"q": _fts_query([word[:cut]])}):
                prefixes.append(word[:cut])
                break
    return prefixes


def _known_prefixes_pg(rows: RowReader, words: list[str]) -> list[str]:
    """The same cut as on SQLite, each probe one lookup in the words index."""
    _pg_plans(rows, walk=False)
    prefixes = []
    probe = f"SELECT 1 FROM applicant WHERE {_PG_WORDS} @@ to_tsquery('simple', :q) LIMIT 1"
    for word in words:
        for cut in range(len(word), MIN_NAME_LETTERS - 1, -1):
            if rows.all(probe, {"q": _pg_prefix_query([word[:cut]])}):
                prefixes.append(word[:cut])
                break
    return prefixes


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
    candidates: list[tuple[Any, str]] = []
    if sqlite:
        prefixes = _known_prefixes_sqlite(rows, words)
        if prefixes:
            candidates = [
                (key, candidate)
                for key, candidate in rows.all(
                    "SELECT rowid, name_key FROM applicant WHERE rowid IN (SELECT rowid FROM "
                    "applicant_fts WHERE applicant_fts MATCH :q ORDER BY rowid DESC LIMIT :n)",
                    {"q": _fts_query(prefixes), "n": FUZZY_CANDIDATES},
                )
            ]
    else:
        prefixes = _known_prefixes_pg(rows, words)
        ids = _newest_pg(rows, prefixes, FUZZY_CANDIDATES) if prefixes else []
        if ids:
            candidates = [
                (key, candidate)
                for key, candidate in rows.all(
                    "SELECT id, name_key FROM applicant WHERE id = ANY(:ids)", {"ids": ids}
                )
            ]
    scored = [(word_match_score(words, candidate), candidate, key) for key, candidate in candidates]
    best = sorted((s for s in scored if s[0] >= FUZZY_MIN_SCORE), key=lambda s: (-s[0], s[1]))
    return _hits_in_order(rows, [key for _, _, key in best[:limit]], sqlite)


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
    """Results for the desk's search box, best first, at most ``limit``."""
    raw = query.strip()
    if not raw:
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
        words = name_key(raw).split()
        if sum(len(w) for w in words) < MIN_NAME_LETTERS:
            return []
        by_name = _by_name_sqlite(rows, words, limit) if sqlite else _by_name_pg(rows, words, limit)
        if by_name:
            return [_hit(row, "name") for row in by_name]
        return [_hit(row, "name_fuzzy") for row in _fuzzy(rows, words, limit, sqlite)]
