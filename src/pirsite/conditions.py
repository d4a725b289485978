"""Evaluating policy conditions (notification rules, postmortem rule) on an incident."""

from __future__ import annotations

from datetime import datetime

from .policy import RISK_ORDER, Condition, Policy
from .records import Incident


def holds(cond: Condition, incident: Incident, policy: Policy) -> bool:
    """True when every key of ``cond`` holds for ``incident``."""
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
    counts_matter = (cond.jurisdictions, cond.min_individuals, cond.min_individuals_single)
    if any(c is not None for c in counts_matter) and not _jurisdictions_hold(cond, incident, policy):
        return False
    return not cond.any_of or any(holds(sub, incident, policy) for sub in cond.any_of)


def _unencrypted(incident: Incident) -> bool:
    states = incident.privacy.data_states if incident.privacy else ()
    return not states or any(not state.encrypted for state in states)


def _jurisdictions_hold(cond: Condition, incident: Incident, policy: Policy) -> bool:
    wanted = cond.jurisdictions
    counts = [
        j.count
        for j in (incident.privacy.individuals_by_jurisdiction if incident.privacy else ())
        if j.count > 0 and (wanted is None or policy.jurisdiction_matches(j.jurisdiction, wanted))
    ]
    if not counts:
        return False
    if cond.min_individuals is not None and sum(counts) < cond.min_individuals:
        return False
    return cond.min_individuals_single is None or max(counts) >= cond.min_individuals_single


def notification_due(incident: Incident, rule_id: str, policy: Policy) -> datetime | None:
    """Due time of a notification obligation, or None when its clock has not started."""
    rule = policy.notification_rules[rule_id]
    start = incident.time(rule.clock_starts)
    return rule.deadline.due(start) if start else None
