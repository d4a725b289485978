"""What `check` says about notification duties: entries that name no duty, decisions without
a rationale, late or overdue notices, and duties that apply (or may) but are not recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ..moments import earliest
from ..policy import Policy
from ..problems import Problem, error, warning
from ..records import NOT_REAL, Incident, Notification
from ..schemas import POLICY_FILE, SCHEMA_DIR
from .clocks import duty_clock, span
from .deadlines import DeadlineError
from .expected import (
    Expected,
    Key,
    declines_rule,
    duty_label,
    entries_by_key,
    entry_duty,
    entry_key,
    reasons,
    undecided_by_rule,
    unrecorded,
)
from .facts import facts_of
from .rules import Duty, NotificationRule

POLICY_PATH = f"{SCHEMA_DIR}/{POLICY_FILE}"


def notification_problems(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    entries = entries_by_key(incident, policy)
    listed: set[Key] = set()
    declined: set[str] = set()  # rules decided not to apply as a whole: rule, required "no"
    yield from _delay_problems(incident)
    for index in range(len(incident.notifications)):
        yield from _entry_problems(incident, policy, now, index, entries, listed, declined)
    if incident.disposition in NOT_REAL or incident.historical:
        return  # a historical record keeps what was decided then; nothing is asked of it now
    facts = facts_of(incident, policy)
    found = unrecorded(incident, policy, facts)
    for expected in found:
        if expected.applies:
            yield _missing(incident, expected)
    for group in undecided_by_rule(found):
        yield _undecided(incident, group, reasons(group, facts, policy))


def _delay_problems(incident: Incident) -> Iterator[Problem]:
    """A law-enforcement delay must end after it begins, or it would move clocks backwards."""
    for index, delay in enumerate(incident.law_enforcement_delays):
        if delay.end <= delay.start:
            yield error(
                incident.path,
                "chronology",
                f"the law-enforcement delay ends ({delay.end.isoformat()}) before it begins",
                "set until after from, as the written request states",
                field=("law_enforcement_delays", index, "until"),
            )


def _entry_problems(
    incident: Incident,
    policy: Policy,
    now: datetime,
    index: int,
    entries: dict[Key, Notification],
    listed: set[Key],
    declined: set[str],
) -> Iterator[Problem]:
    path = incident.path
    at = ("notifications", index)
    entry = incident.notifications[index]
    rule = policy.notification_rules[entry.rule]
    key = entry_key(entry, rule, incident)
    if declines_rule(entry, rule, incident):
        # the rule as a whole does not apply (DORA: not a major incident): one decision for all duties
        if not entry.rationale:
            yield error(
                path,
                "notification",
                f"deciding that {rule.name} does not apply needs a rationale",
                "add rationale: why none of its duties applies",
                field=(*at, "rationale"),
            )
        if rule.id in declined:
            yield error(
                path, "notification", f"{rule.name} is declined twice", "record it once", field=(*at, "rule")
            )
        declined.add(rule.id)
        return
    if key is None:
        recipients = ", ".join(
            f"{d.recipient}" + (f" (stage {d.stage})" if d.stage else "") for d in rule.duties
        )
        yield error(
            path,
            "notification",
            f"the entry names no single duty of {rule.name}: it requires {recipients}",
            "set recipient (and stage, where a recipient has several) to one of those",
            field=(*at, "recipient"),
        )
        return
    duty = entry_duty(entry, rule, incident)
    assert duty is not None
    single = len(rule.demanded) == 1 and not entry.jurisdiction
    name = (
        rule.name
        if single
        else f"{rule.name} ({duty.label}{', ' + entry.jurisdiction if entry.jurisdiction else ''})"
    )
    if duty.each_jurisdiction and entry.jurisdiction is None:
        yield error(
            path,
            "notification",
            f"{name} is owed in each affected jurisdiction, and the entry does not say which",
            "add jurisdiction: the code of the authority's country, e.g. jurisdiction: FR",
            field=(*at, "jurisdiction"),
        )
        return
    if key in listed:
        yield error(
            path, "notification", f"{name} is listed twice", "record each duty once", field=(*at, "rule")
        )
        return
    listed.add(key)
    if entry.required == "no":
        if not entry.rationale:
            yield error(
                path,
                "notification",
                f"deciding not to notify under {name} needs a rationale",
                "add rationale: why the rule does not require notification",
                field=(*at, "rationale"),
            )
        return
    try:
        start, due = duty_clock(incident, rule, duty, key[3], entries)
    except DeadlineError as exc:
        yield _uncountable(policy, rule, duty, exc)
        return
    clock_field = duty.limit.clock_starts
    if start is None and (entry.required == "yes" or entry.sent_at):
        starts = (
            f"the {clock_field.partition(':')[2]} notice's sent_at"
            if clock_field.startswith(("stage:", "sent:"))
            else f"`{clock_field}`"
        )
        yield error(
            path,
            "notification-clock",
            f"{starts} starts the clock of {name} but is not set",
            f"set {'it' if ':' in clock_field else clock_field} so the due time ({duty.brief} after it) "
            "can be computed",
            field=(*at, "rule"),
        )
        return
    sent_unknown = f"notifications.{index}.sent_at" in incident.unknown
    if entry.sent_at is None and incident.status == "closed" and not sent_unknown:
        if entry.required == "yes":
            yield error(
                path,
                "notification-open",
                f"the incident is closed but the required {name} notice has no sent_at",
                "record sent_at, or change required with a rationale",
                field=(*at, "sent_at"),
            )
        else:
            yield error(
                path,
                "notification-open",
                f"the incident is closed with the {name} decision still pending",
                'decide: required "yes" (with sent_at) or "no" (with a rationale)',
                field=(*at, "required"),
            )
        return
    if start is None or due is None or incident.historical or sent_unknown:
        return  # not started, a standard without a number, or history: not judged by the clock
    clock = f"{duty.brief} after {clock_field}"
    if entry.sent_at is not None:
        if earliest(entry.sent_at) > due and not entry.late_reason:  # a sent date: late only if surely
            yield error(
                path,
                "notification-late",
                f"{name} notice was sent {span(entry.sent_at - due)} after it was due "
                f"({due.isoformat()}, {clock})",
                "add late_reason saying why it was late",
                field=(*at, "sent_at"),
            )
    elif now > due and entry.required == "pending":
        yield warning(
            path,
            "decision-overdue",
            f"the {name} decision is still pending; the notice it may require was due "
            f"{due.isoformat()} ({clock}), {span(now - due)} ago",
            'decide now: required "yes" and notify (with late_reason), or "no" with a rationale',
            field=(*at, "required"),
        )
    elif now > due:
        yield warning(
            path,
            "notification-overdue",
            f"{name} notice was due {due.isoformat()} ({clock}), {span(now - due)} ago",
            "notify now and record sent_at, with late_reason",
            field=(*at, "sent_at"),
        )


def _uncountable(policy: Policy, rule: NotificationRule, duty: Duty, exc: DeadlineError) -> Problem:
    """A deadline the policy states but the calendar cannot count (an unknown holiday country)."""
    index = list(policy.notification_rules).index(rule.id)
    at = ("notification_rules", index, "notify", rule.duties.index(duty))
    return error(
        POLICY_PATH,
        "policy",
        f"{rule.name} ({duty.label}): {exc}",
        "fix calendar.country (ISO 3166-1, e.g. US) or calendar.subdivision of this duty",
        field=(*at, "calendar"),
    )


def _entry_hint(rule: NotificationRule, duty: Duty, jurisdiction: str | None, incident: Incident) -> str:
    """The notifications entry that would record a duty, as few keys as name it."""
    day = incident.when.date()
    entry = f"rule: {rule.id}"
    if rule.duty(None, None, day) is not duty or jurisdiction:
        entry += f", recipient: {duty.recipient}"
    if duty.stage and rule.duty(duty.recipient, None, day) is not duty:
        entry += f", stage: {duty.stage}"
    if jurisdiction:
        entry += f", jurisdiction: {jurisdiction}"
    return entry


def _what(expected: Expected, incident: Incident) -> str:
    duty = expected.duty
    where = f", {expected.jurisdiction}" if expected.jurisdiction else ""
    clock = duty.limit.clock_starts
    timing = f"due {duty.brief} after {clock}" if duty.limit.deadline else f"no fixed deadline, from {clock}"
    latest = duty.at_latest
    if latest and latest.deadline:
        timing += f" and at most {latest.deadline.text} after {latest.clock_starts}"
    return f"{duty_label(expected.rule, duty, incident)}{where}, {timing}"


def _missing(incident: Incident, expected: Expected) -> Problem:
    """A duty that applies with no entry: an error naming the entry that would record it."""
    entry = _entry_hint(expected.rule, expected.duty, expected.jurisdiction, incident)
    return error(
        incident.path,
        "notification-missing",
        f"{expected.rule.name} applies to this incident ({_what(expected, incident)}) "
        "but no obligation is recorded",
        f'add a notifications entry with {entry} and required: "yes", "no" (with a rationale) or pending',
        field=("notifications",),
    )


def _undecided(incident: Incident, found: list[Expected], unknown: list[str]) -> Problem:
    """Duties of one rule that may apply: one warning asking for a decision (never nothing:
    their clocks may already be running)."""
    rule = found[0].rule
    what = "; ".join(_what(e, incident) for e in found)
    entries = " / ".join(_entry_hint(rule, e.duty, e.jurisdiction, incident) for e in found)
    whole = (
        f', or rule: {rule.id} with required: "no" and a rationale if it does not apply'
        if len(found) > 1
        else ""
    )
    why = "; ".join(unknown) or "a fact it tests is not known"
    return warning(
        incident.path,
        "notification-undecided",
        f"{rule.name} may apply ({what}): {why}",
        f"record what is missing, or add {entries} with required: pending so the clock is tracked, "
        f'and decide "yes" or "no" with a rationale{whole}',
        field=("notifications",),
    )
