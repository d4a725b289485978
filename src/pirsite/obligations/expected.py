"""What the rules expect of an incident: each duty that applies or may apply, and which
recorded notification entry answers it.

A duty is identified by (rule, recipient, stage, jurisdiction); the jurisdiction is set only
for duties owed in each affected jurisdiction (every EEA authority where people live, for
an organisation without an EU main establishment).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..policy import Policy
from ..records import Incident, Notification
from .applicability import Answer, applies, both, undecided
from .facts import Facts, facts_of, unknowns
from .rules import Condition, Duty, NotificationRule

Key = tuple[str, str, str | None, str | None]  # rule, recipient, stage, jurisdiction
RECORD = "record"  # a record-keeping duty: the incident record itself keeps it


@dataclass(frozen=True, slots=True)
class Expected:
    """A duty the rules expect: ``applies`` True when it surely does, None when it may."""

    rule: NotificationRule
    duty: Duty
    jurisdiction: str | None
    applies: Answer

    @property
    def key(self) -> Key:
        return (self.rule.id, self.duty.recipient, self.duty.stage, self.jurisdiction)


def expected_duties(incident: Incident, policy: Policy, facts: Facts | None = None) -> list[Expected]:
    """Every duty of every rule in force that applies or may apply to ``incident``."""
    facts = facts or facts_of(incident, policy)
    found: list[Expected] = []
    for rule in policy.notification_rules.values():
        if not rule.in_force.covers(facts.detected_on):
            continue
        answer = applies(rule.applies_when, facts, policy)
        if answer is False:
            continue
        for duty in rule.duties:
            if not duty.in_force.covers(facts.detected_on):
                continue
            owed = both(answer, applies(duty.when, facts, policy)) if duty.when else answer
            if owed is False:
                continue
            if not duty.each_jurisdiction:
                found.append(Expected(rule, duty, None, owed))
                continue
            for code, match in _jurisdictions(rule, facts, policy):
                found.append(Expected(rule, duty, code, both(owed, match)))
    return found


def _jurisdictions(rule: NotificationRule, facts: Facts, policy: Policy) -> list[tuple[str, Answer]]:
    """Affected jurisdictions the rule covers, each with whether people surely live there."""
    wanted = rule.applies_when.jurisdictions
    seen: dict[str, Answer] = {}
    for entry in facts.affected:
        if entry.count == 0:
            continue
        for code in entry.jurisdictions:
            match = True if wanted is None else policy.jurisdiction_match(code, wanted)
            if match is False:
                continue
            surely = match is True and not entry.shared
            seen[code] = True if surely or seen.get(code) is True else None
    return sorted(seen.items())


def entry_key(entry: Notification, rule: NotificationRule, incident: Incident) -> Key | None:
    """The duty a record entry answers, or None when it names none of the rule's duties."""
    duty = entry_duty(entry, rule, incident)
    if duty is None:
        return None
    return (rule.id, duty.recipient, duty.stage, entry.jurisdiction if duty.each_jurisdiction else None)


def entry_duty(entry: Notification, rule: NotificationRule, incident: Incident) -> Duty | None:
    """The duty of ``rule`` that a record entry names, in force when the incident was detected."""
    return rule.duty(entry.recipient, entry.stage, incident.when.date())


def duty_label(rule: NotificationRule, duty: Duty, incident: Incident) -> str:
    """The duty in words, with its stage only where the stage tells it apart."""
    alone = rule.duty(duty.recipient, None, incident.when.date()) is duty
    return duty.to if alone else duty.label


def entries_by_key(incident: Incident, policy: Policy) -> dict[Key, Notification]:
    """Recorded entries by the duty they answer (the first, if one is named twice)."""
    found: dict[Key, Notification] = {}
    for entry in incident.notifications:
        key = entry_key(entry, policy.notification_rules[entry.rule], incident)
        if key is not None:
            found.setdefault(key, entry)
    return found


def declines_rule(entry: Notification, rule: NotificationRule, incident: Incident) -> bool:
    """Whether ``entry`` decides that ``rule`` does not apply as a whole: ``rule: X`` with
    ``required: "no"`` and neither recipient nor stage, where the rule has several duties."""
    return (
        entry.required == "no"
        and entry.recipient is None
        and entry.stage is None
        and entry_key(entry, rule, incident) is None
    )


def declined_rules(incident: Incident, policy: Policy) -> set[str]:
    """Rules decided not to apply as a whole (see :func:`declines_rule`)."""
    rules = policy.notification_rules
    return {
        entry.rule for entry in incident.notifications if declines_rule(entry, rules[entry.rule], incident)
    }


def unrecorded(incident: Incident, policy: Policy, facts: Facts | None = None) -> list[Expected]:
    """Duties that apply or may apply and that no entry records (nor a decision on the whole
    rule); optional duties and records the incident itself keeps are never asked for."""
    recorded = entries_by_key(incident, policy)
    declined = declined_rules(incident, policy)
    return [
        expected
        for expected in expected_duties(incident, policy, facts)
        if expected.key not in recorded
        and expected.rule.id not in declined
        and expected.duty.recipient != RECORD
        and not expected.duty.optional
    ]


def undecided_by_rule(expected: list[Expected]) -> list[list[Expected]]:
    """The duties that may apply, grouped by rule (one warning, one line, per rule)."""
    groups: dict[str, list[Expected]] = {}
    for item in expected:
        if item.applies is None:
            groups.setdefault(item.rule.id, []).append(item)
    return list(groups.values())


def reasons(expected: list[Expected], facts: Facts, policy: Policy) -> list[str]:
    """Why duties of one rule may apply: the unknown facts its conditions test."""
    rule = expected[0].rule
    keys = rule.applies_when.keys.union(*(e.duty.when.keys for e in expected if e.duty.when))
    return unknowns(facts, keys) + [
        f"the incident is not classified yet as {c} (the policy asks for it)"
        for c in undecided(_classifications(rule.applies_when), facts, policy)
    ]


def _classifications(cond: Condition) -> tuple[str, ...]:
    found = tuple(cond.classified or ())
    for sub in (*cond.any_of, *cond.none_of):
        found += _classifications(sub)
    return found
