"""Defects in the program metrics, each pinned by a small program run through the real
pipeline (`check`, then `compute`) or by the aggregation it goes through. Every expected
value is worked out by hand in the comment beside it.

1. As of T, an action item closed after T is open (and overdue once past due), so the
   overall figures agree with the monthly series at T.
2. An item closed before its incident was reported is never open, and never makes the
   monthly series subtract it before it was added.
3. Individuals affected per incident: the counts by jurisdiction, else the data subjects'
   counts, never both; the privacy page says which was used.
4. Records affected per incident: the largest single data category, not the sum.
5. No median lead time across rules with different deadlines.
6. "Open" action items means one thing: not closed, overdue ones included.
7. Shares on the trend pages carry their n; the response tables count real incidents.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from conftest import POSTMORTEM, PRIVACY, Repo
from pirsite.history import History
from pirsite.metrics import compute
from pirsite.metrics.facts import NotificationFact
from pirsite.metrics.measures import Tally, finish
from pirsite.pipeline import check
from pirsite.site.pages import generate_pages
from pirsite.site.templates import environment

NO_HISTORY = History({}, False, "not a git repository")

# A resolved availability incident on ``day``: detected 10:00Z, reported 10:30Z.
INCIDENT = """\
schema_version: 1
id: PIR-2026-{n:04d}
title: Search slow in one region, case {n}
summary: Search requests took several seconds in one region for about an hour after a node failed.
visibility: internal
status: resolved
disposition: {disposition}
domains: [availability]
category: performance-degradation
severity: sev3
impact: medium
urgency: medium
priority: p3
reporter: monitoring
commander: j.whitfield
occurred_at: {day}T09:00:00Z
detected_at: {day}T10:00:00Z
reported_at: {day}T10:30:00Z
acknowledged_at: {day}T11:00:00Z
contained_at: {day}T12:00:00Z
resolved_at: {day}T16:00:00Z
detection: {{method: monitoring-alert, internal: {internal}}}
scope: {{services: [search-{n}]}}
cause: {{root_cause_category: hardware-failure}}
"""


def incident(
    n: int, day: str, items: str = "", disposition: str = "confirmed", internal: str = "true"
) -> str:
    text = INCIDENT.format(n=n, day=day, disposition=disposition, internal=internal)
    return text + (f"action_items:\n{items}" if items else "")


def item(number: int, due: str, status: str = "open", closed: str | None = None) -> str:
    closing = f", closed_at: {closed}" if closed else ""
    return (
        f"  - {{id: AI-{number}, title: Fix case {number}, type: mitigate, owner: j.whitfield, "
        f"due: {due}, status: {status}{closing}}}\n"
    )


def privacy_incident(
    n: int, people: str, data: str = "    - {category: contact-details, records: 1}\n"
) -> str:
    """conftest's GDPR incident (May 2026) as PIR-2026-``n``, with its counts replaced."""
    text = PRIVACY.replace("id: PIR-2026-0002", f"id: PIR-2026-{n:04d}")
    text = text.replace("    - {category: contact-details, records: 1}\n", data)
    return text.replace("  individuals_by_jurisdiction:\n    - {jurisdiction: DE, count: 1}\n", people)


def write(repo: Repo, records: dict[int, str]) -> None:
    for n, text in records.items():
        repo.record(text, f"incidents/2026/PIR-2026-{n:04d}/incident.yaml")
        if "domains: [privacy]" in text:  # a privacy incident with a risk needs its postmortem
            pm = POSTMORTEM.replace("incident: PIR-2026-0002", f"incident: PIR-2026-{n:04d}")
            repo.write(f"incidents/2026/PIR-2026-{n:04d}/postmortem.md", pm)


def checked(repo: Repo, records: dict[int, str], now: datetime) -> Any:
    write(repo, records)
    result = check(repo.root, now=now, use_cache=False, git_history=False)
    assert result.errors == 0, [str(p) for p in result.problems if p.level == "error"]
    return result


def metrics_of(repo: Repo, records: dict[int, str], now: datetime) -> Any:
    result = checked(repo, records, now)
    return compute(result.incidents, result.postmortems, result.policy, now=now)


def pages(repo: Repo, records: dict[int, str], now: datetime) -> dict[str, str]:
    result = checked(repo, records, now)
    env = environment(repo.root / "templates", repo.root)
    found, _ = generate_pages(result, NO_HISTORY, env, now=now)
    return {p.uri: p.content for p in found}


def snapshot_at(metrics: Any, at: datetime) -> Any:
    [s] = [s for s in metrics.actions_over_time if s.at == at]
    return s


# ---------------------------------------------------------------------------------------------
# 1. an item closed after the as-of time is open at that time


def test_an_item_closed_after_the_as_of_time_is_open_and_overdue_then(repo: Repo) -> None:
    as_of = datetime(2026, 4, 10, 12, tzinfo=UTC)
    # reported 03-02 10:30; AI-1 due 04-01, closed 04-20 (after the as-of time): as of 04-10 it
    # is still open, and overdue since 04-02; AI-2 closed 03-20 is done on time either way
    records = {
        1: incident(
            1,
            "2026-03-02",
            item(1, "2026-04-01", "done", "2026-04-20T09:00:00Z")
            + item(2, "2026-04-01", "done", "2026-03-20T09:00:00Z"),
        )
    }
    metrics = metrics_of(repo, records, as_of)
    actions = metrics.overall.actions
    assert (actions.total, actions.overdue, actions.done_on_time, actions.done_late) == (2, 1, 1, 0)
    assert actions.open == 1  # the overdue AI-1 (open counts the overdue ones too)
    # days to close: only AI-2 was closed by then (03-02 10:30 -> 03-20 09:00 = 17.9375 days)
    assert actions.median_days_to_close == pytest.approx(17.9375)
    # metrics.json agrees with itself: the overall figures are those of the series at the as-of time
    now = snapshot_at(metrics, as_of)
    assert (now.open, now.overdue) == (actions.open, actions.overdue)
    assert metrics.quarters["2026Q1"].actions.overdue == 1  # AI-1's incident is of Q1
    # once the item is closed, it is done late, and the series agrees again
    later = datetime(2026, 5, 1, tzinfo=UTC)
    after = metrics_of(repo, records, later).overall.actions
    assert (after.open, after.overdue, after.done_late) == (0, 0, 1)


def test_an_item_dropped_after_the_as_of_time_is_open_then(repo: Repo) -> None:
    as_of = datetime(2026, 3, 10, tzinfo=UTC)
    records = {1: incident(1, "2026-03-02", item(1, "2026-06-01", "wont_do", "2026-03-25T09:00:00Z"))}
    metrics = metrics_of(repo, records, as_of)
    actions = metrics.overall.actions
    assert (actions.open, actions.overdue, actions.wont_do) == (1, 0, 0)  # due in June: open, not overdue
    now = snapshot_at(metrics, as_of)
    assert (now.open, now.overdue) == (1, 0)


# ---------------------------------------------------------------------------------------------
# 2. an item closed before its incident was reported


def test_an_item_closed_before_its_incident_was_reported_is_never_open(repo: Repo) -> None:
    now = datetime(2026, 4, 15, tzinfo=UTC)
    records = {
        # February: one item, still open (due in May)
        1: incident(1, "2026-02-10", item(1, "2026-05-01")),
        # reported 03-02, but its item was done on 02-20, before the incident was on record
        2: incident(2, "2026-03-02", item(1, "2026-04-01", "done", "2026-02-20T09:00:00Z")),
    }
    metrics = metrics_of(repo, records, now)
    # at the end of February only 0001's item is open; 0002 (and its item) did not exist yet,
    # so its closing must not be subtracted then
    feb = snapshot_at(metrics, datetime(2026, 3, 1, tzinfo=UTC))
    assert (feb.open, feb.overdue) == (1, 0)
    mar = snapshot_at(metrics, datetime(2026, 4, 1, tzinfo=UTC))
    assert (mar.open, mar.overdue) == (1, 0)  # 0002's item: opened and closed at its report
    at_now = snapshot_at(metrics, now)
    assert (at_now.open, at_now.overdue) == (metrics.overall.actions.open, metrics.overall.actions.overdue)


# ---------------------------------------------------------------------------------------------
# 3. individuals affected: by jurisdiction, else the data subjects' counts, never both

NOW_PRIVACY = datetime(2026, 6, 1, tzinfo=UTC)


def test_data_subjects_without_jurisdictions_count_as_individuals(repo: Repo) -> None:
    records = {
        # no counts by jurisdiction: 40 customers + 2 employees from the data subjects
        2: privacy_incident(
            2,
            "  data_subjects:\n    - {type: customers, count: 40}\n    - {type: employees, count: 2}\n"
            "  individuals_by_jurisdiction:\n    - {jurisdiction: DE, count: unknown}\n",
        ),
        # both: 3 in DE by jurisdiction, and the same 3 people as customers: 3, not 6
        3: privacy_incident(
            3,
            "  data_subjects:\n    - {type: customers, count: 3}\n"
            "  individuals_by_jurisdiction:\n    - {jurisdiction: DE, count: 3}\n",
        ),
        # neither is known: unknown, never zero
        4: privacy_incident(
            4,
            "  data_subjects:\n    - {type: customers, count: unknown}\n"
            "  individuals_by_jurisdiction:\n    - {jurisdiction: FR, count: unknown}\n",
        ),
    }
    metrics = metrics_of(repo, records, NOW_PRIVACY)
    m = metrics.overall
    assert m.individuals_affected == 45  # 42 (0002, data subjects) + 3 (0003, by jurisdiction)
    assert m.individuals_unknown == 1  # 0004
    assert m.individuals_by_jurisdiction == {"DE": 3}  # the table by jurisdiction: known counts only
    sources = {k: (v.incidents, v.individuals) for k, v in m.individuals_sources.items()}
    # 0003 and 0004 (whose only count is unknown) by jurisdiction; 0002 from its data subjects
    assert sources == {"jurisdictions": (2, 3), "data_subjects": (1, 42)}


def test_the_privacy_page_says_how_individuals_were_counted(repo: Repo) -> None:
    records = {
        2: privacy_incident(
            2,
            "  data_subjects:\n    - {type: customers, count: 40}\n",
        ),
        3: privacy_incident(3, "  individuals_by_jurisdiction:\n    - {jurisdiction: DE, count: 3}\n"),
    }
    page = pages(repo, records, NOW_PRIVACY)["trends/privacy.md"]
    assert "| 2026-Q2 | 2 |" in page  # two privacy incidents in Q2
    assert "43 |" in page  # 40 + 3 in the quarter's row
    assert "by jurisdiction (`individuals_by_jurisdiction`) in 1 incident: 3 individuals" in page
    assert "from the data subjects (`data_subjects`) in 1 incident: 40 individuals" in page


# ---------------------------------------------------------------------------------------------
# 4. records affected: the largest data category of an incident, not the sum


def test_records_affected_is_the_largest_category_per_incident(repo: Repo) -> None:
    data = "    - {category: contact-details, records: 100}\n    - {category: financial, records: 80}\n"
    records = {
        2: privacy_incident(
            2, "  individuals_by_jurisdiction:\n    - {jurisdiction: DE, count: 100}\n", data
        ),
        # one category known (5), one unknown: at least 5, and counted as unknown
        3: privacy_incident(
            3,
            "  individuals_by_jurisdiction:\n    - {jurisdiction: DE, count: 5}\n",
            "    - {category: contact-details, records: 5}\n    - {category: financial, records: unknown}\n",
        ),
    }
    metrics = metrics_of(repo, records, NOW_PRIVACY)
    # 0002: the same 100 people's contact details and (80 of them) financial data: 100, not 180
    assert metrics.overall.records_affected == 105  # 100 (0002) + 5 (0003)
    assert metrics.overall.records_unknown == 1  # 0003
    definitions = pages(repo, records, NOW_PRIVACY)["trends/definitions.md"]
    assert "largest record count of any one data category" in definitions
    assert "lower bound" in definitions


# ---------------------------------------------------------------------------------------------
# 5. no median lead time across deadlines of different lengths


def test_no_median_lead_time_in_hours_across_rules() -> None:
    due = datetime(2026, 5, 7, tzinfo=UTC)
    # a 72-hour rule sent 24h early, a 60-day rule sent 30 days (720h) early: a median of 372h
    # across them means nothing
    measures = finish(
        Tally(
            notifications=[
                NotificationFact("gdpr", "met", due, 24.0),
                NotificationFact("hipaa", "met", due, 720.0),
            ]
        )
    )
    assert measures.notifications["gdpr"].median_lead_hours == 24.0
    assert measures.notifications["hipaa"].median_lead_hours == 720.0
    assert measures.notifications["all"].median_lead_hours is None


def test_lead_time_as_a_share_of_the_deadline(repo: Repo) -> None:
    # conftest's GDPR incident: aware 05-04 09:00Z, due 72h later (05-07 09:00Z), sent 05-06 08:00Z:
    # 25h before the deadline = 25/72 of it
    records = {2: privacy_incident(2, "  individuals_by_jurisdiction:\n    - {jurisdiction: DE, count: 1}\n")}
    metrics = metrics_of(repo, records, NOW_PRIVACY)
    gdpr = metrics.overall.notifications["gdpr-art33"]
    assert gdpr.median_lead_hours == pytest.approx(25.0)
    assert gdpr.median_lead_share == pytest.approx(25 / 72)
    assert metrics.overall.notifications["all"].median_lead_share == pytest.approx(25 / 72)
    assert metrics.overall.notifications["all"].median_lead_hours is None


# ---------------------------------------------------------------------------------------------
# 6. "open" action items: one definition on the table and the chart


def test_open_items_mean_the_same_in_the_table_and_the_chart(repo: Repo) -> None:
    now = datetime(2026, 5, 10, tzinfo=UTC)
    # AI-1 overdue (due 04-01), AI-2 open and not yet due (due 06-01), AI-3 done
    records = {
        1: incident(
            1,
            "2026-03-02",
            item(1, "2026-04-01")
            + item(2, "2026-06-01")
            + item(3, "2026-04-01", "done", "2026-03-10T09:00:00Z"),
        )
    }
    metrics = metrics_of(repo, records, now)
    actions, chart = metrics.overall.actions, snapshot_at(metrics, now)
    assert (actions.open, actions.overdue) == (2, 1)  # open: not closed, the overdue one included
    assert (chart.open, chart.overdue) == (2, 1)
    page = pages(repo, records, now)["trends/action-items.md"]
    assert "| All | 3 | 2 | 1 | 1 | 0 | 0 |" in page  # items, open, of which overdue, on time, late, dropped
    assert "Open (overdue included)" in page


# ---------------------------------------------------------------------------------------------
# 7. small denominators are shown; response tables count the real incidents they measure


def test_shares_on_the_trend_pages_carry_their_n(repo: Repo) -> None:
    now = datetime(2026, 5, 10, tzinfo=UTC)
    records = {
        1: incident(1, "2026-03-02"),
        2: incident(2, "2026-03-09"),
        3: incident(3, "2026-03-16"),
        4: incident(4, "2026-03-23", disposition="false_positive"),
    }
    found = pages(repo, records, now)
    overview = found["trends/index.md"].splitlines()
    # the all-time table (the headline table above it gives its n already)
    assert "| Detected internally | 100% (n=3) |" in overview  # 0004 is not a real incident
    assert "| Recurrence rate | 0% (n=3) |" in overview
    response = found["trends/response-times.md"]
    # Q1: 3 real incidents of 4 records; every time measured over those 3
    assert "| 2026-Q1 | 3 of 4 |" in response
    assert "1.0h · 1.0h (n=3)" in response  # detect: 09:00 -> 10:00 for each
    root_causes = found["trends/root-causes.md"]
    assert "| 2026-Q1 | 0% | 3 |" in root_causes  # the recurrence rate chart's table, with n


def test_the_reports_recurrence_rate_is_a_share_of_the_real_incidents(repo: Repo) -> None:
    from pirsite.metrics.report import quarterly_report

    now = datetime(2026, 5, 10, tzinfo=UTC)
    records = {
        1: incident(1, "2026-03-02"),
        2: incident(2, "2026-03-09"),
        3: incident(3, "2026-03-16", disposition="false_positive"),
    }
    report = quarterly_report(metrics_of(repo, records, now), "2026Q1")
    kpis = {k.key: k for k in report.kpis}
    assert kpis["recurrence_rate"].n == 2  # 0 of the 2 real incidents recur; 0003 is not real
    assert kpis["internal_detection"].n == 2
