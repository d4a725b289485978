"""The measures of one slice of incidents (a month, a quarter, a severity...).

`tally()` only counts precomputed facts, so it is linear in the slice; tallies
add up (a quarter is the sum of its months) and `finish()` turns one into
`Measures`. Restricted incidents count everywhere; values that only restricted
incidents carry (a service or problem name) are counted as "(restricted)".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import attrgetter, itemgetter

from ..obligations.clocks import DECISIONS
from .facts import (
    DURATIONS,
    FLAT_KEYS,
    SLAS,
    VOLUME_DIMENSIONS,
    IncidentFacts,
    NotificationFact,
    PostmortemFact,
)
from .stats import NOTHING_COUNTED, Counted, Durations, median, rate


@dataclass(frozen=True, slots=True)
class Attainment:
    """How often a deadline was kept: met / (met + late + overdue)."""

    applicable: int  # clocks of this kind in the slice
    met: int
    late: int
    overdue: int  # not done and past due
    running: int  # not done, not yet due (or clock not started)
    rate: float | None


@dataclass(frozen=True, slots=True)
class NotificationStats:
    obligations: int  # required: yes
    on_time: int
    late: int
    overdue: int  # still open and past the deadline
    open: int  # still open, within the deadline, or clock not started, or a standard with no number
    sent_without_deadline: int  # sent where the law sets a standard only: nothing to be late against
    pending_decision: int  # required: pending (not obligations yet), whatever their clock says
    decision_overdue: int  # of those, the ones past the deadline the notice would have
    not_required: int
    on_time_rate: float | None  # on_time / (on_time + late + overdue)
    # deadline minus sending time; negative when late. None for "all": a median across rules
    # whose deadlines differ (72 hours, 60 days) means nothing, so only per rule
    median_lead_hours: float | None
    # the lead as a share of the time the deadline allows (due minus clock start): 0.5 = sent
    # with half the allowed time left; negative when late. Comparable across rules, so also for "all"
    median_lead_share: float | None = None
    lead_measured: int = 0  # the n of median_lead_share: notices with a deadline, its clock start and sent_at


@dataclass(frozen=True, slots=True)
class PostmortemStats:
    required: int
    written: int  # required and the file exists, whatever its status
    approved: int
    overdue: int  # required, not approved, past resolution + the policy's allowance
    approved_late: int
    median_days_to_approval: float | None  # from resolution


@dataclass(frozen=True, slots=True)
class ActionStats:
    """Action items as of the metrics' time. ``open`` counts every item not closed then,
    the overdue ones included (as the open-items series does); ``overdue`` is the part of
    them past its due day. total = open + done_on_time + done_late + wont_do."""

    total: int
    open: int  # not closed (open, in progress or blocked, or closed only later): overdue included
    overdue: int  # of the open ones, those past their due day
    done_on_time: int
    done_late: int
    wont_do: int
    median_days_to_close: float | None  # from the incident's report, done items only


@dataclass(frozen=True, slots=True)
class IndividualsSource:
    """The incidents whose individuals affected were counted from one source, and their sum."""

    incidents: int
    individuals: int


INDIVIDUALS_SOURCES = ("jurisdictions", "data_subjects")


@dataclass(frozen=True, slots=True)
class Measures:
    incidents: int
    restricted: int
    real: int  # excluding false positives, duplicates and non-incidents
    # every measure of DURATIONS, over the real incidents it applies to (`applicable_durations`)
    times: dict[str, Durations]
    slas: dict[str, Attainment]  # acknowledge, contain, restore, postmortem
    notifications: dict[str, NotificationStats]  # by rule id, plus "all"
    detected_internally: int
    internal_share: float | None  # of real incidents whose detection is known
    dispositions: dict[str, int]
    postmortems: PostmortemStats
    actions: ActionStats
    actions_by_owner: dict[str, ActionStats]
    actions_by_team: dict[str, ActionStats]
    volume: dict[str, dict[str, int]]  # dimension -> value -> incidents
    records_affected: int
    individuals_affected: int
    individuals_by_jurisdiction: dict[str, int]
    recurrences: int  # real incidents that recur
    recurrence_rate: float | None
    historical: int = 0  # historical records: in volumes, not in SLA or on-time rates
    detection_known: int = 0  # real incidents whose record says if detection was internal
    records_unknown: int = 0  # privacy incidents whose record counts are not all known
    individuals_unknown: int = 0  # privacy incidents whose counts of people are not all known
    # how individuals_affected was counted: by source, the incidents and the individuals
    individuals_sources: dict[str, IndividualsSource] = field(default_factory=dict)
    # customer impact (scope), over real incidents: sums of the known counts, with n and unknowns
    users_affected: Counted = NOTHING_COUNTED
    customers_affected: Counted = NOTHING_COUNTED
    # real incidents with `scope.sla_breached: true` (total), of those that record it (count)
    customer_sla_breached: Counted = NOTHING_COUNTED
    finished: int = 0  # real incidents resolved at least once (resolved or closed now, or reopened)
    reopened: int = 0  # of those, the ones whose record says they were reopened
    reopen_rate: float | None = None  # reopened / finished


def attainment(counts: Mapping[str, int]) -> Attainment:
    """From clock states and how many clocks are in each."""
    counts = Counter(counts)
    met, late, overdue = counts["met"], counts["late"], counts["overdue"]
    total = sum(counts.values())
    return Attainment(
        total, met, late, overdue, total - met - late - overdue, rate(met, met + late + overdue)
    )


def notification_stats(facts: Sequence[NotificationFact], *, one_rule: bool = True) -> NotificationStats:
    """From the notification facts of one rule, or (``one_rule=False``) of all rules: then no
    median lead in hours, only as a share of each deadline."""
    counts = Counter(map(_state, facts))
    on_time, late, overdue = counts["met"], counts["late"], counts["overdue"]
    leads = [n.lead_hours for n in facts if n.lead_hours is not None]
    shares = [n.lead_share for n in facts if n.lead_share is not None]
    not_required = counts["not_required"]
    pending = sum(counts[state] for state in DECISIONS)
    obligations = len(facts) - not_required - pending
    sent = counts["sent"]
    return NotificationStats(
        obligations=obligations,
        on_time=on_time,
        late=late,
        overdue=overdue,
        open=obligations - on_time - late - overdue - sent,
        sent_without_deadline=sent,
        pending_decision=pending,
        decision_overdue=counts["decision_overdue"],
        not_required=not_required,
        on_time_rate=rate(on_time, on_time + late + overdue),
        median_lead_hours=median(leads) if one_rule else None,
        median_lead_share=median(shares),
        lead_measured=len(shares),
    )


def action_stats(states: Mapping[str, int], days_to_close: Sequence[float]) -> ActionStats:
    """From how many items are in each state, and the days the done ones took to close."""
    return ActionStats(
        total=sum(states.values()),
        open=states.get("open", 0) + states.get("overdue", 0),
        overdue=states.get("overdue", 0),
        done_on_time=states.get("done_on_time", 0),
        done_late=states.get("done_late", 0),
        wont_do=states.get("wont_do", 0),
        median_days_to_close=median(days_to_close),
    )


def postmortem_stats(required: Sequence[PostmortemFact]) -> PostmortemStats:
    return PostmortemStats(
        required=len(required),
        written=sum(map(_written, required)),
        approved=sum(pm.approved_at is not None for pm in required),
        overdue=sum(pm.state == "overdue" for pm in required),
        approved_late=sum(pm.state == "late" for pm in required),
        median_days_to_approval=median([d for d in map(_days_to_approval, required) if d is not None]),
    )


@dataclass(slots=True)
class Tally:
    """What a slice adds up to before medians, rates and ordering.

    Counts add and value lists concatenate, so the tally of a quarter is the
    combination of its months' tallies: adding up costs no pass over the incidents.
    """

    incidents: int = 0
    restricted: int = 0
    real: int = 0
    internal: int = 0
    internal_known: int = 0
    historical: int = 0
    records_unknown: int = 0
    individuals_unknown: int = 0
    recurrences: int = 0
    finished: int = 0
    reopened: int = 0
    records: int = 0
    hours: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in DURATIONS})
    applicable: Counter[str] = field(default_factory=Counter)  # real incidents each measure applies to
    people: Counter[str] = field(default_factory=Counter)  # individuals affected, by source
    people_incidents: Counter[str] = field(default_factory=Counter)  # incidents, by source
    users: list[int] = field(default_factory=list)  # known counts, real incidents
    users_unknown: int = 0
    customers: list[int] = field(default_factory=list)
    customers_unknown: int = 0
    sla_breached: int = 0  # real incidents recording `sla_breached: true`
    sla_recorded: int = 0  # real incidents recording it at all
    slas: Counter[str] = field(default_factory=Counter)  # flat (SLA, state) keys
    volume: Counter[str] = field(default_factory=Counter)  # flat (dimension index, value) keys
    action_states: Counter[str] = field(default_factory=Counter)
    owners: Counter[str] = field(default_factory=Counter)  # flat (owner, state) keys
    teams: Counter[str] = field(default_factory=Counter)  # flat (team, state) keys
    dispositions: Counter[str] = field(default_factory=Counter)
    jurisdictions: Counter[str] = field(default_factory=Counter)
    notifications: list[NotificationFact] = field(default_factory=list)
    days_to_close: list[float] = field(default_factory=list)  # of done action items
    owner_days: dict[str, list[float]] = field(default_factory=dict)  # days to close, by owner
    team_days: dict[str, list[float]] = field(default_factory=dict)  # and by team
    postmortems: list[PostmortemFact] = field(default_factory=list)  # required ones

    @classmethod
    def combine(cls, tallies: Iterable[Tally]) -> Tally:
        """The tally of the union of disjoint slices."""
        tallies = list(tallies)
        out = cls()
        for t in tallies:
            out.incidents += t.incidents
            out.restricted += t.restricted
            out.real += t.real
            out.internal += t.internal
            out.internal_known += t.internal_known
            out.historical += t.historical
            out.records_unknown += t.records_unknown
            out.individuals_unknown += t.individuals_unknown
            out.recurrences += t.recurrences
            out.finished += t.finished
            out.reopened += t.reopened
            out.records += t.records
            out.users_unknown += t.users_unknown
            out.customers_unknown += t.customers_unknown
            out.sla_breached += t.sla_breached
            out.sla_recorded += t.sla_recorded
            for counter in (
                "applicable",
                "people",
                "people_incidents",
                "slas",
                "volume",
                "action_states",
                "owners",
                "teams",
                "dispositions",
                "jurisdictions",
            ):
                getattr(out, counter).update(getattr(t, counter))
        out.hours = {name: list(chain.from_iterable(t.hours[name] for t in tallies)) for name in DURATIONS}
        out.notifications = list(chain.from_iterable(t.notifications for t in tallies))
        out.days_to_close = list(chain.from_iterable(t.days_to_close for t in tallies))
        out.users = list(chain.from_iterable(t.users for t in tallies))
        out.customers = list(chain.from_iterable(t.customers for t in tallies))
        for t in tallies:
            for mine, theirs in ((out.owner_days, t.owner_days), (out.team_days, t.team_days)):
                for group, days in theirs.items():
                    mine.setdefault(group, []).extend(days)
        out.postmortems = list(chain.from_iterable(t.postmortems for t in tallies))
        return out


def tally(facts: Sequence[IncidentFacts]) -> Tally:
    """One slice's tally. Every pass is a C-level `map`/`Counter` over precomputed
    facts (no Python code per incident)."""
    real = list(compress(facts, map(_real, facts)))
    hours_of = list(map(_hours, real))
    actions = list(chain.from_iterable(map(_actions, facts)))
    jurisdictions: Counter[str] = Counter()
    for code, count in chain.from_iterable(map(_individuals, facts)):
        jurisdictions[code] += count
    closed = list(chain.from_iterable(map(_closed_actions, facts)))
    sources = list(map(_individuals_source, facts))  # "" for an incident that is not about privacy
    people: Counter[str] = Counter()
    for source, count in compress(zip(sources, map(_individuals_count, facts), strict=True), sources):
        people[source] += count  # a loop over the privacy incidents only
    people_incidents = Counter(filter(None, sources))
    users = [u for u in map(_users, real) if u is not None]
    customers = [c for c in map(_customers, real) if c is not None]
    breaches = [b for b in map(_sla_breached, real) if b is not None]
    owner_days: dict[str, list[float]] = defaultdict(list)
    team_days: dict[str, list[float]] = defaultdict(list)
    for action in closed:
        owner_days[action.owner].append(action.days_to_close)  # type: ignore[arg-type]
        team_days[action.team].append(action.days_to_close)  # type: ignore[arg-type]
    return Tally(
        incidents=len(facts),
        restricted=sum(map(_restricted, facts)),
        real=len(real),
        internal=sum(map(_internal, real)),
        internal_known=sum(map(_internal_known, real)),
        historical=sum(map(_historical, facts)),
        records_unknown=sum(map(_records_unknown, facts)),
        individuals_unknown=sum(map(_individuals_unknown, facts)),
        recurrences=sum(map(bool, map(_recurrence, real))),
        # resolved at least once: resolved or closed now, or reopened since
        finished=sum(1 for f in real if f.incident.reached("resolved") or f.incident.reopened),
        reopened=sum(1 for f in real if f.incident.reopened),
        records=sum(map(_records, facts)),
        hours={name: [h for h in map(itemgetter(name), hours_of) if h is not None] for name in DURATIONS},
        applicable=Counter(chain.from_iterable(map(_durations, real))),
        people=people,
        people_incidents=people_incidents,
        users=users,
        users_unknown=sum(map(_users_unknown, real)),
        customers=customers,
        customers_unknown=sum(map(_customers_unknown, real)),
        sla_breached=sum(breaches),
        sla_recorded=len(breaches),
        slas=Counter(chain.from_iterable(map(_sla_keys, facts))),
        volume=Counter(chain.from_iterable(map(_volume_keys, facts))),
        action_states=Counter(map(_state, actions)),
        owners=Counter(map(_owner_key, actions)),
        teams=Counter(map(_team_key, actions)),
        dispositions=Counter(map(_disposition, facts)),
        jurisdictions=jurisdictions,
        notifications=list(chain.from_iterable(map(_notifications, facts))),
        days_to_close=list(map(_days_to_close, closed)),
        owner_days=owner_days,
        team_days=team_days,
        postmortems=[pm for pm in map(_postmortem, facts) if pm.required],
    )


def _split(counts: Counter[str]) -> dict[str, dict[str, int]]:
    """Flat (group, value) counts -> group -> value -> count."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for key, count in counts.items():
        group, value = FLAT_KEYS[key]
        out[str(group)][value] = count
    return out


def _grouped(counts: Counter[str], days: Mapping[str, Sequence[float]]) -> dict[str, ActionStats]:
    """Action stats per owner or team."""
    states = _split(counts)
    return {group: action_stats(states[group], days.get(group, ())) for group in sorted(states)}


def volume(counts: Counter[str]) -> dict[str, dict[str, int]]:
    """Incidents per value of every volume dimension, most frequent first."""
    by_dimension = _split(counts)
    return {
        dimension: dict(sorted(by_dimension.get(str(index), {}).items(), key=lambda kv: (-kv[1], kv[0])))
        for index, dimension in enumerate(VOLUME_DIMENSIONS)
    }


def finish(t: Tally) -> Measures:
    """The measures of a tally: medians, percentiles, rates and orderings."""
    states = _split(t.slas)
    by_rule: dict[str, list[NotificationFact]] = defaultdict(list)
    for n in t.notifications:
        by_rule[n.rule].append(n)
    notifications = {rule: notification_stats(by_rule[rule]) for rule in sorted(by_rule)}
    notifications["all"] = notification_stats(t.notifications, one_rule=False)
    return Measures(
        incidents=t.incidents,
        restricted=t.restricted,
        real=t.real,
        # missing: real incidents the measure applies to that lack one of its two times
        times={name: Durations.of(hours, t.applicable[name] - len(hours)) for name, hours in t.hours.items()},
        slas={name: attainment(states.get(name, {})) for name in SLAS},
        notifications=notifications,
        detected_internally=t.internal,
        internal_share=rate(t.internal, t.internal_known),  # of those whose detection is known
        historical=t.historical,
        detection_known=t.internal_known,
        records_unknown=t.records_unknown,
        individuals_unknown=t.individuals_unknown,
        dispositions=dict(sorted(t.dispositions.items())),
        postmortems=postmortem_stats(t.postmortems),
        actions=action_stats(t.action_states, t.days_to_close),
        actions_by_owner=_grouped(t.owners, t.owner_days),
        actions_by_team=_grouped(t.teams, t.team_days),
        volume=volume(t.volume),
        records_affected=t.records,
        # per incident, from one source (`facts.individuals_affected`), never both
        individuals_affected=sum(t.people.values()),
        individuals_by_jurisdiction=dict(sorted(t.jurisdictions.items())),
        individuals_sources={
            source: IndividualsSource(t.people_incidents[source], t.people[source])
            for source in INDIVIDUALS_SOURCES
        },
        recurrences=t.recurrences,
        recurrence_rate=rate(t.recurrences, t.real),
        users_affected=Counted.of(t.users, t.users_unknown),
        customers_affected=Counted.of(t.customers, t.customers_unknown),
        customer_sla_breached=Counted(t.sla_breached, t.sla_recorded, 0, None, None),
        finished=t.finished,
        reopened=t.reopened,
        reopen_rate=rate(t.reopened, t.finished),
    )


def measure(facts: Sequence[IncidentFacts]) -> Measures:
    """The measures of one slice of incidents."""
    return finish(tally(facts))


# Field getters (C-level, so passes over facts run no Python code per element).
_actions = attrgetter("actions")
_closed_actions = attrgetter("closed_actions")
_days_to_approval = attrgetter("days_to_approval")
_days_to_close = attrgetter("days_to_close")
_durations = attrgetter("durations")
_individuals_count = attrgetter("individuals_count")
_individuals_source = attrgetter("individuals_source")
_users = attrgetter("users")
_users_unknown = attrgetter("users_unknown")
_customers = attrgetter("customers")
_customers_unknown = attrgetter("customers_unknown")
_sla_breached = attrgetter("sla_breached")
_disposition = attrgetter("disposition")
_hours = attrgetter("hours")
_historical = attrgetter("historical")
_records_unknown = attrgetter("records_unknown")
_individuals_unknown = attrgetter("individuals_unknown")
_internal_known = attrgetter("internal_known")
_individuals = attrgetter("individuals")
_internal = attrgetter("internal")
_notifications = attrgetter("notifications")
_owner_key = attrgetter("owner_key")
_postmortem = attrgetter("postmortem")
_real = attrgetter("real")
_records = attrgetter("records")
_recurrence = attrgetter("recurrence")
_restricted = attrgetter("restricted")
_sla_keys = attrgetter("sla_keys")
_state = attrgetter("state")
_team_key = attrgetter("team_key")
_volume_keys = attrgetter("volume_keys")
_written = attrgetter("written")
