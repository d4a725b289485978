"""The program dashboard: the few figures leadership reads first, each with its target, how
many incidents (or clocks) it rests on, its last quarters, and the page that explains it.

Flow figures (time to contain, rates) are of one quarter: the report's quarter on the home
page, the report's own on a report. State figures (open incidents, overdue actions, the
postmortem backlog) are taken at that quarter's end, or now for the quarter in progress.
Pure functions of the metrics and the reports: the tiles are rendered by `_dashboard.md.j2`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..metrics import Metrics
from ..metrics.periods import label as quarter_label
from ..metrics.report import Report, backlog_at, class_label, quarterly_report
from ..moments import is_exact
from ..policy import Policy
from ..records import Incident
from .templates import hours

SPARK_QUARTERS = 8


@dataclass(frozen=True, slots=True)
class Tile:
    key: str
    label: str
    value: float | None
    unit: str  # count | hours | share
    n: int | None  # incidents or clocks the value rests on (None for a plain count)
    target: float | None  # in the value's unit (a share as 0..1)
    higher_is_better: bool
    detail: str  # one line under the value
    spark: tuple[float | None, ...]  # the last quarters, oldest first
    spark_quarters: tuple[str, ...]
    link: str  # site page (docs-relative .md) that explains the figure

    @property
    def meets(self) -> bool | None:
        """Whether the value meets its target; None without a value, a target or enough data."""
        if self.value is None or self.target is None or self.n == 0:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


def _share_target(policy: Policy, key: str) -> float | None:
    value = policy.targets.get(key)
    return None if value is None else value / 100


def dashboard(
    metrics: Metrics, policy: Policy, report: Report, reports: dict[str, Report], *, now: bool = False
) -> list[Tile]:
    """The tiles for ``report``'s quarter; ``reports`` are the reports already worked out by
    quarter (others are worked out here, for the sparklines). ``now``: state figures (open
    incidents, overdue actions, the postmortem backlog) as of the build, as the home page
    shows them, instead of at the quarter's end."""
    quarters = [q for q in metrics.quarters if q <= report.quarter][-SPARK_QUARTERS:]
    past = [reports.get(q) or quarterly_report(metrics, q) for q in quarters]
    labels = tuple(quarter_label(q) for q in quarters)
    kpis = {k.key: k for k in report.kpis}

    def series(key: str) -> tuple[float | None, ...]:
        return tuple(next((k.value for k in r.kpis if k.key == key), None) for r in past)

    at = metrics.as_of if now else report.at
    open_now = [f for f in metrics.facts if _open_at(f.incident, at)]
    by_severity: dict[str, int] = {}
    for f in open_now:
        by_severity[f.incident.severity] = by_severity.get(f.incident.severity, 0) + 1
    severities = [s for s in (*policy.severity_ids, "unassessed", "unknown") if s in by_severity]
    overdue_decisions = sum(n.state == "decision_overdue" for f in metrics.facts for n in f.notifications)
    pending = backlog_at(metrics.facts, at)
    backlog, overdue_pm = len(pending), sum(item.overdue for _, item in pending)
    snapshots = metrics.actions_over_time
    snapshot = snapshots[-1] if now and snapshots else next((s for s in snapshots if s.at == at), None)
    overdue_actions = float(snapshot.overdue) if snapshot else kpis["actions_overdue"].value
    recurring = sorted(report.recurring, key=lambda c: -c.recurrences)[:3]
    contain = kpis["contain_median"]
    tiles = [
        Tile(
            "open",
            "Open incidents",
            float(len(open_now)),
            "count",
            None,
            None,
            False,
            " · ".join(f"{s} {by_severity[s]}" for s in severities) or "none open",
            tuple(float(r.measures.incidents) for r in past),
            labels,
            "incidents/by-status.md",
        ),
        Tile(
            "contain_sla",
            "Contained within SLA",
            kpis["contain_sla"].value,
            "share",
            kpis["contain_sla"].n,
            _share_target(policy, "contained_within_sla"),
            True,
            f"median time to contain {hours(contain.value) if contain.value is not None else 'not measured'}"
            f" (n={contain.n or 0})",
            series("contain_sla"),
            labels,
            "trends/response-times.md",
        ),
        Tile(
            "notifications",
            "Notifications on time",
            kpis["notifications_on_time"].value,
            "share",
            kpis["notifications_on_time"].n,
            _share_target(policy, "notifications_on_time"),
            True,
            f"{overdue_decisions} decision{'s' if overdue_decisions != 1 else ''} overdue now",
            series("notifications_on_time"),
            labels,
            "trends/privacy.md",
        ),
        Tile(
            "actions_overdue",
            "Action items overdue",
            overdue_actions,
            "count",
            None,
            policy.targets.get("overdue_action_items"),
            False,
            f"{snapshot.open} open" if snapshot else "no action items",
            series("actions_overdue"),
            labels,
            "trends/action-items.md",
        ),
        Tile(
            "postmortem_backlog",
            "Postmortem backlog",
            float(backlog),
            "count",
            None,
            policy.targets.get("postmortem_backlog"),
            False,
            f"{overdue_pm} overdue",
            series("postmortems_overdue"),
            labels,
            "trends/postmortems.md",
        ),
        Tile(
            "recurring",
            "Top recurring classes",
            float(sum(c.recurrences for c in report.recurring)),
            "count",
            None,
            None,
            False,
            "; ".join(f"{class_label(c)} ({c.recurrences})" for c in recurring) or "no recurrence",
            tuple(float(r.measures.recurrences) for r in past),
            labels,
            "trends/root-causes.md",
        ),
    ]
    return tiles


def _open_at(incident: Incident, at: datetime) -> bool:
    """Reported by ``at`` and not yet resolved then (a historical record is never open)."""
    if incident.historical or incident.when > at:
        return False
    if incident.status not in ("resolved", "closed"):
        return True
    resolved = incident.resolved_at
    return is_exact(resolved) and resolved > at  # type: ignore[operator]
