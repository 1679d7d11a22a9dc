"""An office overlay: local additions and tightenings on top of the national ruleset.

An office may add documents, rules, notices, programmes and jobs, require a national item in
more situations, raise thresholds, confirm assumptions and give local where-to-get texts. It
cannot remove or loosen a national item: there is no syntax for it, and an attempt (a known
code redefined, a flag or threshold relaxed) is an error rather than being silently applied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator

from ltsa_desk.findings import Severity
from ltsa_desk.rules.models import (
    AgeWindowRule,
    Applicability,
    CheckRule,
    Code,
    Conditions,
    Document,
    EligibilityRule,
    Label,
    Model,
    Notice,
    Programme,
    Ruleset,
    SemVer,
    Source,
    SourceKey,
    Text,
    ThresholdRule,
    ValidityRule,
)
from ltsa_desk.rules.source import RulesetError, read_file, validate


def _only(allowed: object, what: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is not None and value != allowed:
            raise ValueError(
                f"an office overlay can only set this to {what}: it tightens the national "
                f"rules and never loosens them"
            )
        return value

    return check


OnlyTrue = Annotated[bool | None, AfterValidator(_only(True, "true"))]
OnlyFalse = Annotated[bool | None, AfterValidator(_only(False, "false"))]
OnlyError = Annotated[Severity | None, AfterValidator(_only(Severity.ERROR, '"error"'))]


class DocumentAmendment(Model):
    """Tightening of one national document; unset fields stay as they are."""

    code: Code
    add_conditions: tuple[Applicability, ...] = ()
    validity: tuple[ValidityRule, ...] = ()
    original_required: OnlyTrue = None
    copy_accepted: OnlyFalse = None
    kades_ack: OnlyTrue = None
    materai: OnlyTrue = None
    unconfirmed: OnlyFalse = None
    where_id: Text | None = None
    where_en: Text | None = None
    bring_id: Text | None = None
    bring_en: Text | None = None
    note: str | None = None


class EligibilityAmendment(Model):
    """Tightening of one national eligibility rule."""

    code: Code
    add_conditions: tuple[Conditions, ...] = ()
    severity: OnlyError = None
    min_age: int | None = None
    max_age: int | None = None
    unconfirmed: OnlyFalse = None


class Overlay(Model):
    office: Code
    name: Text
    version: int | SemVer
    base: Code | None = None
    effective_from: date | None = None
    programmes: dict[Code, Programme] = {}
    jobs: dict[Code, Label] = {}
    documents: tuple[Document, ...] = ()
    amend_documents: tuple[DocumentAmendment, ...] = ()
    eligibility: tuple[EligibilityRule, ...] = ()
    amend_eligibility: tuple[EligibilityAmendment, ...] = ()
    notices: tuple[Notice, ...] = ()
    #: Sources the office's own entries cite (a local Perda, a district service standard).
    sources: dict[SourceKey, Source] = {}

    @property
    def id(self) -> str:
        return f"office:{self.office}"


def load_overlay(path: Path) -> Overlay:
    return validate(Overlay, read_file(path), str(path))


_SEVERITY_RANK = {Severity.WARNING: 0, Severity.ERROR: 1}
#: Which way is stricter for each threshold kind.
_STRICTER: dict[str, Callable[[int, int], bool]] = {
    "expires_after_departure": lambda new, old: new >= old,
    "issued_within": lambda new, old: new <= old,
}


def _widen(current: tuple[Any, ...], extra: tuple[Any, ...]) -> tuple[Any, ...]:
    """More alternatives make an entry apply more often; an unconditional one already applies."""
    return current + extra if current else current


def _tightened_rule(
    old: CheckRule | ThresholdRule, new: CheckRule | ThresholdRule, item: str
) -> tuple[CheckRule | ThresholdRule, list[str]]:
    problems = []
    if _SEVERITY_RANK[new.severity] < _SEVERITY_RANK[old.severity]:
        problems.append(f"{item}: validity {new.kind} would lower severity to {new.severity}")
    if not (isinstance(old, ThresholdRule) and isinstance(new, ThresholdRule)):
        return new, problems
    if new.unit != old.unit:
        return new, [*problems, f"{item}: validity {new.kind} must use {old.unit} like national"]
    merged = new.model_copy(update={"by_destination": {**old.by_destination, **new.by_destination}})
    stricter = _STRICTER[new.kind]
    for destination in (None, *sorted(merged.by_destination)):
        proposed, current = merged.threshold(destination), old.threshold(destination)
        if not stricter(proposed, current):
            scope = f" for {destination}" if destination else ""
            problems.append(
                f"{item}: validity {new.kind}{scope} {proposed} {new.unit} would loosen the "
                f"national {current} {old.unit}"
            )
    return merged, problems


def _amend_document(
    ruleset: Ruleset, document: Document, change: DocumentAmendment
) -> tuple[Document, list[str]]:
    item = f"amendment of document {change.code!r}"
    problems: list[str] = []
    own = {rule.kind: rule for rule in document.validity}
    inherited = {rule.kind: rule for rule in ruleset.validity_for(document.code)}
    for rule in change.validity:
        previous = inherited.get(rule.kind)
        if previous is None:
            own[rule.kind] = rule
            continue
        own[rule.kind], found = _tightened_rule(previous, rule, item)
        problems += found
    update: dict[str, Any] = {
        name: value
        for name, value in change.model_dump(
            include={
                "original_required",
                "copy_accepted",
                "kades_ack",
                "materai",
                "where_id",
                "where_en",
                "bring_id",
                "bring_en",
                "note",
            }
        ).items()
        if value is not None
    }
    conditions = _widen(document.conditions, change.add_conditions)
    if change.unconfirmed is False:
        update["unconfirmed"] = False
        conditions = tuple(alt.model_copy(update={"unconfirmed": False}) for alt in conditions)
    update["conditions"] = conditions
    update["validity"] = tuple(own.values())
    return document.model_copy(update=update), problems


def _amend_rule(
    rule: EligibilityRule, change: EligibilityAmendment
) -> tuple[EligibilityRule, list[str]]:
    item = f"amendment of eligibility rule {change.code!r}"
    problems: list[str] = []
    update: dict[str, Any] = {"conditions": _widen(rule.conditions, change.add_conditions)}
    if change.severity is not None:
        update["severity"] = change.severity
    if change.unconfirmed is False:
        update["unconfirmed"] = False
    ages = {"min_age": change.min_age, "max_age": change.max_age}
    if any(value is not None for value in ages.values()):
        if not isinstance(rule, AgeWindowRule):
            return rule, [f"{item}: min_age/max_age apply only to an age_window rule"]
        if change.min_age is not None:
            if rule.min_age is not None and change.min_age < rule.min_age:
                problems.append(
                    f"{item}: min_age {change.min_age} is below national {rule.min_age}"
                )
            update["min_age"] = change.min_age
        if change.max_age is not None:
            if rule.max_age is not None and change.max_age > rule.max_age:
                problems.append(
                    f"{item}: max_age {change.max_age} is above national {rule.max_age}"
                )
            update["max_age"] = change.max_age
    return rule.model_copy(update=update), problems


def _redefined(overlay: Overlay, ruleset: Ruleset) -> list[str]:
    pairs = (
        ("document", [d.code for d in overlay.documents], {d.code for d in ruleset.documents}),
        (
            "eligibility rule",
            [r.code for r in overlay.eligibility],
            {r.code for r in ruleset.eligibility},
        ),
        ("notice", [n.code for n in overlay.notices], {n.code for n in ruleset.notices}),
        ("programme", list(overlay.programmes), set(ruleset.programmes)),
        ("job", list(overlay.jobs), set(ruleset.jobs)),
        ("source", list(overlay.sources), set(ruleset.sources)),
    )
    return [
        f"{kind} {code!r} is already defined by {ruleset.id}; an overlay may add new items "
        f"or tighten national ones (amend_documents / amend_eligibility), not redefine them"
        for kind, codes, known in pairs
        for code in codes
        if code in known
    ]


def apply_overlay(ruleset: Ruleset, overlay: Overlay, source: str) -> Ruleset:
    """The national ruleset with the overlay applied, identified as ``national@3+office:x``."""
    problems = _redefined(overlay, ruleset)
    if overlay.base is not None and overlay.base != ruleset.id:
        problems.append(f"base is {overlay.base!r} but the loaded ruleset is {ruleset.id!r}")
    documents = {doc.code: doc for doc in ruleset.documents}
    for change in overlay.amend_documents:
        if change.code not in documents:
            problems.append(f"amendment of document {change.code!r}: no such national document")
            continue
        documents[change.code], found = _amend_document(ruleset, documents[change.code], change)
        problems += found
    rules = {rule.code: rule for rule in ruleset.eligibility}
    for rule_change in overlay.amend_eligibility:
        if rule_change.code not in rules:
            problems.append(
                f"amendment of eligibility rule {rule_change.code!r}: no such national rule"
            )
            continue
        rules[rule_change.code], found = _amend_rule(rules[rule_change.code], rule_change)
        problems += found
    if problems:
        raise RulesetError(source, problems)
    merged = ruleset.model_dump()
    merged.update(
        id=f"{ruleset.ref}+{overlay.id}",
        name=f"{ruleset.name} + {overlay.name}",
        version=overlay.version,
        effective_from=max(
            ruleset.effective_from, overlay.effective_from or ruleset.effective_from
        ),
        programmes={**merged["programmes"], **overlay.model_dump()["programmes"]},
        jobs={**merged["jobs"], **overlay.model_dump()["jobs"]},
        documents=[
            *(doc.model_dump() for doc in documents.values()),
            *(doc.model_dump() for doc in overlay.documents),
        ],
        eligibility=[
            *(rule.model_dump() for rule in rules.values()),
            *(rule.model_dump() for rule in overlay.eligibility),
        ],
        notices=[*merged["notices"], *(notice.model_dump() for notice in overlay.notices)],
        sources={**merged["sources"], **overlay.model_dump()["sources"]},
    )
    return validate(Ruleset, merged, source)
