"""Finding an applicant from whatever the operator types: registration number, NIK, passport
or (part of) a name.

Names use the SQLite FTS5 index (prefix queries, diacritics folded) and fall back to a fuzzy
re-ranking of candidates sharing a word prefix, so that "Nurhalisa" still finds "Nurhaliza".
On PostgreSQL the word-prefix query and the fuzzy candidates use a pg_trgm GIN index instead.
Every query is bounded by ``limit`` in SQL: the desk never loads an unbounded result set.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from sqlalchemy import text
from sqlmodel import Session, col, select

from ltsa_desk.db.engine import Database
from ltsa_desk.db.models import Applicant, Application

_NUMBER_SEPARATORS = re.compile(r"[\s.\-]")
_REGNO = re.compile(r"^[A-Za-z0-9]{2,12}-\d{4}(-\d{0,6})?$")
_PASSPORT = re.compile(r"^[A-Za-z]{1,2}\d{6,8}$")
_WORD = re.compile(r"\w+", re.UNICODE)

FUZZY_CANDIDATES = 400
FUZZY_MIN_SCORE = 75.0


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


def _latest_applications(
    session: Session, applicant_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Application]:
    if not applicant_ids:
        return {}
    rows = session.exec(
        select(Application)
        .where(col(Application.applicant_id).in_(applicant_ids))
        .order_by(col(Application.created_at))
    ).all()
    return {row.applicant_id: row for row in rows}


def _hits(session: Session, applicants: list[Applicant], matched_on: str) -> list[SearchHit]:
    latest = _latest_applications(session, [a.id for a in applicants])
    hits = []
    for applicant in applicants:
        application = latest.get(applicant.id)
        hits.append(
            SearchHit(
                applicant_id=applicant.id,
                full_name=applicant.full_name,
                nik=applicant.nik,
                birth_date=applicant.birth_date,
                sex=applicant.sex,
                registration_number=application.registration_number if application else None,
                application_id=application.id if application else None,
                matched_on=matched_on,
            )
        )
    return hits


def _fts_query(words: list[str]) -> str:
    # Each word becomes a quoted prefix term: quoting keeps FTS5 syntax in user text inert.
    return " ".join(f'"{w}"*' for w in words)


def _by_name_sqlite(session: Session, words: list[str], limit: int) -> list[Applicant]:
    rows = session.execute(
        text(
            "SELECT a.id FROM applicant_fts f JOIN applicant a ON a.rowid = f.rowid "
            "WHERE applicant_fts MATCH :q ORDER BY bm25(applicant_fts) LIMIT :n"
        ),
        {"q": _fts_query(words), "n": limit},
    ).all()
    return _load_in_order(
        session, [uuid.UUID(str(r[0])) if not isinstance(r[0], uuid.UUID) else r[0] for r in rows]
    )


def _load_in_order(session: Session, ids: list[uuid.UUID]) -> list[Applicant]:
    if not ids:
        return []
    found = {a.id: a for a in session.exec(select(Applicant).where(col(Applicant.id).in_(ids)))}
    return [found[i] for i in ids if i in found]


def _by_name_portable(session: Session, words: list[str], limit: int) -> list[Applicant]:
    query = select(Applicant)
    for word in words:
        query = query.where(
            (col(Applicant.name_key).startswith(word))
            | (col(Applicant.name_key).contains(f" {word}"))
        )
    return list(session.exec(query.order_by(col(Applicant.name_key)).limit(limit)))


def _similar_pg(session: Session, words: list[str]) -> list[Applicant]:
    """Names holding a word close to a typed word, by pg_trgm word similarity (GIN-indexed)."""
    # A lower bar than pg_trgm's default 0.6: the candidates are re-ranked below anyway.
    session.execute(text("SET LOCAL pg_trgm.word_similarity_threshold = 0.4"))
    ids: list[uuid.UUID] = []
    for word in words:
        rows = session.execute(
            text(
                "SELECT id FROM applicant WHERE :w <% name_key "
                "ORDER BY word_similarity(:w, name_key) DESC, name_key LIMIT :n"
            ),
            {"w": word, "n": FUZZY_CANDIDATES},
        ).all()
        ids.extend(r[0] for r in rows)
    return _load_in_order(session, list(dict.fromkeys(ids)))


def word_match_score(words: list[str], candidate_key: str) -> float:
    """Each typed word against its best-matching word of the name, averaged (0-100).

    Typing part of a name ("nurhalisa") must still find "Dewi Nurhaliza", which a whole-string
    comparison would rank low because of the words not typed.
    """
    names = candidate_key.split()
    if not names:
        return 0.0
    return sum(max(fuzz.ratio(w, n) for n in names) for w in words) / len(words)


def _fuzzy(
    session: Session, key: str, words: list[str], limit: int, sqlite: bool
) -> list[Applicant]:
    """Candidates sharing a three-letter prefix of any word (on PostgreSQL: a trigram-similar
    word), re-ranked by similarity."""
    stems = sorted({w[:3] for w in words if len(w) >= 3})
    if not stems:
        return []
    candidates: dict[uuid.UUID, Applicant] = {}
    if session.get_bind().dialect.name == "postgresql":
        candidates.update((a.id, a) for a in _similar_pg(session, words))
    else:
        for stem in stems:
            found = (
                _by_name_sqlite(session, [stem], FUZZY_CANDIDATES)
                if sqlite
                else _by_name_portable(session, [stem], FUZZY_CANDIDATES)
            )
            candidates.update((a.id, a) for a in found)
    scored = [(word_match_score(words, a.name_key), a) for a in candidates.values()]
    scored = [s for s in scored if s[0] >= FUZZY_MIN_SCORE]
    scored.sort(key=lambda s: (-s[0], s[1].name_key))
    return [a for _, a in scored[:limit]]


def search_applicants(db: Database, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Results for the desk's search box, best first, at most ``limit``."""
    raw = query.strip()
    if not raw:
        return []
    with db.read() as session:
        compact = _NUMBER_SEPARATORS.sub("", raw)
        if compact.isdigit() and len(compact) >= 6:
            exact = session.exec(select(Applicant).where(col(Applicant.nik) == compact)).first()
            if exact:
                return _hits(session, [exact], "nik")
            if len(compact) < 16:
                prefix = list(
                    session.exec(
                        select(Applicant)
                        .where(col(Applicant.nik).startswith(compact))
                        .order_by(col(Applicant.nik))
                        .limit(limit)
                    )
                )
                return _hits(session, prefix, "nik")
            return []
        if _REGNO.match(raw):
            apps = list(
                session.exec(
                    select(Application)
                    .where(col(Application.registration_number).startswith(raw.upper()))
                    .order_by(col(Application.registration_number))
                    .limit(limit)
                )
            )
            applicants = _load_in_order(session, [a.applicant_id for a in apps])
            by_id = {a.id: a for a in applicants}
            return [
                SearchHit(
                    applicant_id=app.applicant_id,
                    full_name=by_id[app.applicant_id].full_name,
                    nik=by_id[app.applicant_id].nik,
                    birth_date=by_id[app.applicant_id].birth_date,
                    sex=by_id[app.applicant_id].sex,
                    registration_number=app.registration_number,
                    application_id=app.id,
                    matched_on="registration_number",
                )
                for app in apps
                if app.applicant_id in by_id
            ]
        if _PASSPORT.match(compact):
            found = list(
                session.exec(
                    select(Applicant)
                    .where(col(Applicant.passport_number) == compact.upper())
                    .limit(limit)
                )
            )
            if found:
                return _hits(session, found, "passport")
        key = name_key(raw)
        words = key.split()
        if not words:
            return []
        sqlite = db.is_sqlite
        found = (
            _by_name_sqlite(session, words, limit)
            if sqlite
            else _by_name_portable(session, words, limit)
        )
        if found:
            return _hits(session, found, "name")
        return _hits(session, _fuzzy(session, key, words, limit, sqlite), "name_fuzzy")
