"""What each incident contributes to the metrics, worked out once.

Aggregation then only counts and sorts these facts per slice (month, quarter,
severity...), so every slice costs time linear in its incidents. Facts are
plain (unfrozen) dataclasses because tens of thousands are built per run;
nothing changes them after `incident_facts` returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from operator import attrgetter

from ..moments import at_least, is_exact
from ..obligations.clocks import clock_state, notification_states, sla_deadlines
from ..policy import Policy
from ..records import NOT_REAL, ActionItem, Incident, Postmortem
from ..rules.crossrecord import postmortem_required
from .periods import end_of_day, month_of, quarter_of_month, utc_date
from .recurrence import Match

HOUR = 3600.0
DURATIONS = {  # measure -> (from, to): the timestamps `incident_facts` measures between
    "detect": ("occurred_at", "detected_at"),
    "acknowledge": ("reported_at", "acknowledged_at"),
    "contain": ("detected_at", "contained_at"),
    "resolve": ("detected_at", "resolved_at"),
}
_ENDS = {name: (attrgetter(start), attrgetter(end)) for name, (start, end) in DURATIONS.items()}
SLAS = ("acknowledge", "contain", "postmortem")


@dataclass(slots=True)
class NotificationFact:
    rule: str
    state: str  # a clock state: met | late | due | overdue | pending | not_started | not_required
    due: datetime | None
    lead_hours: float | None  # deadline minus sending time (negative when late)


@dataclass(slots=True)
class PostmortemFact:
    required: bool
    written: bool
    approved_at: datetime | None
    due: datetime | None  # resolution + the policy's postmortem SLA
    state: str | None  # SLA clock state when required
    days_to_approval: float | None = None  # from resolution, when required and approved


@dataclass(slots=True)
class ActionFact:
    item: ActionItem
    incident: Incident
    team: str  # the item's team, else its owner's team on the roster, else "unspecified"
    state: str  # open | overdue | done_on_time | done_late | wont_do
    days_to_close: float | None  # from the incident's report to closing (items carry no creation time)
    owner: str = ""
    owner_key: str = ""  # `flat_key`s of (owner, state) and (team, state), for C-level counting
    team_key: str = ""


@dataclass(slots=True)
class IncidentFacts:
    incident: Incident
    month: str  # "" when the incident is dated only to the year
    quarter: str
    year: str
    real: bool  # not a false positive, duplicate or non-incident
    hours: dict[str, float | None]  # measure -> duration in hours, None when a timestamp is missing
    slas: dict[str, str]  # SLA name -> clock state, for the SLAs that apply
    notifications: tuple[NotificationFact, ...]
    postmortem: PostmortemFact
    actions: tuple[ActionFact, ...]
    recurrence: tuple[Match, ...]
    volume: tuple[tuple[str, ...], ...]  # the values it counts under, per VOLUME_DIMENSIONS
    records: int  # records affected (privacy.data)
    individuals: tuple[tuple[str, int], ...]  # (jurisdiction, count)
    # Flat keys for C-level counting in `measures.measure` (no Python loop per incident):
    closed_actions: tuple[ActionFact, ...] = ()  # the done ones (with days_to_close)
    volume_keys: tuple[str, ...] = ()  # `flat_key`s of (index in VOLUME_DIMENSIONS, value)
    sla_keys: tuple[str, ...] = ()  # `flat_key`s of (SLA, clock state)
    disposition: str = "unspecified"
    restricted: bool = False
    internal: bool = False  # detected internally
    internal_known: bool = True  # the record says whether it was detected internally
    historical: bool = False
    # a privacy incident whose counts are not all known adds what is known, and is counted here
    records_unknown: bool = False
    individuals_unknown: bool = False


def approved_at(postmortem: Postmortem | None) -> datetime | None:
    """When an approved postmortem got its last approving decision."""
    if postmortem is None or postmortem.status != "approved":
        return None
    times = [a.at for a in postmortem.approvals if a.decision == "approved"]
    return max(times) if times else None


def _hours(start: datetime | None, end: datetime | None) -> float | None:
    """Hours between two exact times; None when either is missing, unknown or partial
    (two month-precision times do not make a measured duration)."""
    return (end - start).total_seconds() / HOUR if is_exact(start) and is_exact(end) else None


def _postmortem(
    incident: Incident, postmortem: Postmortem | None, policy: Policy, now: datetime
) -> PostmortemFact:
    required = postmortem_required(incident, policy)
    approved = approved_at(postmortem)
    due = None
    state = None
    if required:
        allowance = policy.sla_postmortem_due.get(incident.severity)
        if allowance is not None and incident.resolved_at is not None:
            due = incident.resolved_at + allowance
        state = clock_state(due, approved, now)
    days = None
    if required and approved is not None and incident.resolved_at is not None:
        days = (approved - incident.resolved_at).total_seconds() / 86400
    return PostmortemFact(required, postmortem is not None, approved, due, state, days)


def _action(item: ActionItem, incident: Incident, policy: Policy, today: date) -> ActionFact:
    owner = policy.people.get(item.owner)
    team = item.team or (owner.team if owner else "unspecified")
    closed = item.closed_at
    reported = incident.reported_at
    days = (closed - reported).total_seconds() / 86400 if closed and is_exact(reported) else None
    if item.status == "wont_do":
        state = "wont_do"
    elif item.status == "done" and closed is not None:
        state = "done_on_time" if closed < end_of_day(item.due) else "done_late"
    else:
        state = "overdue" if item.due < today else "open"
    return ActionFact(
        item,
        incident,
        team,
        state,
        days if item.status == "done" else None,
        item.owner,
        flat_key(item.owner, state),
        flat_key(team, state),
    )


VOLUME_DIMENSIONS = (
    "severity",
    "domain",
    "category",
    "root_cause",
    "contributing_factor",
    "service",
    "team",
    "data_category",
    "problem",
)
UNSPECIFIED = "unspecified"
RESTRICTED = "(restricted)"


FLAT_KEYS: dict[str, tuple[int | str, str]] = {}  # flat key -> the pair it stands for
_FLAT: dict[tuple[int | str, str], str] = {}


def flat_key(first: int | str, second: str) -> str:
    """One shared string per pair: counting these is about twice as fast as counting
    fresh tuples (a string caches its hash and equal keys are the same object)."""
    key = _FLAT.get((first, second))
    if key is None:
        key = _FLAT[(first, second)] = f"{first}\x1f{second}"
        FLAT_KEYS[key] = (first, second)
    return key


@lru_cache(maxsize=4096)
def _flat_values(index: int, values: tuple[str, ...]) -> tuple[str, ...]:
    """The flat keys of one dimension's values (few distinct tuples, so cached)."""
    return tuple(flat_key(index, value) for value in values)


def volume_keys(incident: Incident, hidden: dict[str, frozenset[str]]) -> tuple[tuple[str, ...], ...]:
    """The values an incident counts under, per volume dimension; a value in ``hidden``
    (carried only by restricted incidents) counts as `RESTRICTED`."""
    cause, privacy = incident.cause, incident.privacy
    keys = (
        (incident.severity,),
        incident.domains,
        (incident.category,),
        (cause.root_cause_category or UNSPECIFIED,),
        tuple(sorted({f.category for f in cause.contributing_factors})),
        incident.scope.services,
        incident.teams,
        tuple(sorted({d.category for d in privacy.data})) if privacy else (),
        (cause.problem,) if cause.problem else (),
    )
    if not any(hidden.values()):
        return keys
    return tuple(
        tuple(sorted({RESTRICTED if v in hidden.get(dim, ()) else v for v in values}))
        for dim, values in zip(VOLUME_DIMENSIONS, keys, strict=True)
    )


def incident_facts(
    incident: Incident,
    postmortem: Postmortem | None,
    recurrence: tuple[Match, ...],
    policy: Policy,
    now: datetime,
    hidden: dict[str, frozenset[str]],
) -> IncidentFacts:
    slas = {name.lower(): clock_state(due, done, now) for name, due, done in sla_deadlines(incident, policy)}
    pm = _postmortem(incident, postmortem, policy, now)
    if pm.state is not None:
        slas["postmortem"] = pm.state
    notifications = tuple(
        NotificationFact(
            status.rule.id,
            status.state,
            status.due,
            (status.due - status.entry.sent_at).total_seconds() / HOUR
            if status.due and status.entry.sent_at
            else None,
        )
        for status in notification_states(incident, policy, now)
        if not incident.historical  # no on-time rate for what was handled before the program
    )
    privacy = incident.privacy
    when = incident.when
    month = month_of(when) if at_least(when, "month") else ""  # dated to the year only: no month
    volume = volume_keys(incident, hidden)
    today = utc_date(now)
    actions = tuple(_action(item, incident, policy, today) for item in incident.action_items)
    return IncidentFacts(
        incident=incident,
        month=month,
        quarter=quarter_of_month(month) if month else "",
        year=f"{when.year:04d}",
        real=incident.disposition not in NOT_REAL,
        hours={name: _hours(start(incident), end(incident)) for name, (start, end) in _ENDS.items()},
        slas=slas,
        notifications=notifications,
        postmortem=pm,
        actions=actions,
        recurrence=recurrence,
        volume=volume,
        records=sum(d.records or 0 for d in privacy.data) if privacy else 0,
        # known counts only: an unknown count is never added as zero (nor guessed)
        individuals=tuple(
            (j.jurisdiction, j.count) for j in privacy.individuals_by_jurisdiction if j.count is not None
        )
        if privacy
        else (),
        closed_actions=tuple(a for a in actions if a.days_to_close is not None),
        volume_keys=tuple(chain.from_iterable(map(_flat_values, range(len(volume)), volume))),
        sla_keys=tuple(flat_key(*pair) for pair in slas.items()),
        disposition=incident.disposition or UNSPECIFIED,
        restricted=incident.restricted,
        internal=incident.detection.internal is True,
        internal_known=incident.detection.internal is not None,
        historical=incident.historical,
        records_unknown=privacy is not None
        and (not privacy.data or any(d.records is None for d in privacy.data)),
        individuals_unknown=privacy is not None
        and (
            not privacy.individuals_by_jurisdiction
            or any(j.count is None for j in privacy.individuals_by_jurisdiction)
        ),
    )
