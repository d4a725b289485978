"""Clocks on an incident: notification deadlines and response SLAs, and where each stands.

Pure functions of a record, the policy and "now", so the site, the metrics and
`check` agree on what is due, met, late or overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .conditions import notification_due
from .policy import Policy
from .records import NOT_REAL, Incident, Notification

RUNNING = frozenset({"due", "overdue", "decision_due", "decision_overdue"})
OVERDUE = frozenset({"overdue", "decision_overdue"})
DISCLOSED = frozenset({"yes", "potentially", "unknown"})  # "no" is the only answer that stops it


@dataclass(frozen=True, slots=True)
class Clock:
    """One deadline on one incident."""

    kind: str  # "notification", "sla" or "triage"
    name: str  # e.g. "GDPR Art. 33" or "Contain"
    recipient: str | None
    due: datetime | None
    done_at: datetime | None
    # met | late | due | overdue | not_required | not_started; for a decision still pending:
    # pending (no clock yet) | decision_due | decision_overdue
    state: str

    @property
    def running(self) -> bool:
        return self.state in RUNNING

    @property
    def overdue(self) -> bool:
        return self.state in OVERDUE

    def label(self, now: datetime) -> str:
        """Where the clock stands, in words: "met", "late by 5h", "due in 3d 2h"..."""
        if self.state == "met":
            return "met"
        if self.state == "late" and self.due and self.done_at:
            return f"late by {span(self.done_at - self.due)}"
        if self.state == "due" and self.due:
            return f"due in {span(self.due - now)}"
        if self.state == "overdue" and self.due:
            return f"overdue by {span(now - self.due)}"
        if self.state == "decision_due" and self.due:
            return f"decision due in {span(self.due - now)}"
        if self.state == "decision_overdue" and self.due:
            return f"decision overdue by {span(now - self.due)}"
        return {"not_required": "not required", "not_started": "clock not started"}.get(
            self.state, self.state
        )


def span(delta: timedelta) -> str:
    """A short human duration: 3d 4h, 5h 20m, 12m."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m"


def clock_state(due: datetime | None, done_at: datetime | None, now: datetime) -> str:
    if due is None:
        return "not_started"
    if done_at is not None:
        return "met" if done_at <= due else "late"
    return "due" if now <= due else "overdue"


def notification_states(
    incident: Incident, policy: Policy, now: datetime
) -> list[tuple[Notification, datetime | None, str]]:
    """(obligation, due, state) of each recorded notification obligation."""
    states = []
    for obligation in incident.notifications:
        if obligation.required == "no":
            states.append((obligation, None, "not_required"))
            continue
        due = notification_due(incident, obligation.rule, policy)
        state = clock_state(due, obligation.sent_at, now)
        if obligation.required == "pending" and obligation.sent_at is None:
            # Not yet an obligation: a decision, whose own lateness is not a late notice.
            state = {"not_started": "pending", "due": "decision_due", "overdue": "decision_overdue"}[state]
        states.append((obligation, due, state))
    return states


def notification_clocks(incident: Incident, policy: Policy, now: datetime) -> list[Clock]:
    """One clock per recorded notification obligation, for its page."""
    clocks = []
    for obligation, due, state in notification_states(incident, policy, now):
        rule = policy.notification_rules[obligation.rule]
        recipient = obligation.recipient or rule.recipient
        done_at = obligation.sent_at if state != "not_required" else None
        clocks.append(Clock("notification", rule.name, recipient, due, done_at, state))
    return clocks


def sla_deadlines(incident: Incident, policy: Policy) -> list[tuple[str, datetime, datetime | None]]:
    """(name, due, done at) of acknowledge (from reported_at, whatever the severity: an
    unassessed incident may be the worst, so it gets the shortest target) and contain (from
    detected_at, for an assessed severity and a real incident)."""
    severity = incident.severity
    deadlines = []
    ack = policy.sla_acknowledge.get(severity)
    if ack is None and severity == "unassessed" and policy.sla_acknowledge:
        ack = min(policy.sla_acknowledge.values())
    if ack is not None:
        deadlines.append(("Acknowledge", incident.reported_at + ack, incident.acknowledged_at))
    contain = policy.sla_contain.get(severity)
    if contain is not None and incident.disposition not in NOT_REAL:
        deadlines.append(("Contain", incident.detected_at + contain, incident.contained_at))
    return deadlines


def sla_clocks(incident: Incident, policy: Policy, now: datetime) -> list[Clock]:
    """The response SLA clocks of an incident, for its page."""
    return [
        Clock("sla", name, None, due, done_at, clock_state(due, done_at, now))
        for name, due, done_at in sla_deadlines(incident, policy)
    ]


def triage_deadlines(incident: Incident, policy: Policy) -> list[tuple[str, datetime]]:
    """(name, due) of what a new incident still lacks and must not lack for long: a severity
    (from reported_at) and, unless no personal data was disclosed, aware_at (from detected_at),
    which starts the notification clocks. Only while the incident is open."""
    if incident.reached("resolved") or incident.disposition in NOT_REAL:
        return []  # from then on a missing severity or aware_at is an error of its own rule
    deadlines = []
    if incident.severity == "unassessed" and not incident.reached("investigating"):
        deadlines.append(("Assess severity", incident.reported_at + policy.assess_within))
    privacy = incident.privacy
    if privacy and privacy.personal_data_disclosed in DISCLOSED and incident.aware_at is None:
        deadlines.append(("Record aware_at", incident.detected_at + policy.aware_within))
    return deadlines


def triage_clocks(incident: Incident, policy: Policy, now: datetime) -> list[Clock]:
    """The triage clocks of an incident: running until what they ask for is recorded."""
    return [
        Clock("triage", name, None, due, None, clock_state(due, None, now))
        for name, due in triage_deadlines(incident, policy)
    ]


def all_clocks(incident: Incident, policy: Policy, now: datetime) -> list[Clock]:
    return (
        notification_clocks(incident, policy, now)
        + sla_clocks(incident, policy, now)
        + triage_clocks(incident, policy, now)
    )
