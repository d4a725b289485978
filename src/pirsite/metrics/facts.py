"""What each incident contributes to the metrics, worked out once.

Aggregation then only counts and sorts these facts per slice (month, quarter,
severity...), so every slice costs time linear in its incidents. Facts are
plain (unfrozen) dataclasses because tens of thousands are built per run;
nothing changes them after `incident_facts` returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import chain
from operator import attrgetter

from ..moments import at_least, is_exact
from ..obligations.clocks import NoticeStatus, clock_state, notification_states, sla_deadlines
from ..policy import Policy
from ..records import NOT_REAL, ActionItem, Incident, Postmortem, Privacy
from ..rules.crossrecord import postmortem_required
from .periods import end_of_day, month_of, quarter_of_month, utc_date
from .recurrence import Match

HOUR = 3600.0
DURATIONS = {  # measure -> (from, to): the timestamps `incident_facts` measures between
    "detect": ("occurred_at", "detected_at"),
    "report": ("detected_at", "reported_at"),  # detected -> reported delay
    "acknowledge": ("reported_at", "acknowledged_at"),
    "aware": ("detected_at", "aware_at"),  # detected -> aware of a personal data breach
    "assess_risk": ("aware_at", "privacy.risk.assessed_at"),  # aware -> risk assessment completed
    "decide": ("aware_at", "decided_at"),  # aware -> first notification decision (yes or no)
    "contain": ("detected_at", "contained_at"),
    "exposure": ("occurred_at", "contained_at"),  # exposure window: began -> harm stopped growing
    "restore": ("detected_at", "restored_at"),  # ITIL time to restore service
    "outage": ("occurred_at", "restored_at"),  # outage duration: began -> service restored
    "resolve": ("detected_at", "resolved_at"),
}
# Measures about some incidents only (the rest apply to every real incident): an incident that
# is not of the kind counts neither as measured nor as missing, unless it records the end time.
PRIVACY_DURATIONS = ("aware", "assess_risk", "decide")  # privacy incidents that disclosed (or may have) data
OUTAGE_DURATIONS = ("restore", "outage")  # outages: the availability domain (as the restore SLA clock)
SLAS = ("acknowledge", "contain", "restore", "postmortem")


def _getter(path: str):
    """A getter for a dotted attribute path that gives None past a missing part
    (`privacy.risk.assessed_at` of an incident without a risk assessment)."""
    if "." not in path:
        return attrgetter(path)
    names = path.split(".")

    def get(obj: object) -> object:
        for name in names:
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        return obj

    return get


_ENDS = {name: (_getter(start), _getter(end)) for name, (start, end) in DURATIONS.items()}
_GENERAL = tuple(n for n in DURATIONS if n not in PRIVACY_DURATIONS + OUTAGE_DURATIONS)
_APPLIES = {  # (about privacy, an outage) -> the measures that apply, in DURATIONS order
    (privacy, outage): tuple(
        n
        for n in DURATIONS
        if n in _GENERAL or (privacy and n in PRIVACY_DURATIONS) or (outage and n in OUTAGE_DURATIONS)
    )
    for privacy in (False, True)
    for outage in (False, True)
}


def applicable_durations(incident: Incident) -> tuple[str, ...]:
    """The time-to-X measures an incident is expected to have: every general one; the privacy
    ones for a privacy record whose data was (or may have been) disclosed, or that records
    `aware_at`; time to restore for an availability incident or one that records `restored_at`."""
    privacy = incident.privacy
    about_privacy = (
        (privacy is not None and privacy.personal_data_disclosed != "no")
        or incident.aware_at is not None
        or "aware_at" in incident.unknown
    )
    outage = (
        "availability" in incident.domains
        or incident.restored_at is not None
        or "restored_at" in incident.unknown
    )
    return _APPLIES[about_privacy, outage]


@dataclass(slots=True)
class NotificationFact:
    rule: str
    state: str  # a clock state: met | late | due | overdue | pending | not_started | not_required
    due: datetime | None
    lead_hours: float | None  # deadline minus sending time (negative when late)
    # lead_hours as a share of the time the deadline allows (due minus clock start): comparable
    # across a 72-hour and a 60-day rule, unlike hours
    lead_share: float | None = None


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
    # as of the metrics' time: open (not closed, not past due) | overdue (not closed, past due)
    # | done_on_time | done_late | wont_do; an item closed after that time is not closed yet
    state: str
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
    durations: tuple[str, ...]  # the measures that apply to it (`applicable_durations`)
    slas: dict[str, str]  # SLA name -> clock state, for the SLAs that apply
    notifications: tuple[NotificationFact, ...]
    postmortem: PostmortemFact
    actions: tuple[ActionFact, ...]
    recurrence: tuple[Match, ...]
    volume: tuple[tuple[str, ...], ...]  # the values it counts under, per VOLUME_DIMENSIONS
    records: int  # records affected: the largest known record count of one data category
    individuals: tuple[tuple[str, int], ...]  # (jurisdiction, count), the known counts
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
    # individuals affected: the known counts of the source used ("jurisdictions" when the
    # record counts by jurisdiction, else "data_subjects"; "" when it records neither)
    individuals_count: int = 0
    individuals_source: str = ""
    # customer impact (scope): a known count, or None; *_unknown when recorded as `unknown`
    users: int | None = None
    users_unknown: bool = False
    customers: int | None = None
    customers_unknown: bool = False
    sla_breached: bool | None = None  # None: not recorded


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
        key = policy.target_key(incident.severity, incident.priority)
        allowance = policy.sla_postmortem_due.get(key) if key else None
        if allowance is not None and incident.resolved_at is not None:
            due = incident.resolved_at + allowance
        state = clock_state(due, approved, now)
    days = None
    if required and approved is not None and incident.resolved_at is not None:
        days = (approved - incident.resolved_at).total_seconds() / 86400
    return PostmortemFact(required, postmortem is not None, approved, due, state, days)


def _action(item: ActionItem, incident: Incident, policy: Policy, now: datetime) -> ActionFact:
    """The item's state as of ``now``: one closed (done or dropped) after ``now`` was still
    open then, and overdue if its due day had passed."""
    owner = policy.people.get(item.owner)
    team = item.team or (owner.team if owner else "unspecified")
    later = item.closed_at is not None and item.closed_at > now  # closed, but only after now
    closed = None if later else item.closed_at
    reported = incident.reported_at
    days = (closed - reported).total_seconds() / 86400 if closed and is_exact(reported) else None
    if item.status == "wont_do" and not later:  # (dropped with no closed_at: check asks for one)
        state = "wont_do"
    elif item.status == "done" and closed is not None:
        state = "done_on_time" if closed < end_of_day(item.due) else "done_late"
    else:
        state = "overdue" if item.due < utc_date(now) else "open"
    return ActionFact(
        item,
        incident,
        team,
        state,
        days if state in ("done_on_time", "done_late") else None,
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


def _lead(status: NoticeStatus) -> tuple[float | None, float | None]:
    """(hours the notice was sent before its deadline, that lead as a share of the time the
    deadline allows); None without a deadline, a clock start or a sending time."""
    sent, due, start = status.entry.sent_at, status.due, status.start
    if not due or not sent:
        return None, None
    lead = (due - sent).total_seconds() / HOUR
    allowed = (due - start).total_seconds() / HOUR if start else 0.0
    return lead, (lead / allowed if allowed > 0 else None)


def records_affected(privacy: Privacy | None) -> tuple[int, bool]:
    """(records affected, whether a count is unknown). One person can appear in several data
    categories, so the categories' counts are not added: the largest one is a lower bound of
    the records (people) affected. Unknown when no category is listed or one is `unknown`."""
    if privacy is None:
        return 0, False
    known = [d.records for d in privacy.data if d.records is not None]
    return max(known, default=0), not privacy.data or len(known) < len(privacy.data)


def individuals_affected(privacy: Privacy | None) -> tuple[int, str, bool]:
    """(individuals affected, the source counted, whether the count is not all known).

    The counts by jurisdiction when the record gives them, else the data subjects' counts;
    never both added (they count the same people twice). A source is complete when it lists
    something and every count in it is known; the jurisdictions are used unless they are
    incomplete and the data subjects are complete. Unknown counts add nothing and make the
    figure unknown (at least what is shown)."""
    if privacy is None:
        return 0, "", False
    places, subjects = privacy.individuals_by_jurisdiction, privacy.data_subjects
    places_known = [j.count for j in places if j.count is not None]
    subjects_known = [s.count for s in subjects if s.count is not None]
    places_complete = bool(places) and len(places_known) == len(places)
    subjects_complete = bool(subjects) and len(subjects_known) == len(subjects)
    if places and (places_complete or not subjects_complete):
        return sum(places_known), "jurisdictions", not places_complete
    if subjects:
        return sum(subjects_known), "data_subjects", not subjects_complete
    return 0, "", True


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
        NotificationFact(status.rule.id, status.state, status.due, *_lead(status))
        for status in notification_states(incident, policy, now)
        if not incident.historical  # no on-time rate for what was handled before the program
    )
    privacy = incident.privacy
    when = incident.when
    month = month_of(when) if at_least(when, "month") else ""  # dated to the year only: no month
    volume = volume_keys(incident, hidden)
    actions = tuple(_action(item, incident, policy, now) for item in incident.action_items)
    records, records_unknown = records_affected(privacy)
    people, source, people_unknown = individuals_affected(privacy)
    scope, unknown = incident.scope, incident.unknown
    return IncidentFacts(
        incident=incident,
        month=month,
        quarter=quarter_of_month(month) if month else "",
        year=f"{when.year:04d}",
        real=incident.disposition not in NOT_REAL,
        hours={name: _hours(start(incident), end(incident)) for name, (start, end) in _ENDS.items()},
        durations=applicable_durations(incident),
        slas=slas,
        notifications=notifications,
        postmortem=pm,
        actions=actions,
        recurrence=recurrence,
        volume=volume,
        records=records,
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
        records_unknown=records_unknown,
        individuals_unknown=people_unknown,
        individuals_count=people,
        individuals_source=source,
        users=scope.users_affected,
        users_unknown="scope.users_affected" in unknown,
        customers=scope.customers_affected,
        customers_unknown="scope.customers_affected" in unknown,
        sla_breached=scope.sla_breached,
    )
