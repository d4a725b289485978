"""The response and impact measures added beside the original four durations: detected ->
reported, detected -> aware, aware -> risk assessed, the exposure window, time to restore, and
customer impact (users, customers, customer SLA breached). Each has its median, p90 and n (or
its sum, n and unknowns) in metrics.json, on a trend page and in the quarterly report.

The program (real pipeline: `check`, then `compute`), every value worked out by hand:

====  =======  ============  ==============================================================
id    quarter  kind          times (UTC) and scope
====  =======  ============  ==============================================================
0001  Q1 Mar   availability  occurred 09:00, detected 10:00, reported 10:30, contained 12:00,
                             restored 13:00; 1200 users, 3 customers, customer SLA breached
0002  Q1 Mar   availability  occurred 06:00, detected 10:00, reported 11:00, contained 12:00,
                             no restored_at; users `unknown`, 10 customers, SLA not breached
0003  Q1 Mar   availability  false positive: 999 users recorded, counted nowhere
0004  Q2 May   privacy       conftest's GDPR incident: detected 07:00, reported 07:10, aware
                             09:00, risk assessed 15:00, contained 13:00, no occurred_at
====  =======  ============  ==============================================================
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from conftest import PRIVACY, Repo
from pirsite.metrics import compute
from pirsite.metrics.data import to_data
from pirsite.metrics.report import quarterly_report
from test_metric_defects import checked, incident, pages

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def program() -> dict[int, str]:
    first = incident(1, "2026-03-02").replace(
        "scope: {services: [search-1]}",
        "restored_at: 2026-03-02T13:00:00Z\n"
        "scope: {services: [search-1], users_affected: 1200, customers_affected: 3, sla_breached: true}",
    )
    second = (
        incident(2, "2026-03-09")
        .replace("occurred_at: 2026-03-09T09:00:00Z", "occurred_at: 2026-03-09T06:00:00Z")
        .replace("reported_at: 2026-03-09T10:30:00Z", "reported_at: 2026-03-09T11:00:00Z")
        .replace("acknowledged_at: 2026-03-09T11:00:00Z", "acknowledged_at: 2026-03-09T11:30:00Z")
        .replace(
            "scope: {services: [search-2]}",
            "scope: {services: [search-2], users_affected: unknown, customers_affected: 10, sla_breached: false}",
        )
    )
    false_positive = incident(3, "2026-03-16", disposition="false_positive").replace(
        "scope: {services: [search-3]}", "scope: {services: [search-3], users_affected: 999}"
    )
    privacy = PRIVACY.replace("id: PIR-2026-0002", "id: PIR-2026-0004").replace(
        "    rationale: Name and address only, but to an unknown private person.\n",
        "    rationale: Name and address only, but to an unknown private person.\n"
        "    assessed_at: 2026-05-04T15:00:00Z\n",
    )
    return {1: first, 2: second, 3: false_positive, 4: privacy}


@pytest.fixture
def metrics(repo: Repo) -> Any:
    result = checked(repo, program(), NOW)
    return compute(result.incidents, result.postmortems, result.policy, now=NOW)


def durations(d: Any) -> tuple:
    return (d.count, d.missing, d.median, d.p90)


def counted(c: Any) -> tuple:
    return (c.total, c.count, c.unknown, c.median, c.p90)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        # reported - detected: 0001 0.5h; 0002 1h; 0004 10 minutes (0003 is a false positive)
        # sorted [1/6, 0.5, 1]: median 0.5; p90 rank ceil(2.7) = 3 -> 1
        ("report", (3, 0, 0.5, 1.0)),
        # aware - detected, privacy incidents only: 0004 07:00 -> 09:00 = 2h
        ("aware", (1, 0, 2.0, 2.0)),
        # risk assessed - aware: 0004 09:00 -> 15:00 = 6h
        ("assess_risk", (1, 0, 6.0, 6.0)),
        # contained - occurred: 0001 09:00 -> 12:00 = 3h; 0002 06:00 -> 12:00 = 6h; 0004 no
        # occurred_at: missing. Median 4.5; p90 rank ceil(1.8) = 2 -> 6
        ("exposure", (2, 1, 4.5, 6.0)),
        # restored - detected, outages only (0001, 0002; not the privacy 0004): 0001 10:00 -> 13:00
        # = 3h; 0002 has no restored_at: missing
        ("restore", (1, 1, 3.0, 3.0)),
    ],
)
def test_new_durations(metrics: Any, measure: str, expected: tuple) -> None:
    assert durations(metrics.overall.times[measure]) == pytest.approx(expected)


def test_new_durations_by_quarter(metrics: Any) -> None:
    q1, q2 = metrics.quarters["2026Q1"].times, metrics.quarters["2026Q2"].times
    assert durations(q1["report"]) == (2, 0, 0.75, 1.0)  # [0.5, 1]
    assert durations(q2["report"]) == pytest.approx((1, 0, 1 / 6, 1 / 6))
    assert durations(q1["aware"]) == (0, 0, None, None)  # no privacy incident: neither measured nor missing
    assert durations(q2["restore"]) == (0, 0, None, None)  # a privacy incident is not an outage


def test_customer_impact(metrics: Any) -> None:
    m = metrics.overall
    # users: 0001 1200 known, 0002 unknown (adds nothing), 0003 a false positive (not counted)
    assert counted(m.users_affected) == (1200, 1, 1, 1200.0, 1200.0)
    # customers: 3 + 10; median 6.5; p90 rank ceil(1.8) = 2 -> 10
    assert counted(m.customers_affected) == (13, 2, 0, 6.5, 10.0)
    # SLA breached: 0001 yes, 0002 no; 0004 records nothing
    assert counted(m.customer_sla_breached) == (1, 2, 0, None, None)
    assert counted(metrics.quarters["2026Q2"].users_affected) == (0, 0, 0, None, None)


def test_new_measures_are_in_metrics_json(metrics: Any) -> None:
    data = to_data(metrics)["overall"]
    assert data["times"]["restore"] == {"count": 1, "missing": 1, "median": 3.0, "p90": 3.0, "max": 3.0}
    assert set(data["times"]) >= {"report", "aware", "assess_risk", "exposure", "restore"}
    assert data["users_affected"] == {
        "total": 1200,
        "count": 1,
        "unknown": 1,
        "median": 1200.0,
        "p90": 1200.0,
    }
    assert data["customer_sla_breached"]["total"] == 1 and data["customer_sla_breached"]["count"] == 2
    assert data["individuals_sources"]["jurisdictions"] == {"incidents": 1, "individuals": 1}


def test_new_measures_are_in_the_quarterly_report(metrics: Any) -> None:
    report = quarterly_report(metrics, "2026Q2")
    figures = {f.key: f for f in report.figures}
    assert list(figures) == [
        "report",
        "aware",
        "assess_risk",
        "decide",
        "exposure",
        "restore",
        "outage",
        "users_affected",
        "customers_affected",
        "customer_sla_breached",
    ]
    assert figures["report"].value.median == pytest.approx(1 / 6)  # 0004
    assert figures["report"].previous.median == 0.75  # Q1
    assert figures["restore"].previous.count == 1
    assert figures["customers_affected"].previous.total == 13
    data = to_data(report)
    assert data["figures"][0]["key"] == "report" and data["figures"][0]["value"]["count"] == 1
    # the headline is unchanged: the new measures sit beside it, not in it
    assert "restore_median" not in {k.key for k in report.kpis}


def test_new_measures_are_on_the_pages(repo: Repo) -> None:
    found = pages(repo, program(), NOW)
    response = found["trends/response-times.md"]
    # by quarter: real incidents (of all records), then median · p90 (n) per measure
    assert "| 2026-Q1 | 2 of 3 | 2.5h · 4.0h (n=2) | 45m · 1.0h (n=2) |" in response
    assert "| 2026-Q1 | 4.5h · 6.0h (n=2) | 3.0h · 3.0h (n=1 of 2) |" in response  # exposure, restore
    assert "| 2026-Q1 | 1200 (n=1, + 1 unknown) | 13 (n=2) | 1 of 2 |" in response  # customer impact
    privacy = found["trends/privacy.md"]
    assert "| 2026-Q2 | 2.0h · 2.0h (n=1) | 6.0h · 6.0h (n=1) |" in privacy  # aware, risk assessed
    report = found["reports/2026-Q2.md"]
    assert "## Response and impact" in report
    assert (
        "| Time to restore service (detected → restored) | – · – (n=0) | 3.0h · 3.0h (n=1 of 2) |" in report
    )
    assert "| Users affected | 0 (n=0) | 1200 (n=1, + 1 unknown) |" in report
    definitions = found["trends/definitions.md"]
    for text in (
        "detected → reported = `reported_at − detected_at`",
        "detected → aware = `aware_at − detected_at`",
        "aware → risk assessed = `privacy.risk.assessed_at − aware_at`",
        "**exposure window** = `contained_at − occurred_at`",
        "**time to restore** = `restored_at − detected_at`",
        "*Breached a customer SLA* counts the incidents with `sla_breached: true`",
        "**Time to a notification decision**",
        "the **outage duration** = `restored_at − occurred_at`",
        "**Reopen rate**",
    ):
        assert text in definitions, text
