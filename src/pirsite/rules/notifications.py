"""Notification obligations: which rules apply, when each is due, and whether it was met."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from ..clocks import span
from ..conditions import applies, notification_due
from ..policy import Policy
from ..problems import Problem, error, warning
from ..records import NOT_REAL, Incident, Risk


def notification_problems(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    path = incident.path
    listed: set[str] = set()
    for index, obligation in enumerate(incident.notifications):
        at = ("notifications", index)
        rule = policy.notification_rules[obligation.rule]
        if obligation.rule in listed:
            yield error(
                path,
                "notification",
                f"{rule.name} is listed twice",
                "record each rule once",
                field=(*at, "rule"),
            )
        listed.add(obligation.rule)
        if obligation.required == "no":
            if not obligation.rationale:
                yield error(
                    path,
                    "notification",
                    f"deciding not to notify under {rule.name} needs a rationale",
                    "add rationale: why the rule does not require notification",
                    field=(*at, "rationale"),
                )
            continue
        due = notification_due(incident, obligation.rule, policy)
        if due is None:
            if obligation.required == "yes" or obligation.sent_at:
                yield error(
                    path,
                    "notification-clock",
                    f"`{rule.clock_starts}` starts the clock of {rule.name} but is not set",
                    f"set {rule.clock_starts} so the due time ({rule.deadline_text} after it) "
                    "can be computed",
                    field=(*at, "rule"),
                )
            continue
        clock = f"{rule.deadline_text} after {rule.clock_starts}"
        if obligation.sent_at is not None:
            if obligation.sent_at > due and not obligation.late_reason:
                yield error(
                    path,
                    "notification-late",
                    f"{rule.name} notice was sent {span(obligation.sent_at - due)} after it was due "
                    f"({due.isoformat()}, {clock})",
                    "add late_reason saying why it was late",
                    field=(*at, "sent_at"),
                )
        elif obligation.required == "yes" and incident.status == "closed":
            yield error(
                path,
                "notification-open",
                f"the incident is closed but the required {rule.name} notice has no sent_at",
                "record sent_at, or change required with a rationale",
                field=(*at, "sent_at"),
            )
        elif obligation.required == "pending" and incident.status == "closed":
            yield error(
                path,
                "notification-open",
                f"the incident is closed with the {rule.name} decision still pending",
                'decide: required "yes" (with sent_at) or "no" (with a rationale)',
                field=(*at, "required"),
            )
        elif now > due and obligation.required == "pending":
            yield warning(
                path,
                "decision-overdue",
                f"the {rule.name} decision is still pending; the notice it may require was due "
                f"{due.isoformat()} ({clock}), {span(now - due)} ago",
                'decide now: required "yes" and notify (with late_reason), or "no" with a rationale',
                field=(*at, "required"),
            )
        elif now > due:
            yield warning(
                path,
                "notification-overdue",
                f"{rule.name} notice was due {due.isoformat()} ({clock}), {span(now - due)} ago",
                "notify now and record sent_at, with late_reason",
                field=(*at, "sent_at"),
            )
    if incident.disposition in NOT_REAL:
        return
    worst_case = _assuming_high_risk(incident)
    for rule in policy.notification_rules.values():
        if rule.id in listed:
            continue
        answer = applies(rule.applies_when, incident, policy)
        if answer is None:
            yield warning(
                path,
                "notification-undecided",
                f"{rule.name} may apply ({rule.recipient}, due {rule.deadline_text} after "
                f"{rule.clock_starts}): it depends on a count recorded as unknown",
                f"record the count, or add rule: {rule.id} with required: pending (the clock is "
                'tracked) and decide "yes" or "no" with a rationale',
                field=("privacy", "individuals_by_jurisdiction"),
            )
        elif answer:
            yield error(
                path,
                "notification-missing",
                f"{rule.name} applies to this incident ({rule.recipient}, due {rule.deadline_text} "
                f"after {rule.clock_starts}) but no obligation is recorded",
                f'add a notifications entry with rule: {rule.id} and required: "yes", '
                '"no" (with a rationale) or pending',
                field=("notifications",),
            )
        elif worst_case is not None and applies(rule.applies_when, worst_case, policy) is not False:
            yield warning(
                path,
                "notification-undecided",
                f"{rule.name} may apply ({rule.recipient}, due {rule.deadline_text} after "
                f"{rule.clock_starts}) depending on the risk assessment, which is not recorded yet",
                f"assess privacy.risk, or add rule: {rule.id} with required: pending so the clock is tracked",
                field=("notifications",),
            )


def _assuming_high_risk(incident: Incident) -> Incident | None:
    """The incident as if its unassessed privacy risk were high: rules that would then apply
    are already worth tracking, because their clocks may be running."""
    privacy = incident.privacy
    if privacy is None or privacy.risk is not None:
        return None
    risk = Risk("high_risk", "not assessed yet", None, None, None, None)
    return replace(incident, privacy=replace(privacy, risk=risk))
