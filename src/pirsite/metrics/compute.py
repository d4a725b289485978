"""Program metrics from checked records: pure functions, no I/O, no mkdocs.

`compute()` works out each incident's facts once (clocks, durations,
postmortem and action states, recurrence), then measures slices of them:
overall, every year, month and quarter (UTC, by `detected_at`, else `reported_at`, else
`occurred_at`; an incident dated only to the year counts in its year, not in any month), every severity,
domain and category. The audience only decides what drill-down lists may
name: aggregates are the same for every audience.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..collector import collector_paused
from ..policy import Policy
from ..problem_records import ProblemRecord
from ..records import NOT_REAL, Incident, Postmortem
from .changes import ChangeSummary, change_summary
from .facts import IncidentFacts, incident_facts
from .measures import Measures, Tally, finish, tally
from .periods import (
    end_of_day,
    month_end,
    month_of,
    months_between,
    quarter_of,
    quarter_of_month,
    quarters_between,
)
from .problems import ProblemSummary, problem_summary
from .recurrence import ClassKey, find_recurrences, undetermined

Cell = tuple[str, str, tuple[str, ...]]  # (severity, category, domains)

AUDIENCES = ("internal", "restricted")


@dataclass(frozen=True, slots=True)
class ActionSnapshot:
    """Action items open (and of those, past due) at the end of a month, or at "now"."""

    month: str
    at: datetime
    open: int
    overdue: int


@dataclass(slots=True)  # not frozen: thousands are made, and a frozen init costs 4x
class PreventionAction:
    incident: str
    id: str
    title: str
    status: str


@dataclass(frozen=True, slots=True)
class RecurringClass:
    """A class (root cause and service, problem, or mechanism) with at least one recurrence."""

    kind: str  # "cause", "problem", "mechanism" or "restricted"
    root_cause: str | None
    service: str | None
    problem: str | None
    incidents: int
    recurrences: int
    fix_failed: int  # recurrences after every prevention action of the class was done
    by_quarter: dict[str, int]  # recurrences by the quarter they were detected in
    shown: tuple[str, ...]  # incident ids the audience may see, in detection order
    hidden: int  # restricted incidents of the class (counted, not named)
    prevention: tuple[PreventionAction, ...]  # the class's prevention actions the audience may see
    mechanism: str | None = None  # the policy's recurrence tag the class shares


@dataclass(frozen=True, slots=True)
class Metrics:
    as_of: datetime
    audience: str
    recurrence_window_days: int
    overall: Measures
    months: dict[str, Measures]
    quarters: dict[str, Measures]
    years: dict[str, Measures]
    by_severity: dict[str, Measures]
    by_domain: dict[str, Measures]
    by_category: dict[str, Measures]
    actions_over_time: tuple[ActionSnapshot, ...]
    recurring_classes: tuple[RecurringClass, ...]  # most recurrences first
    timezone: str = "UTC"
    bucketed_by: str = "detected_at"
    minimum_sample: int = 5  # the policy's: fewer than this in a quarter, no better/worse verdict
    targets: dict[str, float] = field(default_factory=dict)  # the policy's targets
    problems: ProblemSummary | None = None  # problem records (None: the program keeps none)
    changes: ChangeSummary | None = None  # the changes incidents name (metrics.changes)
    # Real incidents whose recurrence cannot be judged yet (no root cause, problem or mechanism):
    # the visible ones by id, and how many in all (restricted ones included).
    undetermined: tuple[str, ...] = ()
    undetermined_total: int = 0
    recurrence_tags: tuple[str, ...] = ()  # the policy's mechanism tags
    facts: tuple[IncidentFacts, ...] = field(default=(), repr=False, metadata={"export": False})

    def shows(self, incident: Incident) -> bool:
        return visible(incident, self.audience)


def visible(incident: Incident, audience: str) -> bool:
    """May the audience's lists name ``incident``? (Aggregates count it either way.)"""
    return audience == "restricted" or not incident.restricted


def hidden_values(incidents: Iterable[Incident], audience: str) -> dict[str, frozenset[str]]:
    """Service and problem names only restricted incidents carry (none for the restricted audience)."""
    if audience == "restricted":
        return {}
    seen: dict[str, set[str]] = {"service": set(), "problem": set(), "mechanism": set()}
    public: dict[str, set[str]] = {"service": set(), "problem": set(), "mechanism": set()}
    for incident in incidents:
        target = seen if incident.restricted else public
        target["service"].update(incident.scope.services)
        target["mechanism"].update(incident.tags)
        if incident.cause.problem:
            target["problem"].add(incident.cause.problem)
    return {dim: frozenset(seen[dim] - public[dim]) for dim in seen}


def compute(
    incidents: Iterable[Incident],
    postmortems: Mapping[str, Postmortem],
    policy: Policy,
    *,
    now: datetime,
    audience: str = "internal",
    problem_records: Mapping[str, ProblemRecord] | None = None,
) -> Metrics:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    with collector_paused(long_lived=True):  # the facts live as long as the build
        incidents = list(incidents)
        metrics = _compute(incidents, postmortems, policy, now, audience)
    metrics = replace(metrics, changes=change_summary(incidents, audience))
    if problem_records:
        unlinked = sum(1 for f in metrics.facts if f.recurrence and not f.incident.cause.problem)
        summary = problem_summary(
            dict(problem_records), (f.incident for f in metrics.facts), now, audience, unlinked
        )
        metrics = replace(metrics, problems=summary)
    return metrics


def _compute(
    incidents: list[Incident],
    postmortems: Mapping[str, Postmortem],
    policy: Policy,
    now: datetime,
    audience: str,
) -> Metrics:
    incidents = sorted(incidents, key=lambda i: (i.when, i.id))
    recurrences = find_recurrences(
        (i for i in incidents if i.disposition not in NOT_REAL),
        policy.recurrence_window,
        policy.recurrence_tags,
    )
    hidden = hidden_values(incidents, audience)
    mechanisms = frozenset(policy.recurrence_tags)
    unjudged = [
        i
        for i in incidents
        if i.disposition not in NOT_REAL and undetermined(i) and not mechanisms.intersection(i.tags)
    ]
    facts = [
        incident_facts(i, postmortems.get(i.id), recurrences.matches.get(i.id, ()), policy, now, hidden)
        for i in incidents
    ]

    months: list[str] = []
    quarters: list[str] = []
    dated = [f for f in facts if f.month]  # dated to the month at least
    if dated:
        months = months_between(dated[0].month, max(dated[-1].month, month_of(now)))
        quarters = quarters_between(dated[0].quarter, max(dated[-1].quarter, quarter_of(now)))
    # Months are tallied in one pass; quarters, years and the overall figures add them up
    # (with the incidents known only by their year, which count in their year alone).
    by_month: dict[str, list[IncidentFacts]] = {month: [] for month in months}
    year_only: dict[str, list[IncidentFacts]] = defaultdict(list)
    for f in facts:
        if f.month:
            by_month[f.month].append(f)
        else:
            year_only[f.year].append(f)
    month_tallies = {month: tally(group) for month, group in by_month.items()}
    quarter_tallies = _added_up(month_tallies, quarter_of_month, quarters)
    years = sorted({month[:4] for month in months} | set(year_only))
    year_tallies = _added_up(
        {**quarter_tallies, **{f"{year}-": tally(group) for year, group in year_only.items()}},
        lambda key: key[:4],
        years,
    )

    # Severity, domain and category slices add up the tallies of (severity, category, domains)
    # cells: one pass over the incidents for all three, instead of one per dimension.
    cells: dict[Cell, list[IncidentFacts]] = defaultdict(list)
    for f in facts:
        cells[(f.incident.severity, f.incident.category, f.incident.domains)].append(f)
    cell_tallies = {cell: tally(group) for cell, group in cells.items()}

    def slices(keys_of: Callable[[Cell], Iterable[str]]) -> dict[str, Measures]:
        groups: dict[str, list[Tally]] = defaultdict(list)
        for cell, counted in cell_tallies.items():
            for key in keys_of(cell):
                groups[key].append(counted)
        return {key: finish(Tally.combine(groups[key])) for key in sorted(groups)}

    return Metrics(
        as_of=now,
        audience=audience,
        recurrence_window_days=policy.recurrence_window.days,
        overall=finish(Tally.combine(year_tallies.values())),
        months={month: finish(t) for month, t in month_tallies.items()},
        quarters={quarter: finish(t) for quarter, t in quarter_tallies.items()},
        years={year: finish(t) for year, t in year_tallies.items()},
        by_severity=slices(lambda cell: (cell[0],)),
        by_domain=slices(lambda cell: cell[2]),
        by_category=slices(lambda cell: (cell[1],)),
        actions_over_time=actions_over_time(facts, months, now),
        recurring_classes=recurring_classes(facts, recurrences.members, audience, hidden),
        minimum_sample=policy.minimum_sample,
        targets=dict(policy.targets),
        facts=tuple(facts),
        undetermined=tuple(i.id for i in unjudged if visible(i, audience)),
        undetermined_total=len(unjudged),
        recurrence_tags=policy.recurrence_tags,
    )


def _added_up(
    tallies: Mapping[str, Tally], group_of: Callable[[str], str], keys: Iterable[str]
) -> dict[str, Tally]:
    """Tallies added up by group, for every key of ``keys`` in that order (empty ones included)."""
    groups: dict[str, list[Tally]] = defaultdict(list)
    for key, counted in tallies.items():
        groups[group_of(key)].append(counted)
    return {key: Tally.combine(groups.get(key, ())) for key in keys}


def actions_over_time(
    facts: list[IncidentFacts], months: list[str], now: datetime
) -> tuple[ActionSnapshot, ...]:
    """Open and overdue action items at each month's end (the last one at ``now``).

    An item is open from its incident's report until it is closed (done or dropped), and
    overdue from the day after its due date until it is closed: the same definitions as
    `ActionStats` (open counts the overdue ones too), so the last snapshot, at ``now``, is the
    overall open and overdue figures. An item closed before its incident was reported is
    counted as closed at the report: it was never open, and is never subtracted before it
    was added. The open count at a moment is the items opened by then minus those closed by
    then: four sorted lists of times and a binary search per month, not a scan of every item
    per month.
    """
    opened: list[datetime] = []
    closed: list[datetime] = []
    late: list[datetime] = []
    late_closed: list[datetime] = []
    for f in facts:
        start = f.incident.reported_at or f.incident.when
        for a in f.actions:
            done = a.item.closed_at
            if done is not None and done < start:
                done = start  # closed before the incident was on record: never open
            opened.append(start)
            late_from = max(start, end_of_day(a.item.due))
            if done is not None:
                closed.append(done)
            if done is None or done > late_from:
                late.append(late_from)
                if done is not None:
                    late_closed.append(done)
    for times in (opened, closed, late, late_closed):
        times.sort()
    snapshots = []
    for month in months:
        at = min(month_end(month), now)
        snapshots.append(
            ActionSnapshot(
                month,
                at,
                bisect_right(opened, at) - bisect_right(closed, at),
                bisect_right(late, at) - bisect_right(late_closed, at),
            )
        )
    return tuple(snapshots)


def recurring_classes(
    facts: list[IncidentFacts],
    members: Mapping[ClassKey, tuple[str, ...]],
    audience: str,
    hidden: dict[str, frozenset[str]],
) -> tuple[RecurringClass, ...]:
    by_id = {f.incident.id: f for f in facts}
    recurrences: dict[ClassKey, int] = defaultdict(int)
    failed: dict[ClassKey, int] = defaultdict(int)
    by_quarter: dict[ClassKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in facts:
        for match in f.recurrence:
            recurrences[match.key] += 1
            failed[match.key] += match.fix_failed
            by_quarter[match.key][f.quarter] += 1
    out = []
    for key, count in recurrences.items():
        incidents = [by_id[i].incident for i in members[key]]
        shown = [i for i in incidents if visible(i, audience)]
        kind = key[0]
        named = key[2] if kind == "cause" else key[1]
        if named in hidden.get("service" if kind == "cause" else kind, ()):
            kind, named = "restricted", None  # only restricted incidents carry this name
        out.append(
            RecurringClass(
                kind=kind,
                root_cause=key[1] if kind == "cause" else None,
                service=named if kind == "cause" else None,
                problem=named if kind == "problem" else None,
                incidents=len(incidents),
                recurrences=count,
                fix_failed=failed[key],
                by_quarter=dict(sorted(by_quarter[key].items())),
                shown=tuple(i.id for i in shown),
                hidden=len(incidents) - len(shown),
                prevention=tuple(
                    PreventionAction(i.id, item.id, item.title, item.status)
                    for i in shown
                    for item in i.action_items
                    if item.type == "prevent"
                ),
                mechanism=named if kind == "mechanism" else None,
            )
        )
    out.sort(
        key=lambda c: (-c.recurrences, -c.incidents, c.kind, c.root_cause or "", c.service or c.problem or "")
    )
    return tuple(out)
