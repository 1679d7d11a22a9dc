"""What a printed sheet says about the law it rests on: the sources and the age measuring dates.

A labour inspector reading a sheet must see which regulation each item rests on without a
reference outside the desk, and which date an age limit was measured at.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ltsa_desk.db.models import Applicant, Application
from ltsa_desk.i18n import Lang, t
from ltsa_desk.rules import Evaluation, ProfileError, Ruleset, evaluate
from ltsa_desk.rules.engine import SourceRef, sources_of
from ltsa_desk.services.applications import PlanInput, profile_of, registered_on


def source_lines(sources: Iterable[SourceRef], lang: Lang) -> tuple[str, ...]:
    """One line per source: short name, full title, articles, where to read it."""
    lines = []
    for source in sources:
        article = f", {source.article}" if source.article else ""
        flag = f" {t('printing.sources.unconfirmed', lang)}" if source.unconfirmed else ""
        lines.append(
            t(
                "printing.sources.line",
                lang,
                short=source.short,
                title=source.title,
                article=article,
                url=source.url,
            )
            + flag
        )
    return tuple(lines)


def age_lines(evaluation: Evaluation, lang: Lang) -> tuple[str, ...]:
    """Each age window that applied: the age, the date it was measured at, and why that date."""
    return tuple(
        t(
            "printing.field.age_check",
            lang,
            age=check.age,
            date=check.at_date.strftime(t("printing.date_format", lang)),
            explanation=check.explanation(lang),
            basis=check.basis,
        )
        for check in evaluation.age_checks
    )


def notice_lines(evaluation: Evaluation, lang: Lang) -> tuple[tuple[str, ...], ...]:
    """The entries under each notice (e.g. each waived cost), with their basis."""
    return tuple(
        tuple(f"{entry.text(lang)} ({entry.basis})" for entry in notice.entries)
        for notice in evaluation.notices
    )


def file_evaluation(
    ruleset: Ruleset | None, applicant: Applicant, application: Application, today: date
) -> Evaluation | None:
    """The stored file evaluated again for its age checks; None if the rules cannot read it."""
    if ruleset is None:
        return None
    plan = {name: getattr(application, name) for name in PlanInput.model_fields}
    try:
        profile = profile_of(applicant, plan, registered_on(application))
        return evaluate(ruleset, profile, today=today)
    except ProfileError:
        return None


def checklist_sources(
    ruleset: Ruleset | None, codes: Iterable[str], evaluation: Evaluation | None
) -> tuple[SourceRef, ...]:
    """Sources of the stored items (by their current rules) and of the file's findings."""
    if ruleset is None:
        return ()
    bases = [doc.basis for code in codes if (doc := ruleset.document(code)) is not None]
    cited = sources_of(ruleset, *bases)
    extra = evaluation.sources if evaluation is not None else ()
    seen = {source.key: source for source in (*extra, *cited)}
    ordered = [source.key for source in (*cited, *extra)]
    return tuple(seen[key] for key in dict.fromkeys(ordered))
