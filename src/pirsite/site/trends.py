"""Trend pages, their charts, and the quarterly report pages: pure functions of the metrics.

Every chart is described once as a `Chart` (its numbers), drawn to SVG under
`trends/charts/` and shown with a table of the same numbers below it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from functools import partial
from itertools import accumulate

from ..metrics import Metrics
from ..metrics.measures import Measures
from ..metrics.periods import label as quarter_label
from ..metrics.periods import month_of, previous_quarter, quarter_of
from ..metrics.report import Kpi, Report, class_label, default_quarter, quarterly_report, reported_quarters
from ..moments import UNKNOWN
from ..policy import Policy
from .charts import GREY, SEVERITY_COLOURS, Chart, Series, Target
from .dashboard import Tile
from .templates import number

CHART_DIR = "trends/charts"
TREND_PAGES = (  # uri, template
    ("trends/index.md", "trends_overview.md.j2"),
    ("trends/response-times.md", "trends_response.md.j2"),
    ("trends/privacy.md", "trends_privacy.md.j2"),
    ("trends/root-causes.md", "trends_root_causes.md.j2"),
    ("trends/action-items.md", "trends_actions.md.j2"),
    ("trends/postmortems.md", "trends_postmortems.md.j2"),
    ("trends/definitions.md", "trends_definitions.md.j2"),
)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


LONG_HISTORY_MONTHS = 60  # past five years of months, volumes are drawn per year
LONG_HISTORY_QUARTERS = 20  # past five years of quarters, quarters without incidents are skipped
RECENT_QUARTERS = 4  # kept even when empty: a quiet recent quarter is news


def volume_periods(metrics: Metrics) -> tuple[str, dict[str, Measures]]:
    """("Month" or "Year", the periods a volume chart shows): twenty years of mostly empty
    months are compressed into years (which also hold the incidents dated only to a year)."""
    if len(metrics.months) > LONG_HISTORY_MONTHS or any(
        m.incidents != sum(metrics.months[k].incidents for k in metrics.months if k.startswith(y))
        for y, m in metrics.years.items()
    ):
        return "Year", dict(metrics.years)
    return "Month", dict(metrics.months)


def shown_quarters(metrics: Metrics) -> dict[str, Measures]:
    """The quarters per-quarter charts show: all of them, or, for a long history, those with
    incidents and the most recent few (empty quarters are skipped, not drawn as gaps)."""
    if len(metrics.quarters) <= LONG_HISTORY_QUARTERS:
        return dict(metrics.quarters)
    recent = list(metrics.quarters)[-RECENT_QUARTERS:]
    return {q: m for q, m in metrics.quarters.items() if m.incidents or q in recent}


def _target(policy: Policy, key: str, *, at_least: bool, what: str = "") -> tuple[Target, ...]:
    """The policy's target ``key`` as a chart's dashed line; none where the policy sets none."""
    value = policy.targets.get(key)
    return () if value is None else (Target(value, at_least, what),)


def _contain_target(policy: Policy) -> tuple[tuple[Target, ...], str]:
    """The containment SLA as a target line when one SLA holds for every severity; otherwise
    no line (a median over all severities has no single target) and a note saying why."""
    slas = {policy.sla_contain[s] for s in policy.severity_ids if s in policy.sla_contain}
    if len(slas) == 1:
        return (Target(next(iter(slas)).total_seconds() / 3600, at_least=False),), ""
    if not slas:
        return (), ""
    written = policy.sla_texts.get("contain", {})
    each = ", ".join(
        f"{s} {written.get(s, policy.sla_contain[s])}" for s in policy.severity_ids if s in policy.sla_contain
    )
    return (), (
        f"No target line: the containment SLA depends on the severity ({each}); "
        "the SLA attainment table shows how many met it."
    )


def charts(metrics: Metrics, policy: Policy, root_cause_names: dict[str, str]) -> dict[str, Chart]:
    """The site's charts, by slug. The periods not over at the metrics' as-of time (the
    running month, quarter or year) are marked partial; the policy's targets are drawn."""
    months = tuple(metrics.months)
    unit, periods = volume_periods(metrics)
    as_of = metrics.as_of.astimezone(UTC)
    day = as_of.date().isoformat()
    running = month_of(as_of) if unit == "Month" else f"{as_of.year:04d}"
    running_month, running_quarter = month_of(as_of), quarter_of(as_of)
    kept = shown_quarters(metrics)
    quarters = tuple(quarter_label(q) for q in kept)
    quarters_so_far = tuple(quarter_label(q) for q in kept if q >= running_quarter)
    months_so_far = tuple(m for m in months if m >= running_month)
    contain_targets, contain_note = _contain_target(policy)
    per_quarter = list(kept.values())
    quarter_axis = (
        "Quarter" if len(kept) == len(metrics.quarters) else "Quarter (those without incidents skipped)"
    )
    severities = [*policy.severity_ids, "unassessed", UNKNOWN]
    severity_series = tuple(
        Series(
            sev,
            tuple(float(m.volume["severity"].get(sev, 0)) for m in periods.values()),
            colour=SEVERITY_COLOURS.get(sev, GREY),
        )
        for sev in severities
        if any(m.volume["severity"].get(sev) for m in periods.values())
    )
    causes = list(metrics.overall.volume["root_cause"].items())
    total = sum(count for _, count in causes)
    cumulative = (
        [round(100 * c / total, 1) for c in accumulate(count for _, count in causes)] if total else []
    )
    found = [
        Chart(
            "incidents-per-month",
            f"Incidents per {unit.lower()}, by severity",
            unit,
            "Incidents",
            tuple(periods),
            severity_series,
            stacked=True,
            partial=tuple(p for p in periods if p >= running),
            as_of=day,
        ),
        Chart(
            "time-to-contain",
            "Time to contain per quarter",
            quarter_axis,
            "Hours from detection",
            quarters,
            (
                Series("median", tuple(m.times["contain"].median for m in per_quarter), "line"),
                Series("p90", tuple(m.times["contain"].p90 for m in per_quarter), "line"),
            ),
            unit="hours",
            targets=contain_targets,
            partial=quarters_so_far,
            as_of=day,
            note=contain_note,
        ),
        Chart(
            "root-cause-pareto",
            "Root causes, most frequent first (Pareto)",
            "Root cause",
            "Incidents",
            tuple(root_cause_names.get(cause, cause) for cause, _ in causes),
            (
                Series("incidents", tuple(float(count) for _, count in causes)),
                Series("cumulative share", tuple(cumulative), "line", right_axis=True),
            ),
            right_label="Cumulative share (%)",
        ),
        Chart(
            "notifications-on-time",
            "Notifications sent on time per quarter",
            quarter_axis,
            "On time (%)",
            quarters,
            (Series("on time", tuple(_percent(m.notifications["all"].on_time_rate) for m in per_quarter)),),
            unit="percent",
            targets=_target(policy, "notifications_on_time", at_least=True),
            partial=quarters_so_far,
            as_of=day,
        ),
        Chart(
            "action-items-over-time",
            "Open and overdue action items at each month's end",
            "Month",
            "Action items",
            months,
            (
                Series("open", tuple(float(s.open) for s in metrics.actions_over_time), "line"),
                Series(
                    "overdue",
                    tuple(float(s.overdue) for s in metrics.actions_over_time),
                    "line",
                    colour="#D55E00",
                ),
            ),
            targets=_target(policy, "overdue_action_items", at_least=False, what="overdue"),
            partial=months_so_far,
            as_of=day,
        ),
        Chart(
            "recurrence-rate",
            "Recurrence rate per quarter",
            quarter_axis,
            "Incidents that recur (%)",
            quarters,
            (Series("recurrence rate", tuple(_percent(m.recurrence_rate) for m in per_quarter)),),
            unit="percent",
            partial=quarters_so_far,
            as_of=day,
        ),
    ]
    return {chart.slug: chart for chart in found}


def overview_quarter(metrics: Metrics) -> str | None:
    """The quarter the overview compares: the report's default quarter."""
    return default_quarter(metrics)


def reports(metrics: Metrics) -> dict[str, Report]:
    """The report of every quarter with incidents, newest first (worked out once for all pages)."""
    return {quarter: quarterly_report(metrics, quarter) for quarter in reversed(reported_quarters(metrics))}


def trend_pages(
    render: Callable[..., str], metrics: Metrics, found: dict[str, Chart], by_quarter: dict[str, Report]
) -> list[tuple[str, str]]:
    quarter = overview_quarter(metrics)
    report = by_quarter[quarter] if quarter else None
    context = {
        "metrics": metrics,
        "charts": found,
        "report": report,
        "quarter_label": quarter_label,
        "class_label": class_label,
        "kpi_change": partial(kpi_change, so_far=bool(report) and not report.complete),
        "kpi_value": kpi_value,
        "kpi_target": kpi_target,
        "linked": True,
        "by_quarter": [(quarter_label(q), m) for q, m in shown_quarters(metrics).items()],
        "quarters_skipped": len(metrics.quarters) - len(shown_quarters(metrics)),
    }
    return [(uri, render(template, uri, **context)) for uri, template in TREND_PAGES]


def report_uri(quarter: str) -> str:
    return f"reports/{quarter_label(quarter)}.md"


def deck_uri(quarter: str) -> str:
    """The quarter's slide deck (site.deck), beside its report page: reports/2026-Q3-slides.html."""
    return f"reports/{quarter_label(quarter)}-slides.html"


REPORT_CHARTS = ("incidents-per-month", "time-to-contain")  # the key charts inside each report


def report_pages(
    render: Callable[..., str],
    metrics: Metrics,
    by_quarter: dict[str, Report],
    tiles_of: Callable[[Report], list[Tile]] | None = None,
    found: dict[str, Chart] | None = None,
) -> list[tuple[str, str]]:
    """One page per quarter with data, newest first, each opening with its dashboard
    (``tiles_of``), and their index."""
    pages = []
    quarters = list(by_quarter)
    for quarter, report in by_quarter.items():
        uri = report_uri(quarter)
        tiles = tiles_of(report) if tiles_of else []
        shown = [found[slug] for slug in REPORT_CHARTS if found and slug in found]
        context = report_context(report)
        deck = deck_uri(quarter)
        pages.append(
            (uri, render("report.md.j2", uri, **context, tiles=tiles, report_charts=shown, deck=deck))
        )
    index = render(
        "reports_index.md.j2",
        "reports/index.md",
        rows=[(quarter_label(q), report_uri(q), metrics.quarters[q], q) for q in quarters],
        current=quarter_of(metrics.as_of),
        deck_uri=deck_uri,
    )
    return [("reports/index.md", index), *pages]


def kpi_unit(kpi: Kpi) -> str:
    """One unit for a whole row: a duration is in days in both quarters when either reads in
    days (never "46.8h" beside "10.3d")."""
    if kpi.unit != "hours":
        return kpi.unit
    values = [abs(v) for v in (kpi.value, kpi.previous) if v is not None]
    return "days" if values and max(values) >= 48 else "hours"


def kpi_value(kpi: Kpi, value: float | None) -> str:
    unit = kpi_unit(kpi)
    if value is None:
        return "–"
    return number(value / 24, "days") if unit == "days" and kpi.unit == "hours" else number(value, unit)


def kpi_target(kpi: Kpi) -> str:
    if kpi.target is None:
        return ""
    return ("≥ " if kpi.higher_is_target else "≤ ") + number(kpi.target, kpi.unit)


def kpi_change(kpi: Kpi, *, html: bool = True, so_far: bool = False) -> str:
    """The change against the previous quarter in words and an arrow: "▼ 1.2h, better"; for a
    quarter in progress "so far", and no verdict on fewer incidents than the policy's minimum."""
    change = kpi.change
    if change is None:
        return "–"
    if kpi.verdict == "same":
        return "= same" + (" so far" if so_far else "")
    arrow = "▲" if change > 0 else "▼"
    amount = f"{abs(change) * 100:.0f} pts" if kpi.unit == "share" else kpi_value(kpi, abs(change))
    if kpi.verdict == "too few":
        return f"{arrow} {amount} (too few to judge: n under {kpi.minimum})"
    verdict = kpi.verdict + (" so far" if so_far else "")
    if kpi.verdict in ("better", "worse") and not html:
        return f"{arrow} {amount}, {verdict}"
    if kpi.verdict in ("better", "worse"):
        return f'{arrow} {amount}, <span class="pirsite-{kpi.verdict}">{verdict}</span>'
    return f"{arrow} {amount}"


def report_context(report: Report, *, linked: bool = True) -> dict[str, object]:
    """What the report template needs; ``linked`` is False for `pirsite report` (no site to link to)."""
    return {
        "report": report,
        "linked": linked,
        "kpi_change": partial(kpi_change, html=linked, so_far=not report.complete),
        "kpi_value": kpi_value,
        "kpi_target": kpi_target,
        "quarter_label": quarter_label,
        "class_label": class_label,
        "previous_label": quarter_label(previous_quarter(report.quarter)),
    }
