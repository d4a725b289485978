"""Whether a condition holds for an incident: yes, no, or *may* (a fact it needs is unknown).

Three-valued throughout: ``True`` holds, ``False`` does not, ``None`` may. A tool of record
never reads an unknown count as zero, a missing data-element list as "none", an
unassessed risk as "no risk", or a total shared by several countries as belonging to one.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..policy import RISK_ORDER, Policy
from ..records import Incident
from .facts import Facts, facts_of
from .rules import Condition, Threshold

Answer = bool | None


def both(*answers: Answer) -> Answer:
    """Three-valued AND."""
    if False in answers:
        return False
    return None if None in answers else True


def either(answers: Iterable[Answer]) -> Answer:
    """Three-valued OR."""
    seen = list(answers)
    if True in seen:
        return True
    return None if None in seen else False


def holds(cond: Condition, incident: Incident, policy: Policy) -> bool:
    """True only when ``cond`` surely holds (for the postmortem and approval rules)."""
    return applies(cond, facts_of(incident, policy), policy) is True


def applies(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    """Whether every key of ``cond`` holds for ``facts``."""
    answer: Answer = True
    for test in _TESTS:
        result = test(cond, facts, policy)
        if result is False:
            return False
        if result is None:
            answer = None
    return answer


def _any_of(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    return either(applies(sub, facts, policy) for sub in cond.any_of) if cond.any_of else True


def _none_of(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    if not cond.none_of:
        return True
    found = either(applies(sub, facts, policy) for sub in cond.none_of)
    return None if found is None else not found


def _severity(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    if cond.severities is None:
        return True
    if facts.severity == "unassessed":
        return None  # it may be any of them
    return facts.severity in cond.severities


def _domains(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    return cond.domains is None or bool(facts.domains.intersection(cond.domains))


def _disclosed(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    wanted = cond.personal_data_disclosed
    if wanted is None:
        return True
    if facts.disclosed is None:
        return False
    if facts.disclosed in wanted:
        return True
    return None if facts.disclosed == "unknown" else False


def _roles(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    if cond.roles is None:
        return True
    if facts.roles is None:
        return None  # the record says the role is unknown
    return bool(facts.roles.intersection(cond.roles))


def _organisation(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    org = facts.organisation
    if cond.established_in is not None and not any(
        policy.jurisdiction_matches(code, cond.established_in) for code in org.established_in
    ):
        return False
    if cond.main_establishment_in is not None and not (
        org.main_establishment
        and policy.jurisdiction_matches(org.main_establishment, cond.main_establishment_in)
    ):
        return False
    return cond.statuses is None or bool(org.statuses.intersection(cond.statuses))


def _data(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    if cond.data_categories is not None and not facts.data_categories.intersection(cond.data_categories):
        return False
    if cond.data_elements is None:
        return True
    if not facts.privacy:
        return False
    if facts.data_elements is None:
        return None
    return any(combination <= facts.data_elements for combination in cond.data_elements)


def _risk(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    if cond.risk_at_least is None:
        return True
    if not facts.privacy:
        return False
    if facts.risk is None:
        return None  # not assessed yet: the rule's clock may already be running
    return facts.risk >= RISK_ORDER[cond.risk_at_least]


def _unsecured(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    if cond.unsecured is None:
        return True
    if facts.unsecured is None:
        return None
    return facts.unsecured == cond.unsecured


def _classified(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    """Recorded: holds. Not recorded, but the policy wants it decided for such incidents
    (the classification's consider_when): may. Otherwise it does not hold."""
    if cond.classified is None or facts.classified.intersection(cond.classified):
        return True
    return None if undecided(cond.classified, facts, policy) else False


def undecided(wanted: tuple[str, ...], facts: Facts, policy: Policy) -> tuple[str, ...]:
    """The classifications among ``wanted`` this incident should have decided but has not."""
    return tuple(
        term.id
        for term in policy.classifications
        if term.id in wanted
        and term.id not in facts.classified
        and term.consider_when is not None
        and applies(term.consider_when, facts, policy) is True
    )


def _affected(cond: Condition, facts: Facts, policy: Policy) -> Answer:
    if cond.jurisdictions is None and cond.individuals is None and cond.individuals_each is None:
        return True
    inside: list[tuple[int | None, int]] = []  # (count, how many jurisdictions share it), all wanted
    partial: list[int | None] = []  # counts that may lie partly in the wanted jurisdictions
    for entry in facts.affected:
        if entry.count == 0:
            continue
        wanted = cond.jurisdictions
        matches = (
            [True] if wanted is None else [policy.jurisdiction_match(c, wanted) for c in entry.jurisdictions]
        )
        if all(m is True for m in matches):
            inside.append((entry.count, len(entry.jurisdictions)))
        elif any(m is not False for m in matches):
            partial.append(entry.count)
    if not inside and not partial:
        return False
    answer: Answer = True if inside else None
    if cond.individuals is not None:
        answer = both(answer, _total(cond.individuals, [c for c, _ in inside], partial))
    if cond.individuals_each is not None:
        answer = both(answer, _each(cond.individuals_each, inside, partial))
    return answer


def _total(threshold: Threshold, inside: list[int | None], partial: list[int | None]) -> Answer:
    """The total in the wanted jurisdictions lies between a low and a high bound (none when
    a count is unknown): the threshold holds, may hold or does not."""
    low = sum(c for c in inside if c is not None)
    unbounded = None in inside or None in partial
    high = None if unbounded else low + sum(c for c in partial if c is not None)
    if threshold.upward:
        if threshold.holds(low):
            return True
        return None if high is None or threshold.holds(high) else False
    if high is not None and threshold.holds(high):
        return True
    return None if threshold.holds(low) else False


def _each(threshold: Threshold, inside: list[tuple[int | None, int]], partial: list[int | None]) -> Answer:
    """Whether one single jurisdiction reaches the threshold: a total of n shared by k
    jurisdictions puts at least ceil(n / k) people in one of them, and at most n."""
    answers: list[Answer] = []
    for count, members in inside:
        if count is None:
            answers.append(None)
        elif threshold.holds(-(-count // members)):
            answers.append(True)
        else:
            answers.append(None if members > 1 and threshold.holds(count) else False)
    for count in partial:
        answers.append(None if count is None or threshold.holds(count) else False)
    return either(answers)


_TESTS = (
    _domains,
    _disclosed,
    _severity,
    _roles,
    _organisation,
    _classified,
    _data,
    _risk,
    _unsecured,
    _affected,
    _any_of,
    _none_of,
)
