"""Evaluate a ruleset for one applicant's profile: the checklist items, findings and notices.

The engine knows how to test conditions and age windows; *which* documents, windows and
moratoria exist is entirely in the ruleset data.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from ltsa_desk.findings import Finding, Severity
from ltsa_desk.i18n import LANGS, Lang, t
from ltsa_desk.rules._dates import age_on
from ltsa_desk.rules.models import (
    DIMENSIONS,
    MARITAL_STATUSES,
    SEXES,
    AgeWindowRule,
    Applicability,
    Conditions,
    Document,
    MatchRule,
    MeasuredAt,
    Notice,
    Ruleset,
    Sex,
    Source,
)


class ProfileError(ValueError):
    """A profile value the ruleset does not know; callers validate input before evaluating."""

    def __init__(self, field_name: str, value: object, allowed: Iterable[str]) -> None:
        self.field = field_name
        self.value = value
        self.allowed = tuple(allowed)
        super().__init__(
            f"{field_name}: {value!r} is not valid; expected one of {', '.join(self.allowed)}"
        )

    def message(self, lang: Lang = "id") -> str:
        return t(
            "rules.profile_invalid",
            lang,
            field=self.field,
            value=self.value,
            allowed=", ".join(self.allowed),
        )


@dataclass(frozen=True, slots=True)
class Profile:
    """The facts that decide which documents apply; codes are checked against the ruleset.

    ``job`` is free text at the desk, so an unknown job simply matches no job-specific rule.
    """

    scheme: str
    destination: str
    sector: str
    marital_status: str
    programme: str | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    planned_departure: date | None = None
    job: str | None = None
    #: The date the file was registered or the permit applied for; today when not given.
    application_date: date | None = None

    def facts(self) -> dict[str, str | None]:
        """The values conditions test, keyed by condition dimension."""
        return {dimension: getattr(self, dimension) for dimension in DIMENSIONS}

    def as_dict(self) -> dict[str, Any]:
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in asdict(self).items()
        }


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source a basis cites, as shown under an item or listed at the end of a sheet."""

    key: str
    short: str
    title: str
    article: str | None
    url: str
    quality: str
    unconfirmed: bool

    @classmethod
    def of(cls, key: str, source: Source) -> SourceRef:
        return cls(
            key,
            source.short,
            source.title,
            source.article,
            source.url,
            source.quality,
            source.unconfirmed,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sources_of(ruleset: Ruleset, *bases: str | None) -> tuple[SourceRef, ...]:
    """The sources the given basis texts cite, each once, in order of first citation."""
    return _unique(
        SourceRef.of(key, source) for basis in bases for key, source in ruleset.cited_sources(basis)
    )


@dataclass(frozen=True, slots=True)
class RequiredItem:
    """One document the applicant must bring, with everything the printed checklist shows.

    ``basis`` is printable: the source tags are replaced by the names of the sources, which
    ``sources`` lists with their full titles and where to read them.
    """

    code: str
    title_id: str
    title_en: str
    basis: str
    desk: str
    desk_name_id: str
    desk_name_en: str
    desk_order: int
    order: int
    where_id: str
    where_en: str
    bring_id: str
    bring_en: str
    original_required: bool
    copy_accepted: bool
    kades_ack: bool
    materai: bool
    unconfirmed: bool
    note: str | None = None
    sources: tuple[SourceRef, ...] = ()

    def title(self, lang: Lang = "id") -> str:
        return self.title_en if lang == "en" else self.title_id

    def desk_name(self, lang: Lang = "id") -> str:
        return self.desk_name_en if lang == "en" else self.desk_name_id

    def where(self, lang: Lang = "id") -> str:
        return self.where_en if lang == "en" else self.where_id

    def bring(self, lang: Lang = "id") -> str:
        return self.bring_en if lang == "en" else self.bring_id

    def as_dict(self, lang: Lang = "id") -> dict[str, Any]:
        """JSON-ready form in one language, as printed by ``ltsa-desk requirements --json``."""
        return {
            "code": self.code,
            "title": self.title(lang),
            "basis": self.basis,
            "desk": self.desk,
            "desk_name": self.desk_name(lang),
            "original_required": self.original_required,
            "copy_accepted": self.copy_accepted,
            "kades_ack": self.kades_ack,
            "materai": self.materai,
            "where": self.where(lang),
            "bring": self.bring(lang),
            "unconfirmed": self.unconfirmed,
            "note": self.note,
            "sources": [source.as_dict() for source in self.sources],
        }


@dataclass(frozen=True, slots=True)
class NoticeEntryItem:
    """One line of a notice (e.g. one waived cost) with its printable basis."""

    text_id: str
    text_en: str
    basis: str

    def text(self, lang: Lang = "id") -> str:
        return self.text_en if lang == "en" else self.text_id


@dataclass(frozen=True, slots=True)
class NoticeItem:
    """Information for the applicant that is not a document (e.g. waived placement costs)."""

    code: str
    message_id: str
    message_en: str
    basis: str
    unconfirmed: bool
    note: str | None = None
    entries: tuple[NoticeEntryItem, ...] = ()
    sources: tuple[SourceRef, ...] = ()

    def message(self, lang: Lang = "id") -> str:
        return self.message_en if lang == "en" else self.message_id

    def as_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message(lang),
            "basis": self.basis,
            "entries": [{"text": entry.text(lang), "basis": entry.basis} for entry in self.entries],
            "unconfirmed": self.unconfirmed,
            "sources": [source.as_dict() for source in self.sources],
        }


@dataclass(frozen=True, slots=True)
class AgeCheck:
    """One age window that applied: the age on the date it is measured at, and the outcome.

    ``measured`` says which date that is and why (``departure``, ``departure_today``,
    ``application``, ``application_today``, ``fixed``), for the checklist to explain.
    """

    code: str
    age: int
    at_date: date
    measured: str
    passed: bool
    basis: str

    def explanation(self, lang: Lang = "id") -> str:
        return t(f"rules.measured.{self.measured}", lang)

    def as_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "code": self.code,
            "age": self.age,
            "at_date": self.at_date.isoformat(),
            "measured": self.measured,
            "explanation": self.explanation(lang),
            "passed": self.passed,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Evaluation:
    """The result of one evaluation; stored codes plus the ruleset ref allow a later diff."""

    ruleset_id: str
    ruleset_version: int | str
    profile: Profile
    age: int | None
    age_at: date
    items: list[RequiredItem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notices: list[NoticeItem] = field(default_factory=list)
    age_checks: list[AgeCheck] = field(default_factory=list)
    #: Every source the items, findings and notices cite, each once, in checklist order.
    sources: tuple[SourceRef, ...] = ()

    @property
    def ruleset_ref(self) -> str:
        return f"{self.ruleset_id}@{self.ruleset_version}"

    @property
    def blocking(self) -> list[Finding]:
        """Findings of severity ERROR: the placement cannot proceed while any applies."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def codes(self) -> list[str]:
        return [item.code for item in self.items]

    def by_desk(self) -> list[tuple[str, list[RequiredItem]]]:
        """Items grouped per desk, desks in visiting order (items are already sorted)."""
        groups: dict[str, list[RequiredItem]] = {}
        for item in self.items:
            groups.setdefault(item.desk, []).append(item)
        return list(groups.items())

    def next_desk(self, done: Collection[str] = ()) -> str | None:
        """The first desk, in visiting order, that still has an item not in ``done``."""
        return next((item.desk for item in self.items if item.code not in done), None)


def validate_profile(ruleset: Ruleset, profile: Profile) -> None:
    """Raise ``ProfileError`` for a value no rule could sensibly be tested against."""
    choices: tuple[tuple[str, object, Collection[str]], ...] = (
        ("scheme", profile.scheme, tuple(ruleset.schemes)),
        ("sector", profile.sector, tuple(ruleset.sectors)),
        ("marital_status", profile.marital_status, MARITAL_STATUSES),
    )
    for name, value, allowed in choices:
        if value not in allowed:
            raise ProfileError(name, value, allowed)
    if profile.sex is not None and profile.sex not in SEXES:
        raise ProfileError("sex", profile.sex, SEXES)
    if profile.programme is not None and profile.programme not in ruleset.programmes:
        raise ProfileError("programme", profile.programme, tuple(ruleset.programmes))
    destination = profile.destination
    if not (len(destination) == 2 and destination.isascii() and destination.isalpha()):
        raise ProfileError("destination", destination, ("ISO 3166-1 alpha-2, e.g. HK",))
    if not destination.isupper():
        raise ProfileError("destination", destination, ("upper case, e.g. HK",))


def matches(conditions: Conditions, facts: dict[str, str | None], age: int | None) -> bool:
    """True when every fact the conditions name holds for the profile."""
    for dimension in DIMENSIONS:
        value = facts[dimension]
        include: tuple[str, ...] = getattr(conditions, dimension)
        exclude: tuple[str, ...] = getattr(conditions, f"not_{dimension}")
        if include and value not in include:
            return False
        if exclude and value in exclude:
            return False
    if age is None:
        return True
    too_young = conditions.age_min is not None and age < conditions.age_min
    too_old = conditions.age_max is not None and age > conditions.age_max
    return not (too_young or too_old)


@dataclass(frozen=True, slots=True)
class _Context:
    ruleset: Ruleset
    profile: Profile
    facts: dict[str, str | None]
    age: int | None
    age_at: date
    today: date


def _applicable(
    alternatives: tuple[Applicability, ...], ctx: _Context
) -> list[Applicability] | None:
    """The alternatives that match, ``[]`` for an unconditional entry, ``None`` if none match."""
    if not alternatives:
        return []
    matched = [alt for alt in alternatives if matches(alt, ctx.facts, ctx.age)]
    return matched or None


def _assumption(
    own_unconfirmed: bool, own_note: str | None, matched: list[Applicability]
) -> tuple[bool, str | None]:
    """Unconfirmed if the entry is, or if every alternative that made it apply is."""
    unconfirmed = own_unconfirmed or bool(matched and all(alt.unconfirmed for alt in matched))
    explaining = [alt for alt in matched if alt.unconfirmed == unconfirmed] or matched
    notes = [alt.note for alt in explaining if alt.note]
    return unconfirmed, own_note or (notes[0] if notes else None)


def _required_item(document: Document, ctx: _Context) -> RequiredItem | None:
    if not document.in_force(ctx.today):
        return None
    matched = _applicable(document.conditions, ctx)
    if matched is None:
        return None
    desk = ctx.ruleset.desk(document.desk)
    assert desk is not None  # the ruleset validator checks every desk reference
    unconfirmed, note = _assumption(document.unconfirmed, document.note, matched)
    where_id, where_en = document.where_id, document.where_en
    bring_id, bring_en = document.bring_id, document.bring_en
    wordings = [w for w in document.wordings if matches(w, ctx.facts, ctx.age)]
    if where := next((w for w in wordings if w.where_id and w.where_en), None):
        where_id, where_en = where.where_id or where_id, where.where_en or where_en
    if bring := next((w for w in wordings if w.bring_id and w.bring_en), None):
        bring_id, bring_en = bring.bring_id or bring_id, bring.bring_en or bring_en
    return RequiredItem(
        code=document.code,
        title_id=document.title_id,
        title_en=document.title_en,
        basis=ctx.ruleset.cite(document.basis),
        desk=desk.code,
        desk_name_id=desk.name_id,
        desk_name_en=desk.name_en,
        desk_order=desk.order,
        order=document.order,
        where_id=where_id,
        where_en=where_en,
        bring_id=bring_id,
        bring_en=bring_en,
        original_required=document.original_required,
        copy_accepted=document.copy_accepted,
        kades_ack=document.kades_ack,
        materai=document.materai,
        unconfirmed=unconfirmed,
        note=note,
        sources=sources_of(ctx.ruleset, document.basis),
    )


def _notice_item(notice: Notice, ctx: _Context) -> NoticeItem | None:
    if not notice.in_force(ctx.today):
        return None
    matched = _applicable(notice.conditions, ctx)
    if matched is None:
        return None
    unconfirmed, note = _assumption(notice.unconfirmed, notice.note, matched)
    cite = ctx.ruleset.cite
    return NoticeItem(
        notice.code,
        notice.message_id,
        notice.message_en,
        cite(notice.basis),
        unconfirmed,
        note,
        entries=tuple(
            NoticeEntryItem(entry.text_id, entry.text_en, cite(entry.basis))
            for entry in notice.entries
        ),
        sources=sources_of(ctx.ruleset, notice.basis, *(entry.basis for entry in notice.entries)),
    )


def _rule_applies(rule: AgeWindowRule | MatchRule, ctx: _Context) -> bool:
    if not rule.in_force(ctx.today):
        return False
    return not rule.conditions or any(matches(c, ctx.facts, ctx.age) for c in rule.conditions)


def _rule_finding(
    ruleset: Ruleset,
    rule: AgeWindowRule | MatchRule,
    params: dict[str, Any],
    by_lang: dict[Lang, dict[str, Any]] | None = None,
) -> Finding:
    own = by_lang or {}
    return Finding(
        code=rule.code,
        severity=rule.severity,
        field=rule.field,
        message_id=rule.message_id.format(**params, **own.get("id", {})),
        message_en=rule.message_en.format(**params, **own.get("en", {})),
        basis=ruleset.cite(rule.basis),
        params=params,
    )


def measuring_date(
    measured_at: MeasuredAt, profile: Profile, today: date, fixed: date | None = None
) -> tuple[date, str]:
    """The date an age window is measured at, and the key of the sentence that explains it."""
    if measured_at == "fixed":
        assert fixed is not None  # the model requires measured_on for "fixed"
        return fixed, "fixed"
    chosen = profile.planned_departure if measured_at == "departure" else profile.application_date
    return (chosen, measured_at) if chosen else (today, f"{measured_at}_today")


def _age_check(rule: AgeWindowRule, ctx: _Context) -> tuple[AgeCheck, Finding | None]:
    birth = ctx.profile.birth_date
    assert birth is not None
    at_date, measured = measuring_date(rule.measured_at, ctx.profile, ctx.today, rule.measured_on)
    age = age_on(birth, at_date)
    outside = (
        (rule.min_age is not None and age < rule.min_age)
        or (rule.max_age is not None and age > rule.max_age)
        or (rule.born_from is not None and birth < rule.born_from)
        or (rule.born_until is not None and birth > rule.born_until)
    )
    check = AgeCheck(rule.code, age, at_date, measured, not outside, ctx.ruleset.cite(rule.basis))
    if not outside:
        return check, None
    params = {
        "age": age,
        "min_age": rule.min_age,
        "max_age": rule.max_age,
        "at_date": at_date.isoformat(),
        "born_from": rule.born_from.isoformat() if rule.born_from else None,
        "born_until": rule.born_until.isoformat() if rule.born_until else None,
        "measured_at": measured,
    }
    by_lang: dict[Lang, dict[str, Any]] = {
        lang: {"measured": check.explanation(lang)} for lang in LANGS
    }
    return check, _rule_finding(ctx.ruleset, rule, params, by_lang)


def _eligibility(ctx: _Context) -> tuple[list[Finding], list[AgeCheck]]:
    findings: list[Finding] = []
    checks: list[AgeCheck] = []
    age_rules_skipped = False
    for rule in ctx.ruleset.eligibility:
        if not _rule_applies(rule, ctx):
            continue
        if isinstance(rule, MatchRule):
            facts = {dim: ctx.facts[dim] or "-" for dim in DIMENSIONS}
            findings.append(_rule_finding(ctx.ruleset, rule, facts))
        elif ctx.profile.birth_date is None:
            age_rules_skipped = True
        else:
            check, finding = _age_check(rule, ctx)
            checks.append(check)
            if finding is not None:
                findings.append(finding)
    if age_rules_skipped:
        findings.append(
            Finding.from_catalog("age_unknown", Severity.WARNING, "birth_date", "rules.age_unknown")
        )
    return findings, checks


def _programme_findings(ctx: _Context) -> Iterator[Finding]:
    """A programme belongs to given schemes, destinations and sectors; flag a profile outside."""
    code = ctx.profile.programme
    if code is None:
        return
    programme = ctx.ruleset.programmes[code]
    scopes = (
        ("scheme", programme.schemes),
        ("destination", programme.destinations),
        ("sector", programme.sectors),
    )
    for fact, allowed in scopes:
        actual = ctx.facts[fact]
        if not allowed or actual in allowed:
            continue
        messages = {
            lang: t(
                "rules.programme_mismatch",
                lang,
                programme=programme.name_en if lang == "en" else programme.name_id,
                fact=t(f"rules.fact.{fact}", lang),
                expected=", ".join(allowed),
                actual=actual,
            )
            for lang in LANGS
        }
        yield Finding(
            code="programme_mismatch",
            severity=Severity.ERROR,
            field=fact,
            message_id=messages["id"],
            message_en=messages["en"],
            basis=ctx.ruleset.cite(programme.basis),
            params={"programme": code, "expected": list(allowed), "actual": actual},
        )


def evaluate(ruleset: Ruleset, profile: Profile, *, today: date) -> Evaluation:
    """The checklist and findings for ``profile``.

    ``age`` (used by conditions) is taken at departure, else ``today``; each age window is
    measured at its own date (departure, application or a fixed date) and reported in
    ``age_checks`` with the date it used.

    Raises ``ProfileError`` for a scheme, sector, marital status, sex, programme or destination
    the ruleset does not know.
    """
    validate_profile(ruleset, profile)
    age_at = profile.planned_departure or today
    age = age_on(profile.birth_date, age_at) if profile.birth_date else None
    facts = profile.facts()
    facts["job"] = ruleset.job_code(profile.job) or profile.job  # typed at the desk as text
    ctx = _Context(ruleset, profile, facts, age, age_at, today)
    items = [item for doc in ruleset.documents if (item := _required_item(doc, ctx))]
    items.sort(key=lambda item: (item.desk_order, item.order, item.code))
    ordered_notices = sorted(ruleset.notices, key=lambda notice: (notice.order, notice.code))
    findings, age_checks = _eligibility(ctx)
    findings = [*_programme_findings(ctx), *findings]
    notices = [n for notice in ordered_notices if (n := _notice_item(notice, ctx))]
    by_code = {rule.code: rule.basis for rule in ruleset.eligibility}
    if profile.programme is not None:
        by_code["programme_mismatch"] = ruleset.programmes[profile.programme].basis
    cited = sources_of(ruleset, *(by_code.get(f.code) for f in findings))
    return Evaluation(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        profile=profile,
        age=age,
        age_at=age_at,
        items=items,
        findings=findings,
        notices=notices,
        age_checks=age_checks,
        sources=_unique(
            (
                *(s for i in items for s in i.sources),
                *cited,
                *(s for n in notices for s in n.sources),
            )
        ),
    )


def _unique(sources: Iterable[SourceRef]) -> tuple[SourceRef, ...]:
    """Each source once, where it is first cited."""
    seen: dict[str, SourceRef] = {}
    for source in sources:
        seen.setdefault(source.key, source)
    return tuple(seen.values())
