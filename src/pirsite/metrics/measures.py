"""The measures of one slice of incidents (a month, a quarter, a severity...).

`measure()` only counts and orders precomputed facts, so it is linear in the
slice. Restricted incidents count everywhere; values that only restricted
incidents carry (a service or problem name) are counted as "(restricted)".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from .facts import DURATIONS, SLAS, UNSPECIFIED, VOLUME_DIMENSIONS, ActionFact, IncidentFacts
from .stats import Durations, median, rate


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
    open: int  # still open, within the deadline, or clock not started
    pending_decision: int  # required: pending
    not_required: int
    on_time_rate: float | None  # on_time / (on_time + late + overdue)
    median_lead_hours: float | None  # deadline minus sending time; negative when late


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
    total: int
    open: int  # open, in progress or blocked, and not past due
    overdue: int
    done_on_time: int
    done_late: int
    wont_do: int
    median_days_to_close: float | None  # from the incident's report, done items only


@dataclass(frozen=True, slots=True)
class Measures:
    incidents: int
    restricted: int
    real: int  # excluding false positives, duplicates and non-incidents
    times: dict[str, Durations]  # detect, acknowledge, contain, resolve (real incidents)
    slas: dict[str, Attainment]  # acknowledge, contain, postmortem
    notifications: dict[str, NotificationStats]  # by rule id, plus "all"
    detected_internally: int
    internal_share: float | None  # of real incidents
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


def attainment(counts: Mapping[str, int]) -> Attainment:
    """From clock states and how many clocks are in each."""
    counts = Counter(counts)
    met, late, overdue = counts["met"], counts["late"], counts["overdue"]
    total = sum(counts.values())
    return Attainment(
        total, met, late, overdue, total - met - late - overdue, rate(met, met + late + overdue)
    )


def notification_stats(facts: Sequence[tuple[str, float | None]]) -> NotificationStats:
    """From (clock state, lead hours) pairs of one rule or of all."""
    counts = Counter(state for state, _ in facts)
    on_time, late, overdue = counts["met"], counts["late"], counts["overdue"]
    leads = [lead for _, lead in facts if lead is not None]
    not_required, pending = counts["not_required"], counts["pending"]
    obligations = len(facts) - not_required - pending
    return NotificationStats(
        obligations=obligations,
        on_time=on_time,
        late=late,
        overdue=overdue,
        open=obligations - on_time - late - overdue,
        pending_decision=pending,
        not_required=not_required,
        on_time_rate=rate(on_time, on_time + late + overdue),
        median_lead_hours=median(leads),
    )


def action_stats(actions: Sequence[ActionFact]) -> ActionStats:
    counts = Counter(a.state for a in actions)
    return ActionStats(
        total=len(actions),
        open=counts["open"],
        overdue=counts["overdue"],
        done_on_time=counts["done_on_time"],
        done_late=counts["done_late"],
        wont_do=counts["wont_do"],
        median_days_to_close=median([a.days_to_close for a in actions if a.days_to_close is not None]),
    )


def _grouped(actions: Sequence[ActionFact], key: Callable[[ActionFact], str]) -> dict[str, ActionStats]:
    groups: dict[str, list[ActionFact]] = defaultdict(list)
    for action in actions:
        groups[key(action)].append(action)
    return {name: action_stats(groups[name]) for name in sorted(groups)}


def postmortem_stats(facts: Sequence[IncidentFacts]) -> PostmortemStats:
    required = [f for f in facts if f.postmortem.required]
    days = [
        (f.postmortem.approved_at - f.incident.resolved_at).total_seconds() / 86400
        for f in required
        if f.postmortem.approved_at is not None and f.incident.resolved_at is not None
    ]
    return PostmortemStats(
        required=len(required),
        written=sum(f.postmortem.written for f in required),
        approved=sum(f.postmortem.approved_at is not None for f in required),
        overdue=sum(f.postmortem.state == "overdue" for f in required),
        approved_late=sum(f.postmortem.state == "late" for f in required),
        median_days_to_approval=median(days),
    )


def measure(facts: Sequence[IncidentFacts]) -> Measures:
    """The measures of one slice. Counting is done by `Counter` over precomputed facts,
    so a slice costs a few C-level passes over its incidents."""
    real = [f for f in facts if f.real]
    times = {}
    for name in DURATIONS:
        hours = [h for f in real if (h := f.hours[name]) is not None]
        times[name] = Durations.of(hours, len(real) - len(hours))
    states = Counter(chain.from_iterable(f.slas.items() for f in facts))
    slas = {name: attainment({s: n for (sla, s), n in states.items() if sla == name}) for name in SLAS}
    by_rule: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    for f in facts:
        for n in f.notifications:
            by_rule[n.rule].append((n.state, n.lead_hours))
    notifications = {rule: notification_stats(by_rule[rule]) for rule in sorted(by_rule)}
    notifications["all"] = notification_stats([pair for pairs in by_rule.values() for pair in pairs])
    actions = list(chain.from_iterable(f.actions for f in facts))
    volume = {}
    for index, dimension in enumerate(VOLUME_DIMENSIONS):
        counts = Counter(chain.from_iterable(f.volume[index] for f in facts))
        volume[dimension] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    jurisdictions: Counter[str] = Counter()
    for f in facts:
        for code, count in f.individuals:
            jurisdictions[code] += count
    internal = sum(f.incident.detection.internal for f in real)
    recurrences = sum(bool(f.recurrence) for f in real)
    return Measures(
        incidents=len(facts),
        restricted=sum(f.incident.restricted for f in facts),
        real=len(real),
        times=times,
        slas=slas,
        notifications=notifications,
        detected_internally=internal,
        internal_share=rate(internal, len(real)),
        dispositions=dict(sorted(Counter(f.incident.disposition or UNSPECIFIED for f in facts).items())),
        postmortems=postmortem_stats(facts),
        actions=action_stats(actions),
        actions_by_owner=_grouped(actions, attrgetter("item.owner")),
        actions_by_team=_grouped(actions, attrgetter("team")),
        volume=volume,
        records_affected=sum(f.records for f in facts),
        individuals_affected=sum(jurisdictions.values()),
        individuals_by_jurisdiction=dict(sorted(jurisdictions.items())),
        recurrences=recurrences,
        recurrence_rate=rate(recurrences, len(real)),
    )
