"""The shape of a ruleset file, checked by pydantic so that a typo fails at load, not at the desk.

Regulations change by decree and by batch announcement, so every requirement, threshold and
eligibility window lives in TOML data validated by these models; the engine only evaluates them.
Every model forbids unknown keys: a misspelt key in an office overlay must not be ignored.
"""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Annotated, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from ltsa_desk.findings import Severity

Scheme = Literal["p2p", "g2g", "g2p", "perseorangan", "ukps"]
Sector = Literal["formal", "domestic", "ship-crew", "fishing-crew"]
MaritalStatus = Literal["single", "married", "divorced", "widowed"]
Sex = Literal["L", "P"]

SCHEMES: tuple[str, ...] = get_args(Scheme)
SECTORS: tuple[str, ...] = get_args(Sector)
MARITAL_STATUSES: tuple[str, ...] = get_args(MaritalStatus)
SEXES: tuple[str, ...] = get_args(Sex)

#: The profile facts a condition can test, in the order they are checked.
DIMENSIONS: tuple[str, ...] = (
    "scheme",
    "destination",
    "programme",
    "sector",
    "marital_status",
    "sex",
    "job",
)


def _country(value: str) -> str:
    if len(value) != 2 or not value.isascii() or not value.isalpha() or not value.isupper():
        raise ValueError(
            "expected an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. HK)"
        )
    return value


CountryCode = Annotated[str, AfterValidator(_country)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
SemVer = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")]


def placeholders(template: str) -> set[str]:
    """Names used as ``{name}`` in a message template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: A citation inside a ``basis`` text: ``[S12]`` or ``[PERBAN-BP2MI-9-2020]``, a key of ``sources``.
SOURCE_TAG = re.compile(r"\[([A-Z][A-Za-z0-9-]*)\]")
_TAG_RUN = re.compile(r"\s*(?:\[[A-Z][A-Za-z0-9-]*\])+")
SourceKey = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9-]*$", max_length=40)]


class Source(Model):
    """One regulation or publication a rule rests on, kept with the rules so nobody needs a
    reference outside the desk to know what a rule cites and where to read it.

    ``short`` is what a basis shows in place of the tag ("Permenaker 4/2023"); ``title`` is the
    full name; ``article`` the articles the rules use; ``url`` where to read the text.
    ``quality`` says how far to trust the host: ``regulation`` (the text of the rule itself or
    an official copy), ``official`` (a ministry or district page), ``press`` or ``weak``.
    """

    short: Text
    title: Text
    number: str | None = None
    year: int | None = Field(default=None, ge=1945, le=2100)
    article: str | None = None
    url: Text
    quality: Literal["regulation", "official", "press", "weak"]
    unconfirmed: bool = False
    note: str | None = None


def _normal(text: str) -> str:
    """Lower case, words only: "Penata Laksana Rumah-Tangga" == "penata laksana rumah tangga"."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def source_keys(text: str | None) -> list[str]:
    """The source keys a basis text cites, in order of appearance."""
    return SOURCE_TAG.findall(text or "")


def cite(text: str, sources: dict[str, Source]) -> str:
    """A basis as the desk prints it: each run of tags becomes the short names it stands for.

    A short name the text already spells out is not repeated ("UU 18/2017 Pasal 5 [S2]" reads
    "UU 18/2017 Pasal 5"); a basis made of tags alone reads as the names. Unknown keys stay as
    typed; the ruleset validator rejects them.
    """

    def replace(match: re.Match[str]) -> str:
        before = text[: match.start()]
        names: list[str] = []
        for key in SOURCE_TAG.findall(match.group(0)):
            source = sources.get(key)
            name = source.short if source else f"[{key}]"
            if name not in before and name not in names:
                names.append(name)
        if not names:
            return ""
        joined = "; ".join(names)
        return f" ({joined})" if before.strip() else joined

    return _TAG_RUN.sub(replace, text).strip()


class Label(Model):
    """A display name in both UI languages; ``aliases`` are other names typed at the desk."""

    name_id: Text
    name_en: Text
    aliases: tuple[Text, ...] = ()


class Desk(Model):
    """One LTSA counter; ``order`` is the order of visits used for "next desk"."""

    code: Code
    name_id: Text
    name_en: Text
    order: int
    basis: Text


class Programme(Model):
    """A named placement programme; empty lists mean "any" for that fact."""

    name_id: Text
    name_en: Text
    basis: Text
    schemes: tuple[Scheme, ...] = ()
    destinations: tuple[CountryCode, ...] = ()
    sectors: tuple[Sector, ...] = ()

    def admits(self, *, scheme: str = "", destination: str = "", sector: str = "") -> bool:
        """Whether a plan with these facts may follow the programme; a fact not chosen yet
        (empty) excludes nothing, so that the list narrows as the plan is filled in."""
        return all(
            not value or not allowed or value in allowed
            for value, allowed in (
                (scheme, self.schemes),
                (destination.upper(), self.destinations),
                (sector, self.sectors),
            )
        )


class Conditions(Model):
    """All given facts must hold; an empty include list means any value, ``None`` included.

    ``not_*`` lists exclude values; an unknown (``None``) value never matches an exclusion.
    Age bounds are skipped while the age is unknown, so that a missing birth date lists an item
    rather than hiding it.
    """

    scheme: tuple[Scheme, ...] = ()
    not_scheme: tuple[Scheme, ...] = ()
    destination: tuple[CountryCode, ...] = ()
    not_destination: tuple[CountryCode, ...] = ()
    programme: tuple[Code, ...] = ()
    not_programme: tuple[Code, ...] = ()
    sector: tuple[Sector, ...] = ()
    not_sector: tuple[Sector, ...] = ()
    marital_status: tuple[MaritalStatus, ...] = ()
    not_marital_status: tuple[MaritalStatus, ...] = ()
    sex: tuple[Sex, ...] = ()
    not_sex: tuple[Sex, ...] = ()
    job: tuple[Code, ...] = ()
    not_job: tuple[Code, ...] = ()
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)

    @model_validator(mode="after")
    def _age_bounds(self) -> Conditions:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(f"age_min {self.age_min} is above age_max {self.age_max}")
        return self


class Applicability(Conditions):
    """One alternative under which an item applies, possibly only as an unconfirmed assumption."""

    unconfirmed: bool = False
    note: str | None = None


class Dated(Model):
    """Rules change per batch or decree: an entry is in force from/until the given dates."""

    effective_from: date | None = None
    effective_until: date | None = None

    def in_force(self, day: date) -> bool:
        starts = self.effective_from is None or self.effective_from <= day
        return starts and (self.effective_until is None or day <= self.effective_until)


class CheckRule(Model):
    """A date sanity check needing no threshold (expired, issued in the future, ...)."""

    kind: Literal["not_expired", "issue_not_in_future", "expiry_after_issue"]
    code: Code
    severity: Severity = Severity.WARNING
    basis: str | None = None
    unconfirmed: bool = False
    note: str | None = None


class ThresholdRule(Model):
    """A validity window in months or days, optionally different per destination.

    ``expires_after_departure``: the document must still be valid that long after departure.
    ``issued_within``: the document may be at most that old at departure (today if unknown).
    """

    kind: Literal["expires_after_departure", "issued_within"]
    code: Code
    months: int | None = Field(default=None, ge=0, le=240)
    days: int | None = Field(default=None, ge=0, le=3650)
    by_destination: dict[CountryCode, int] = Field(default_factory=dict)
    severity: Severity = Severity.WARNING
    basis: str | None = None
    unconfirmed: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> ThresholdRule:
        if (self.months is None) == (self.days is None):
            raise ValueError("give exactly one of months or days")
        if any(value < 0 for value in self.by_destination.values()):
            raise ValueError("by_destination thresholds must not be negative")
        return self

    @property
    def unit(self) -> Literal["months", "days"]:
        return "months" if self.months is not None else "days"

    def threshold(self, destination: str | None) -> int:
        default = self.months if self.months is not None else self.days
        assert default is not None  # guaranteed by _one_unit
        return self.by_destination.get(destination or "", default)


ValidityRule = Annotated[CheckRule | ThresholdRule, Field(discriminator="kind")]


class ValiditySettings(Model):
    """Checks applied to every document unless the document has its own rule of the same kind."""

    defaults: tuple[ValidityRule, ...] = ()


class Wording(Conditions):
    """Where-to-get and what-to-bring texts for the profiles these conditions match.

    The first matching wording that gives a where text replaces the document's, and likewise
    for the bring text, so one item can tell a self-placed worker (no P3MI) something different
    from a P to P worker.
    """

    where_id: Text | None = None
    where_en: Text | None = None
    bring_id: Text | None = None
    bring_en: Text | None = None

    @model_validator(mode="after")
    def _pairs(self) -> Wording:
        for name in ("where", "bring"):
            if (getattr(self, f"{name}_id") is None) != (getattr(self, f"{name}_en") is None):
                raise ValueError(f"give {name}_id and {name}_en together")
        if self.where_id is None and self.bring_id is None:
            raise ValueError("a wording needs where_id/where_en, bring_id/bring_en or both")
        return self


class Document(Dated):
    """One checklist item: what it is, why (basis), where to get it and what to bring."""

    code: Code
    order: int
    desk: Code
    title_id: Text
    title_en: Text
    basis: Text
    where_id: Text
    where_en: Text
    bring_id: Text
    bring_en: Text
    original_required: bool = False
    copy_accepted: bool = False
    kades_ack: bool = False
    materai: bool = False
    conditions: tuple[Applicability, ...] = ()
    wordings: tuple[Wording, ...] = ()
    validity: tuple[ValidityRule, ...] = ()
    unconfirmed: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _one_rule_per_kind(self) -> Document:
        kinds = [rule.kind for rule in self.validity]
        repeated = sorted({kind for kind in kinds if kinds.count(kind) > 1})
        if repeated:
            raise ValueError(f"more than one validity rule of kind {', '.join(repeated)}")
        return self


class _EligibilityBase(Dated):
    code: Code
    conditions: tuple[Conditions, ...] = ()
    severity: Severity = Severity.ERROR
    basis: Text
    message_id: Text
    message_en: Text
    unconfirmed: bool = False
    note: str | None = None

    #: Placeholders the engine fills for this kind of rule.
    ALLOWED_PARAMS: ClassVar[tuple[str, ...]] = ()

    def _check_messages(self, unavailable: set[str]) -> None:
        allowed = set(self.ALLOWED_PARAMS) - unavailable
        for name in ("message_id", "message_en"):
            unknown = placeholders(getattr(self, name)) - allowed
            if unknown:
                raise ValueError(
                    f"{name} uses {', '.join(sorted('{' + u + '}' for u in unknown))}; "
                    f"this rule can use only {', '.join(sorted('{' + a + '}' for a in allowed))}"
                )


#: The date an age window is measured at (each window's own legal text decides):
#: ``departure`` the planned departure (today while none is planned); ``application`` the date
#: the file is registered or the permit applied for (the profile's application date, else
#: today); ``fixed`` one calendar date named by an announcement (``measured_on``).
MeasuredAt = Literal["departure", "application", "fixed"]
MEASURED_AT: tuple[str, ...] = get_args(MeasuredAt)


class AgeWindowRule(_EligibilityBase):
    """The applicant's age on the rule's measuring date must lie within [min_age, max_age].

    Instead of ages, an announcement may fix a window of birth dates (``born_from`` ..
    ``born_until``, both included), as Korea EPS does for each registration period.
    """

    kind: Literal["age_window"]
    min_age: int | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=0, le=120)
    measured_at: MeasuredAt = "departure"
    measured_on: date | None = None
    born_from: date | None = None
    born_until: date | None = None
    field: str = "birth_date"

    ALLOWED_PARAMS: ClassVar[tuple[str, ...]] = (
        "age",
        "min_age",
        "max_age",
        "at_date",
        "measured",
        "born_from",
        "born_until",
    )

    @model_validator(mode="after")
    def _window(self) -> AgeWindowRule:
        bounds = (self.min_age, self.max_age, self.born_from, self.born_until)
        if all(bound is None for bound in bounds):
            raise ValueError("an age_window needs min_age, max_age, born_from or born_until")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError(f"min_age {self.min_age} is above max_age {self.max_age}")
        if self.born_from and self.born_until and self.born_from > self.born_until:
            raise ValueError(f"born_from {self.born_from} is after born_until {self.born_until}")
        if (self.measured_at == "fixed") != (self.measured_on is not None):
            raise ValueError('give measured_on exactly when measured_at = "fixed"')
        unavailable = {
            name
            for name in ("min_age", "max_age", "born_from", "born_until")
            if getattr(self, name) is None
        }
        self._check_messages(unavailable)
        return self


class MatchRule(_EligibilityBase):
    """The profile may not match: a moratorium or another placement restriction."""

    kind: Literal["moratorium", "restriction"]
    field: str = "destination"

    ALLOWED_PARAMS: ClassVar[tuple[str, ...]] = DIMENSIONS

    @model_validator(mode="after")
    def _messages(self) -> MatchRule:
        if not self.conditions:
            raise ValueError(f"a {self.kind} rule needs conditions, or it would block everyone")
        self._check_messages(set())
        return self


EligibilityRule = Annotated[AgeWindowRule | MatchRule, Field(discriminator="kind")]


class NoticeEntry(Model):
    """One line under a notice, with its own basis (for example one waived cost item)."""

    text_id: Text
    text_en: Text
    basis: Text


class Notice(Dated):
    """Information printed with the checklist (for example: placement costs are waived)."""

    code: Code
    order: int = 0
    message_id: Text
    message_en: Text
    basis: Text
    entries: tuple[NoticeEntry, ...] = ()
    conditions: tuple[Applicability, ...] = ()
    unconfirmed: bool = False
    note: str | None = None


class Ruleset(Model):
    """One effective set of rules: the national data, possibly tightened by an office overlay."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_:@+.-]*$")]
    name: Text
    version: int | SemVer
    effective_from: date
    desks: tuple[Desk, ...]
    schemes: dict[Scheme, Label]
    sectors: dict[Sector, Label]
    programmes: dict[Code, Programme] = Field(default_factory=dict)
    jobs: dict[Code, Label] = Field(default_factory=dict)
    documents: tuple[Document, ...]
    eligibility: tuple[EligibilityRule, ...] = ()
    notices: tuple[Notice, ...] = ()
    validity: ValiditySettings = ValiditySettings()
    sources: dict[SourceKey, Source] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> Ruleset:
        # An archived ruleset from before sources lived in the product is read for comparison
        # only (context {"archived": True}); every ruleset in use must list its sources.
        archived = bool(info.context and info.context.get("archived"))
        problems = [
            *self._duplicates(),
            *self._desk_references(),
            *self._condition_references(),
            *([] if archived else self._source_references()),
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _duplicates(self) -> list[str]:
        problems = []
        for kind, codes in (
            ("desk", [d.code for d in self.desks]),
            ("document", [d.code for d in self.documents]),
            ("eligibility rule", [r.code for r in self.eligibility]),
            ("notice", [n.code for n in self.notices]),
        ):
            problems += [
                f"{kind} {c!r} is defined twice" for c in sorted(set(codes)) if codes.count(c) > 1
            ]
        return problems

    def _desk_references(self) -> list[str]:
        desks = {desk.code for desk in self.desks}
        return [
            f"document {doc.code!r}: desk {doc.desk!r} is not one of {', '.join(sorted(desks))}"
            for doc in self.documents
            if doc.desk not in desks
        ]

    def _condition_references(self) -> list[str]:
        owners: list[tuple[str, tuple[Conditions, ...]]] = [
            *((f"document {d.code!r}", d.conditions) for d in self.documents),
            *((f"eligibility rule {r.code!r}", r.conditions) for r in self.eligibility),
            *((f"notice {n.code!r}", n.conditions) for n in self.notices),
        ]
        known = {"programme": set(self.programmes), "job": set(self.jobs)}
        problems = []
        for owner, alternatives in owners:
            for index, cond in enumerate(alternatives):
                for dimension, codes in known.items():
                    used = (*getattr(cond, dimension), *getattr(cond, f"not_{dimension}"))
                    problems += [
                        f"{owner}: conditions[{index}] names unknown {dimension} {code!r} "
                        f"(known: {', '.join(sorted(codes)) or 'none'})"
                        for code in used
                        if code not in codes
                    ]
        return problems

    def bases(self) -> list[tuple[str, str]]:
        """Every basis text in the ruleset with the entry it belongs to."""
        found: list[tuple[str, str | None]] = [
            *((f"desk {d.code!r}", d.basis) for d in self.desks),
            *((f"programme {code!r}", p.basis) for code, p in self.programmes.items()),
            *((f"document {d.code!r}", d.basis) for d in self.documents),
            *((f"eligibility rule {r.code!r}", r.basis) for r in self.eligibility),
            *((f"notice {n.code!r}", n.basis) for n in self.notices),
            *(
                (f"notice {n.code!r} entry {index}", entry.basis)
                for n in self.notices
                for index, entry in enumerate(n.entries)
            ),
            *(
                (f"document {d.code!r} validity {rule.kind}", rule.basis)
                for d in self.documents
                for rule in d.validity
            ),
            *((f"validity default {r.kind}", r.basis) for r in self.validity.defaults),
        ]
        return [(owner, text) for owner, text in found if text]

    def _source_references(self) -> list[str]:
        return [
            f"{owner}: basis cites [{key}], which is not in sources "
            f"(add a [sources.{key}] entry with its title and where to read it)"
            for owner, text in self.bases()
            for key in source_keys(text)
            if key not in self.sources
        ]

    def cite(self, basis: str | None) -> str:
        """A basis with its source tags replaced by the names of the sources."""
        return cite(basis or "", self.sources)

    def cited_sources(self, basis: str | None) -> list[tuple[str, Source]]:
        """The sources a basis cites, each once, in order of appearance."""
        keys = dict.fromkeys(source_keys(basis))
        return [(key, self.sources[key]) for key in keys if key in self.sources]

    @property
    def ref(self) -> str:
        """``id@version`` as stored with an application's checklist."""
        return f"{self.id}@{self.version}"

    def job_code(self, typed: str | None) -> str | None:
        """The job code a typed job means: a code, a name or an alias (case and punctuation
        ignored), or None when it is none of them. The desk keys the job as free text."""
        if not typed:
            return None
        if typed in self.jobs:
            return typed
        wanted = _normal(typed)
        for code, label in self.jobs.items():
            names = (code, label.name_id, label.name_en, *label.aliases)
            if any(_normal(name) == wanted for name in names):
                return code
        return None

    def document(self, code: str) -> Document | None:
        return next((doc for doc in self.documents if doc.code == code), None)

    def desk(self, code: str) -> Desk | None:
        return next((desk for desk in self.desks if desk.code == code), None)

    def validity_for(self, code: str) -> tuple[CheckRule | ThresholdRule, ...]:
        """The document's own rules plus every default of a kind the document does not override.

        An unknown code (an item kept from an older ruleset) still gets the defaults.
        """
        document = self.document(code)
        own = document.validity if document else ()
        kinds = {rule.kind for rule in own}
        return (*own, *(rule for rule in self.validity.defaults if rule.kind not in kinds))
