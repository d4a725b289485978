"""The quarterly leadership report: headline KPIs against the previous quarter,
and the lists leadership acts on.

Flow measures (times, SLAs, notifications, recurrence) are about the incidents
detected in the quarter. State measures (overdue actions, postmortem backlog)
are taken at the quarter's end, or at "now" for the quarter in progress.
Lists name only incidents the audience may see and count the others.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from .compute import Metrics, RecurringClass
from .facts import IncidentFacts
from .measures import Measures
from .periods import end_of_day, last_complete_quarter, previous_quarter, quarter_end, quarter_start, utc_date
from .stats import Counted, Durations

NOTABLE_SEVERITIES = ("sev1", "sev2")
TOP_ROOT_CAUSES = 5


@dataclass(frozen=True, slots=True)
class Kpi:
    key: str
    label: str
    unit: str  # count | hours | days | share
    value: float | None
    previous: float | None
    better: str | None  # "lower" or "higher"; None when neither is better (volume)
    n: int | None = None  # how many incidents (or clocks) the figure is computed from
    n_previous: int | None = None
    minimum: int = 0  # fewer than this in either quarter: no verdict ("too few")
    target: float | None = None  # the policy's, in the figure's unit (a share as 0..1)
    higher_is_target: bool = True  # the target is a floor (rates) or a ceiling (counts)

    @property
    def change(self) -> float | None:
        return None if self.value is None or self.previous is None else self.value - self.previous

    @property
    def verdict(self) -> str:
        """better | worse | same | n/a (no comparison) | changed (no direction) | too few (a
        quarter with fewer incidents or clocks than the policy's minimum sample)."""
        change = self.change
        if change is None:
            return "n/a"
        if abs(change) < 1e-9:
            return "same"
        if self.better is None:
            return "changed"
        if self.n is not None and min(self.n, self.n_previous or 0) < self.minimum:
            return "too few"
        return "better" if (change < 0) == (self.better == "lower") else "worse"


@dataclass(frozen=True, slots=True)
class Figure:
    """A further measure of the quarter beside the previous quarter's, for the report's
    "Response and impact" table: a duration (`Durations`: median, p90, n) or a sum of counts
    (`Counted`: total, n, unknown). No verdict: these are for reading, not for targets."""

    key: str
    label: str
    unit: str  # hours (value is a Durations) | count (a Counted)
    value: Durations | Counted | None
    previous: Durations | Counted | None


FIGURES = (  # key, label, unit: durations are `Measures.times` keys, counts `Measures` fields
    ("report", "Detected → reported", "hours"),
    ("aware", "Detected → aware of the personal data breach", "hours"),
    ("assess_risk", "Aware → privacy risk assessed", "hours"),
    ("decide", "Aware → first notification decision", "hours"),
    ("exposure", "Exposure window (occurred → contained)", "hours"),
    ("restore", "Time to restore service (detected → restored)", "hours"),
    ("outage", "Outage duration (occurred → restored)", "hours"),
    ("users_affected", "Users affected", "count"),
    ("customers_affected", "Customers affected", "count"),
    ("customer_sla_breached", "Breached a customer SLA (of the incidents recording it)", "count"),
)


def figures(current: Measures | None, before: Measures | None) -> tuple[Figure, ...]:
    def of(m: Measures | None, key: str, unit: str) -> Durations | Counted | None:
        if m is None:
            return None
        return m.times[key] if unit == "hours" else getattr(m, key)

    return tuple(
        Figure(key, label, unit, of(current, key, unit), of(before, key, unit))
        for key, label, unit in FIGURES
    )


@dataclass(frozen=True, slots=True)
class IncidentLine:
    id: str
    title: str
    severity: str
    status: str
    category: str


@dataclass(frozen=True, slots=True)
class LateNotification:
    incident: str
    rule: str
    state: str  # late (sent after the deadline) or overdue (still not sent)
    due: datetime | None
    sent_at: datetime | None
    late_reason: str | None


@dataclass(frozen=True, slots=True)
class OverdueAction:
    incident: str
    id: str
    title: str
    owner: str
    team: str
    due: str
    days_overdue: int


@dataclass(frozen=True, slots=True)
class BacklogItem:
    incident: str
    title: str
    status: str  # the postmortem's status, or "missing"
    due: datetime | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class Report:
    quarter: str
    previous: str
    complete: bool  # False for the quarter in progress
    at: datetime  # when state measures are taken: the quarter's end, or now
    kpis: tuple[Kpi, ...]
    measures: Measures
    notable: tuple[IncidentLine, ...]  # sev1 and sev2 detected in the quarter
    top_root_causes: tuple[tuple[str, int], ...]
    recurring: tuple[RecurringClass, ...]  # classes that recurred in the quarter
    late_notifications: tuple[LateNotification, ...]
    overdue_actions: dict[str, tuple[OverdueAction, ...]]  # by owner
    postmortem_backlog: tuple[BacklogItem, ...]
    hidden: dict[str, int]  # list name -> restricted entries counted but not named
    figures: tuple[Figure, ...] = ()  # response and impact measures beside the headline


def reported_quarters(metrics: Metrics) -> list[str]:
    """The quarters a report is written for, oldest first: those with incidents, and the
    default quarter (a quiet last quarter of an active program is news too). Twenty years of
    history with gaps get a report per quarter that has something to say, not one per
    calendar quarter since the first record."""
    chosen = default_quarter(metrics)
    return [q for q, m in metrics.quarters.items() if m.incidents or q == chosen]


def default_quarter(metrics: Metrics) -> str | None:
    """The quarter a report shows unless asked: the last complete one while the program is
    active (incidents in it or in the year before), else the latest quarter with incidents,
    so an imported history that ended years ago is not shown as a quarter of zeros."""
    with_data = [q for q, m in metrics.quarters.items() if m.incidents]
    if not with_data:
        return None
    wanted = last_complete_quarter(metrics.as_of)
    recent, quarter = {wanted}, wanted
    for _ in range(4):
        quarter = previous_quarter(quarter)
        recent.add(quarter)
    return wanted if wanted in metrics.quarters and recent & set(with_data) else with_data[-1]


def class_label(c: RecurringClass) -> str:
    if c.kind == "cause":
        return f"{c.root_cause} on {c.service}"
    if c.kind == "problem":
        return f"problem {c.problem}"
    if c.kind == "mechanism":
        return f"mechanism {c.mechanism}"
    return "a class seen only in restricted incidents"


def _kpis(
    metrics: Metrics, quarter: str, state_now: dict[str, int], state_before: dict[str, int]
) -> list[Kpi]:
    current = metrics.quarters.get(quarter)
    before = metrics.quarters.get(previous_quarter(quarter))

    def pick(measures: Measures | None, getter) -> float | None:
        return getter(measures) if measures is not None else None

    def kpi(key: str, label: str, unit: str, better: str | None, getter, sample=None) -> Kpi:
        """A figure, and (``sample``) how many incidents or clocks it covers: a median of
        one measured incident out of seven says so; a count rests on the quarter's incidents."""
        sample = sample or (lambda m: m.incidents)
        target, floor = _target(metrics, key)
        return Kpi(
            key,
            label,
            unit,
            pick(current, getter),
            pick(before, getter),
            better,
            pick(current, sample),
            pick(before, sample),
            metrics.minimum_sample,
            target,
            floor,
        )

    def measured(name: str):
        return lambda m: m.times[name].count

    def clocks(name: str):
        return lambda m: m.slas[name].met + m.slas[name].late + m.slas[name].overdue

    return [
        kpi("incidents", "Incidents", "count", None, lambda m: m.incidents),
        kpi(
            "major_incidents",
            "Sev1 and sev2 incidents",
            "count",
            "lower",
            lambda m: sum(m.volume["severity"].get(s, 0) for s in NOTABLE_SEVERITIES),
        ),
        kpi(
            "detect_median",
            "Median time to detect",
            "hours",
            "lower",
            lambda m: m.times["detect"].median,
            measured("detect"),
        ),
        kpi(
            "contain_median",
            "Median time to contain",
            "hours",
            "lower",
            lambda m: m.times["contain"].median,
            measured("contain"),
        ),
        kpi(
            "contain_p90",
            "p90 time to contain",
            "hours",
            "lower",
            lambda m: m.times["contain"].p90,
            measured("contain"),
        ),
        kpi(
            "resolve_median",
            "Median time to resolve",
            "hours",
            "lower",
            lambda m: m.times["resolve"].median,
            measured("resolve"),
        ),
        kpi(
            "ack_sla",
            "Acknowledged within SLA",
            "share",
            "higher",
            lambda m: m.slas["acknowledge"].rate,
            clocks("acknowledge"),
        ),
        kpi(
            "contain_sla",
            "Contained within SLA",
            "share",
            "higher",
            lambda m: m.slas["contain"].rate,
            clocks("contain"),
        ),
        kpi(
            "notifications_on_time",
            "Notifications on time",
            "share",
            "higher",
            lambda m: m.notifications["all"].on_time_rate,
            lambda m: (
                m.notifications["all"].on_time + m.notifications["all"].late + m.notifications["all"].overdue
            ),
        ),
        kpi(
            "internal_detection",
            "Detected internally",
            "share",
            "higher",
            lambda m: m.internal_share,
            lambda m: m.detection_known,
        ),
        kpi(
            "recurrence_rate",
            "Recurrence rate",
            "share",
            "lower",
            lambda m: m.recurrence_rate,
            lambda m: m.real,  # of the real incidents, not of every record
        ),
        kpi(
            "individuals",
            "Individuals affected",
            "count",
            "lower",
            lambda m: m.individuals_affected,
        ),
        Kpi(
            "actions_overdue",
            "Action items overdue at quarter end",
            "count",
            state_now.get("actions_overdue"),
            state_before.get("actions_overdue"),
            "lower",
            target=metrics.targets.get("overdue_action_items"),
            higher_is_target=False,
        ),
        Kpi(
            "postmortems_overdue",
            "Postmortems overdue at quarter end",
            "count",
            state_now.get("postmortems_overdue"),
            state_before.get("postmortems_overdue"),
            "lower",
        ),
    ]


TARGETS = {  # KPI key -> (policy target, is it a floor)
    "ack_sla": ("acknowledged_within_sla", True),
    "contain_sla": ("contained_within_sla", True),
    "notifications_on_time": ("notifications_on_time", True),
}


def _target(metrics: Metrics, key: str) -> tuple[float | None, bool]:
    name, floor = TARGETS.get(key, ("", True))
    value = metrics.targets.get(name)
    return (None if value is None else value / 100), floor


def _overdue_actions(
    facts: tuple[IncidentFacts, ...], at: datetime
) -> list[tuple[IncidentFacts, OverdueAction]]:
    out = []
    for f in facts:
        if (f.incident.reported_at or f.incident.when) > at:
            continue
        for a in f.actions:
            item = a.item
            late_from = end_of_day(item.due)
            if late_from <= at and (item.closed_at is None or item.closed_at > at):
                days = (utc_date(at) - item.due).days
                out.append(
                    (
                        f,
                        OverdueAction(
                            f.incident.id, item.id, item.title, item.owner, a.team, item.due.isoformat(), days
                        ),
                    )
                )
    return out


def backlog_at(facts: tuple[IncidentFacts, ...], at: datetime) -> list[tuple[IncidentFacts, BacklogItem]]:
    out = []
    for f in facts:
        pm, resolved = f.postmortem, f.incident.resolved_at
        if not pm.required or resolved is None or resolved > at:
            continue
        if pm.approved_at is not None and pm.approved_at <= at:
            continue
        status = "missing" if not pm.written else "not approved"
        overdue = pm.due is not None and pm.due < at  # as the clocks say: due until the instant passes
        out.append((f, BacklogItem(f.incident.id, f.incident.title, status, pm.due, overdue)))
    return out


def _state_counts(metrics: Metrics, quarter: str) -> dict[str, int]:
    """Overdue actions (from the month-end snapshots) and postmortems at the quarter's end."""
    if quarter_start(quarter) > metrics.as_of or not metrics.facts:
        return {}
    at = min(quarter_end(quarter), metrics.as_of)
    snapshot = next((s for s in metrics.actions_over_time if s.at == at), None)
    if snapshot is None:  # before the first incident
        return {}
    return {
        "actions_overdue": snapshot.overdue,
        "postmortems_overdue": sum(b.overdue for _, b in backlog_at(metrics.facts, at)),
    }


def quarterly_report(metrics: Metrics, quarter: str) -> Report:
    """The report of ``quarter`` (``2026Q3``); it must lie within the metrics' quarters."""
    if quarter not in metrics.quarters:
        known = ", ".join(metrics.quarters) or "none"
        raise KeyError(f"no data for {quarter}; quarters with data: {known}")
    at = min(quarter_end(quarter), metrics.as_of)
    previous = previous_quarter(quarter)
    in_quarter = [f for f in metrics.facts if f.quarter == quarter]
    hidden: dict[str, int] = defaultdict(int)

    notable = []
    for f in in_quarter:
        if f.incident.severity in NOTABLE_SEVERITIES:
            if metrics.shows(f.incident):
                i = f.incident
                notable.append(IncidentLine(i.id, i.title, i.severity, i.status, i.category))
            else:
                hidden["notable"] += 1

    late = []
    for f in (f for f in in_quarter if not f.incident.historical):  # history has no on-time figures
        for obligation, n in zip(f.incident.notifications, f.notifications, strict=True):
            if n.state not in ("late", "overdue", "decision_overdue"):
                continue
            if not metrics.shows(f.incident):
                hidden["late_notifications"] += 1
                continue
            late.append(
                LateNotification(
                    f.incident.id, n.rule, n.state, n.due, obligation.sent_at, obligation.late_reason
                )
            )

    by_owner: dict[str, list[OverdueAction]] = defaultdict(list)
    for f, action in _overdue_actions(metrics.facts, at):
        if metrics.shows(f.incident):
            by_owner[action.owner].append(action)
        else:
            hidden["overdue_actions"] += 1
    backlog = []
    for f, item in backlog_at(metrics.facts, at):
        if metrics.shows(f.incident):
            backlog.append(item)
        else:
            hidden["postmortem_backlog"] += 1

    recurring = tuple(c for c in metrics.recurring_classes if c.by_quarter.get(quarter))
    measures = metrics.quarters[quarter]
    return Report(
        quarter=quarter,
        previous=previous,
        complete=quarter_end(quarter) <= metrics.as_of,
        at=at,
        kpis=tuple(
            _kpis(metrics, quarter, _state_counts(metrics, quarter), _state_counts(metrics, previous))
        ),
        measures=measures,
        notable=tuple(notable),
        top_root_causes=tuple(list(measures.volume["root_cause"].items())[:TOP_ROOT_CAUSES]),
        recurring=recurring,
        late_notifications=tuple(late),
        overdue_actions={
            owner: tuple(sorted(by_owner[owner], key=lambda a: a.due)) for owner in sorted(by_owner)
        },
        postmortem_backlog=tuple(sorted(backlog, key=lambda b: (not b.overdue, b.incident))),
        hidden=dict(hidden),
        figures=figures(measures, metrics.quarters.get(previous)),
    )
