"""Evaluating policy conditions (notification rules, postmortem rule) on an incident."""

from __future__ import annotations

from datetime import datetime

from .policy import RISK_ORDER, Condition, Policy
from .records import Incident


def holds(cond: Condition, incident: Incident, policy: Policy) -> bool:
    """True when every key of ``cond`` holds for ``incident`` (an unknown count is not enough)."""
    return applies(cond, incident, policy) is True


def applies(cond: Condition, incident: Incident, policy: Policy) -> bool | None:
    """True when every key of ``cond`` holds, False when one does not, None when it may: the
    answer hangs on a count recorded as unknown. A tool of record never reads unknown as zero."""
    privacy = incident.privacy
    if cond.severities is not None and incident.severity not in cond.severities:
        return False
    if cond.domains is not None and not set(cond.domains) & set(incident.domains):
        return False
    if cond.personal_data_disclosed is not None and (
        privacy is None or privacy.personal_data_disclosed not in cond.personal_data_disclosed
    ):
        return False
    if cond.risk_at_least is not None and (
        privacy is None
        or privacy.risk is None
        or RISK_ORDER[privacy.risk.overall] < RISK_ORDER[cond.risk_at_least]
    ):
        return False
    if cond.data_categories is not None and (
        privacy is None or not {d.category for d in privacy.data} & set(cond.data_categories)
    ):
        return False
    if cond.unencrypted is not None and (privacy is None or _unencrypted(incident) != cond.unencrypted):
        return False
    answer: bool | None = True
    counts_matter = (cond.jurisdictions, cond.min_individuals, cond.min_individuals_single)
    if any(c is not None for c in counts_matter):
        answer = _jurisdictions_hold(cond, incident, policy)
        if answer is False:
            return False
    if cond.any_of:
        found = [applies(sub, incident, policy) for sub in cond.any_of]
        if True not in found:
            return None if None in found else False
    return answer


def _unencrypted(incident: Incident) -> bool:
    states = incident.privacy.data_states if incident.privacy else ()
    return not states or any(not state.encrypted for state in states)


def _jurisdictions_hold(cond: Condition, incident: Incident, policy: Policy) -> bool | None:
    """Whether people in the wanted jurisdictions reach the thresholds; None when that depends
    on a count recorded as unknown (people are there, how many is not known)."""
    wanted = cond.jurisdictions
    matched = [
        j.count
        for j in (incident.privacy.individuals_by_jurisdiction if incident.privacy else ())
        if (j.count is None or j.count > 0)
        and (wanted is None or policy.jurisdiction_matches(j.jurisdiction, wanted))
    ]
    if not matched:
        return False
    known = [count for count in matched if count is not None]
    unknown = len(known) < len(matched)
    answer: bool | None = True
    if cond.min_individuals is not None and sum(known) < cond.min_individuals:
        answer = None if unknown else False
    if cond.min_individuals_single is not None and max(known, default=0) < cond.min_individuals_single:
        answer = None if unknown else False
    return answer


def notification_due(incident: Incident, rule_id: str, policy: Policy) -> datetime | None:
    """Due time of a notification obligation, or None when its clock has not started."""
    rule = policy.notification_rules[rule_id]
    start = incident.time(rule.clock_starts)
    return rule.deadline.due(start) if start else None
