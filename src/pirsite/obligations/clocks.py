"""Clocks on an incident: notification deadlines and response SLAs, and where each stands.

Pure functions of a record, the policy and "now", so the site, the metrics and
`check` agree on what is due, met, late or overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..moments import is_exact
from ..policy import Policy
from ..records import NOT_REAL, Incident, Notification
from .deadlines import end_of_year
from .expected import Key, duty_label, entries_by_key, entry_duty
from .rules import Duty, NotificationRule

RUNNING = frozenset({"due", "overdue", "open", "decision_due", "decision_overdue", "decision_open"})
OVERDUE = frozenset({"overdue", "decision_overdue"})
# A `required: pending` entry not yet sent: a decision, not an obligation, whatever its clock says.
DECISIONS = ("pending", "decision_due", "decision_overdue", "decision_open")
DISCLOSED = frozenset({"yes", "potentially", "unknown"})  # "no" is the only answer that stops it


@dataclass(frozen=True, slots=True)
class Clock:
    """One deadline on one incident."""

    kind: str  # "notification", "sla" or "triage"
    name: str  # e.g. "GDPR Art. 33" or "Contain"
    recipient: str | None
    due: datetime | None
    done_at: datetime | None
    # met | late | due | overdue | not_required | not_started; for a standard with no number
    # (without undue delay): open | sent; for a decision still pending:
    # pending (no clock yet) | decision_due | decision_overdue | decision_open
    state: str
    standard: str | None = None  # the law's words, e.g. "without undue delay"
    zone: str | None = None  # the time zone the law counts the days in
    started: datetime | None = None
    entry: Notification | None = None  # the record entry, for notification clocks

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
        if self.state in ("open", "decision_open") and self.started:
            prefix = "decision open: " if self.state == "decision_open" else ""
            return f"{prefix}{self.standard or 'no deadline'}; clock running {span(now - self.started)}"
        if self.state == "sent":
            return "sent"
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


@dataclass(frozen=True, slots=True)
class NoticeStatus:
    """Where one recorded notification duty stands."""

    entry: Notification
    rule: NotificationRule
    duty: Duty
    start: datetime | None  # when its clock started; None: not yet
    due: datetime | None  # None: not started, or a standard without a number
    state: str


def duty_clock(
    incident: Incident,
    rule: NotificationRule,
    duty: Duty,
    jurisdiction: str | None,
    entries: dict[Key, Notification],
) -> tuple[datetime | None, datetime | None]:
    """(start, due) of a duty: the earlier of its limits, counted as the law counts them,
    moved on by any documented law-enforcement delay the duty allows."""
    start = _start(incident, rule, duty, duty.limit.clock_starts, jurisdiction, entries)
    dues = []
    for limit in (duty.limit, duty.at_latest):
        if limit is None or limit.deadline is None:
            continue
        began = (
            start
            if limit is duty.limit
            else _start(incident, rule, duty, limit.clock_starts, jurisdiction, entries)
        )
        if began is None:
            continue
        if duty.from_end_of == "year":
            began = end_of_year(began, limit.deadline.calendar)
        dues.append(limit.deadline.due(began))
    if not dues:
        return start, None
    due = min(dues)
    if duty.law_enforcement_delay and start is not None:
        due = _paused(due, start, incident)
    return start, due


def _start(
    incident: Incident,
    rule: NotificationRule,
    duty: Duty,
    field: str,
    jurisdiction: str | None,
    entries: dict[Key, Notification],
) -> datetime | None:
    if field.startswith("stage:"):
        earlier = entries.get((rule.id, duty.recipient, field.partition(":")[2], jurisdiction))
        return earlier.sent_at if earlier else None
    if field.startswith("sent:"):
        recipient, _, stage = field.partition(":")[2].partition("/")
        earlier = entries.get((rule.id, recipient, stage or None, jurisdiction))
        return earlier.sent_at if earlier else None
    return incident.time(field)


def _paused(due: datetime, start: datetime, incident: Incident) -> datetime:
    """The due time after documented law-enforcement delays that began before it."""
    for delay in sorted(incident.law_enforcement_delays, key=lambda d: d.start):
        if delay.start < due and delay.end > max(delay.start, start):
            due += delay.end - max(delay.start, start)
    return due


def notification_states(incident: Incident, policy: Policy, now: datetime) -> list[NoticeStatus]:
    """Where each recorded notification duty stands (entries naming no duty are left to check)."""
    entries = entries_by_key(incident, policy)
    states = []
    for key, entry in entries.items():
        rule = policy.notification_rules[entry.rule]
        duty = entry_duty(entry, rule, incident)
        assert duty is not None  # entries_by_key keeps only entries that name a duty
        if entry.required == "no":
            states.append(NoticeStatus(entry, rule, duty, None, None, "not_required"))
            continue
        start, due = duty_clock(incident, rule, duty, key[3], entries)
        if due is None and start is not None:
            state = "sent" if entry.sent_at else "open"  # a standard with no number: no instant
        else:
            state = clock_state(due, entry.sent_at, now)
        if entry.required == "pending" and entry.sent_at is None:
            # Not yet an obligation: a decision, whose own lateness is not a late notice.
            state = {"not_started": "pending", "due": "decision_due", "overdue": "decision_overdue"}.get(
                state, "pending" if state != "open" else "decision_open"
            )
        states.append(NoticeStatus(entry, rule, duty, start, due, state))
    return states


def notification_clocks(incident: Incident, policy: Policy, now: datetime) -> list[Clock]:
    """One clock per recorded notification duty, for its page."""
    clocks = []
    for status in notification_states(incident, policy, now):
        entry, duty = status.entry, status.duty
        recipient = duty_label(status.rule, duty, incident) + (
            f", {entry.jurisdiction}" if entry.jurisdiction else ""
        )
        if entry.addressee:
            recipient += f": {entry.addressee}"
        done_at = entry.sent_at if status.state != "not_required" else None
        deadline = duty.limit.deadline
        calendar = deadline.calendar if deadline else None
        due = status.due.astimezone(calendar.zone) if status.due and calendar else status.due
        clocks.append(
            Clock(
                "notification",
                status.rule.name,
                recipient,
                due,
                done_at,
                status.state,
                standard=duty.standard,
                zone=calendar.timezone if calendar else None,
                started=status.start,
                entry=entry,
            )
        )
    return clocks


def sla_deadlines(incident: Incident, policy: Policy) -> list[tuple[str, datetime, datetime | None]]:
    """(name, due, done at) of acknowledge (from reported_at, whatever the severity: an
    unassessed incident may be the worst, so it gets the shortest target), contain (from
    detected_at, for an assessed incident that is real) and, where the policy sets a restore
    target, restore (from detected_at to restored_at, for an outage: the availability domain
    or a recorded restored_at). Targets follow severity, or priority (`sla_basis`)."""
    if incident.historical:
        return []  # handled before the program: not measured against its targets
    key = policy.target_key(incident.severity, incident.priority)
    deadlines = []
    ack = policy.sla_acknowledge.get(key) if key else None
    if ack is None and key is None and policy.sla_acknowledge:
        ack = min(policy.sla_acknowledge.values())
    if ack is not None and _judgeable(incident, "reported_at", "acknowledged_at"):
        deadlines.append(("Acknowledge", incident.reported_at + ack, incident.acknowledged_at))
    real = incident.disposition not in NOT_REAL
    contain = policy.sla_contain.get(key) if key else None
    if contain is not None and real and _judgeable(incident, "detected_at", "contained_at"):
        deadlines.append(("Contain", incident.detected_at + contain, incident.contained_at))
    restore = policy.sla_restore.get(key) if key else None
    outage = "availability" in incident.domains or incident.restored_at is not None
    # resolved without restored_at: when service came back is not recorded, so no verdict
    unrecorded = incident.restored_at is None and incident.reached("resolved")
    if (
        restore is not None
        and real
        and outage
        and not unrecorded
        and _judgeable(incident, "detected_at", "restored_at")
    ):
        deadlines.append(("Restore", incident.detected_at + restore, incident.restored_at))
    return deadlines


def _judgeable(incident: Incident, start: str, end: str) -> bool:
    """A clock can be judged when it starts at an exact time and ends at one, or has not ended:
    an end recorded as unknown, or only as a date, could be either side of the due time."""
    done = getattr(incident, end)
    return (
        is_exact(getattr(incident, start))
        and end not in incident.unknown
        and (done is None or is_exact(done))
    )


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
    if incident.reached("resolved") or incident.disposition in NOT_REAL or incident.historical:
        return []  # from then on a missing severity or aware_at is an error of its own rule
    deadlines = []
    if incident.severity == "unassessed" and not incident.reached("investigating") and incident.reported_at:
        deadlines.append(("Assess severity", incident.reported_at + policy.assess_within))
    privacy = incident.privacy
    if (
        privacy
        and privacy.personal_data_disclosed in DISCLOSED
        and incident.aware_at is None
        and "aware_at" not in incident.unknown
        and incident.detected_at
    ):
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
