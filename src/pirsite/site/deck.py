"""The leadership presentation: one offline slide deck per quarterly report.

The deck is made from the same `Report` the report page shows (so the two cannot disagree,
and restricted incidents are counted, never named, exactly as there). It is one HTML file
with its style and script inside: no CDN, no font, nothing fetched; arrow keys step through
the slides, and printing gives one 16:9 page per slide. The "asks" slide turns what the
figures show (a target missed, actions overdue, a class that keeps recurring) into the
decisions leadership is asked for, and says so when none is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from ..metrics.periods import label as quarter_label
from ..metrics.report import Kpi, Report
from .charts import Chart
from .trends import CHART_DIR, REPORT_CHARTS, class_label, kpi_change, kpi_target, kpi_value

MOST = 6  # rows a slide lists before it says "and n more in the report"


def misses_target(kpi: Kpi) -> bool:
    if kpi.target is None or kpi.value is None:
        return False
    return kpi.value < kpi.target if kpi.higher_is_target else kpi.value > kpi.target


def asks(report: Report, person: Callable[[str], str]) -> list[str]:
    """What the figures ask of leadership, most pressing first; empty when nothing does."""
    found = []
    for kpi in report.kpis:
        if misses_target(kpi) and kpi.key != "actions_overdue":  # that one has its own ask below
            found.append(
                f"Back a plan to meet the target for “{kpi.label}”: {kpi_value(kpi, kpi.value)}"
                f" against {kpi_target(kpi)}" + (f" (n={kpi.n})." if kpi.n is not None else ".")
            )
    overdue = [a for actions in report.overdue_actions.values() for a in actions]
    hidden_actions = report.hidden.get("overdue_actions", 0)
    if overdue or hidden_actions:
        owners = ", ".join(
            f"{person(owner)} ({len(actions)})"
            for owner, actions in sorted(report.overdue_actions.items(), key=lambda kv: -len(kv[1]))
        )
        oldest = max((a.days_overdue for a in overdue), default=0)
        total = len(overdue) + hidden_actions
        found.append(
            f"Unblock {total} overdue action item{'s' if total != 1 else ''}"
            + (f": {owners}" if owners else "")
            + (f"; the oldest is {oldest} days overdue." if oldest else ".")
        )
    late = len(report.late_notifications) + report.hidden.get("late_notifications", 0)
    if late:
        found.append(
            f"Review with the privacy office the {late} notification{'s' if late != 1 else ''}"
            " sent late or still not sent, and the reasons recorded."
        )
    backlog = [b for b in report.postmortem_backlog if b.overdue]
    if backlog:
        found.append(
            f"Give reviewers time for {len(backlog)} postmortem{'s' if len(backlog) != 1 else ''}"
            " past their due date."
        )
    for c in report.recurring:
        if c.fix_failed:
            found.append(
                f"Re-examine the fix for {class_label(c)}: it recurred after its prevention work was done."
            )
        elif not c.prevention:
            found.append(
                f"Fund a fix for {class_label(c)}: {c.incidents} incidents, no prevention action recorded."
            )
    return found


def deck_context(report: Report, person: Callable[[str], str], charts: dict[str, Chart]) -> dict[str, object]:
    """What deck.html.j2 needs beside the shared template globals (``charts``: those drawn)."""
    drawn = [
        (
            f"../{CHART_DIR}/{slug}.svg",
            charts[slug].description + " Every value is on the site's trends pages.",
        )
        for slug in REPORT_CHARTS
        if slug in charts
    ]
    half = -(-len(report.kpis) // 2)
    slides = ["title", "headline", "headline-2", *(["trend"] if drawn else []), "notable", "recurring"]
    return {
        "report": report,
        "slides": [*slides, "overdue", "asks"],
        "kpi_halves": (report.kpis[:half], report.kpis[half:]),
        "q": quarter_label(report.quarter),
        "previous_label": quarter_label(report.previous),
        "asks": asks(report, person),
        "owners": sorted(report.overdue_actions.items(), key=lambda kv: (-len(kv[1]), kv[0])),
        "most": MOST,
        "kpi_value": kpi_value,
        "kpi_target": kpi_target,
        "kpi_change": lambda kpi: kpi_change(kpi, html=False, so_far=not report.complete),
        "misses_target": misses_target,
        "class_label": class_label,
        "charts": drawn,
    }
