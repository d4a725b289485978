"""Program metrics against an independent oracle.

Eight incidents across 2026Q1-Q3 go through the real pipeline (`check`), then
`compute()`. Every expected value below is a literal worked out by hand from the
fixture timestamps; the comment next to it shows the arithmetic. Nothing here
calls the code under test to obtain an expectation.

The fixture program (NOW = 2026-11-23T12:00Z; policy: schemas/policy.yaml):

==========  =======  ====  ==================================================================
id          quarter  sev   role
==========  =======  ====  ==================================================================
0001        Q1 Jan   sev2  checkout / configuration-error; prevent item done 2026-02-10;
                           postmortem approved on time (8 days after resolution)
0002        Q1 Feb   sev3  search / hardware-failure; acknowledged late; item done late
0003        Q2 Apr   sev2  detected 2026-03-31T23:30-05:00 (= 04-01 04:30Z): the boundary.
                           Recurs 0001 after its prevent item was done (fix_failed);
                           contained late; item overdue; postmortem in_review and overdue
0004        Q2 May   sev3  privacy, GDPR Art. 33 sent 12h late (late_reason); postmortem
                           approved late (25 days); billing / human-error
0005        Q2 Jun   sev2  RESTRICTED privacy; recurs 0004 (billing / human-error); GDPR
                           never sent (overdue); prevent item overdue; postmortem draft,
                           overdue; service payroll-export carried only by this incident
0006        Q3 Jul   sev3  privacy, GDPR sent on time (24h early); still `contained`
                           (no resolved_at: resolve is missing); item open, not yet due
0007        Q3 Sep   sev4  false_positive: in `incidents` and dispositions, not in times
0008        Q3 Sep   sev3  still investigating: no occurred_at / contained_at / resolved_at;
                           search / hardware-failure 222 days after 0002 (> 180: no recurrence)
==========  =======  ====  ==================================================================
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT
from pirsite.metrics import compute
from pirsite.metrics.data import to_data
from pirsite.metrics.periods import last_complete_quarter, month_of, parse_quarter, quarter_of
from pirsite.metrics.report import quarterly_report
from pirsite.metrics.stats import median, percentile
from pirsite.pipeline import check

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)

INCIDENTS = {
    "PIR-2026-0001": """\
schema_version: 1
id: PIR-2026-0001
title: Checkout unavailable after a load balancer change
summary: Checkout returned errors for all customers for six hours after a load balancer setting was changed.
visibility: internal
status: resolved
disposition: confirmed
domains: [availability]
category: service-outage
severity: sev2
impact: high
urgency: medium
priority: p2
reporter: monitoring
commander: j.whitfield
occurred_at: 2026-01-12T07:30:00Z
detected_at: 2026-01-12T08:00:00Z
reported_at: 2026-01-12T08:00:00Z
acknowledged_at: 2026-01-12T08:30:00Z
contained_at: 2026-01-12T10:00:00Z
resolved_at: 2026-01-12T14:00:00Z
detection: {method: monitoring-alert, internal: true}
scope: {services: [checkout]}
cause: {root_cause_category: configuration-error}
action_items:
  - {id: AI-1, title: Validate load balancer settings in CI, type: prevent, owner: p.haddad, due: 2026-02-15, status: done, closed_at: 2026-02-10T08:00:00Z}
""",
    "PIR-2026-0002": """\
schema_version: 1
id: PIR-2026-0002
title: Search slow after a disk failure
summary: Search took several seconds per query for eight hours after a disk failed in the index cluster.
visibility: internal
status: resolved
disposition: confirmed
domains: [availability]
category: performance-degradation
severity: sev3
impact: medium
urgency: medium
priority: p3
reporter: monitoring
commander: j.whitfield
occurred_at: 2026-02-10T09:00:00Z
detected_at: 2026-02-10T10:00:00Z
reported_at: 2026-02-10T10:00:00Z
acknowledged_at: 2026-02-10T15:00:00Z
contained_at: 2026-02-10T12:00:00Z
resolved_at: 2026-02-10T18:00:00Z
detection: {method: monitoring-alert, internal: true}
scope: {services: [search]}
cause: {root_cause_category: hardware-failure}
action_items:
  - {id: AI-1, title: Replace the failed index disk, type: mitigate, owner: j.whitfield, due: 2026-02-20, status: done, closed_at: 2026-02-25T10:00:00Z}
""",
    "PIR-2026-0003": """\
schema_version: 1
id: PIR-2026-0003
title: Checkout unavailable again after a load balancer change
summary: Checkout failed for all customers for a day and a half after another load balancer setting was changed.
visibility: internal
status: resolved
disposition: confirmed
domains: [availability]
category: service-outage
severity: sev2
impact: high
urgency: medium
priority: p2
reporter: monitoring
commander: j.whitfield
occurred_at: 2026-03-31T23:00:00-05:00
detected_at: 2026-03-31T23:30:00-05:00
reported_at: 2026-03-31T23:30:00-05:00
acknowledged_at: 2026-04-01T00:30:00-05:00
contained_at: 2026-04-02T10:30:00Z
resolved_at: 2026-04-03T04:30:00Z
detection: {method: monitoring-alert, internal: true}
scope: {services: [checkout]}
cause: {root_cause_category: configuration-error}
action_items:
  - {id: AI-1, title: Require review for load balancer changes, type: prevent, owner: j.whitfield, due: 2026-05-15, status: open}
  - {id: AI-2, title: Alert on checkout error rate, type: detect, owner: p.haddad, due: 2026-05-01, status: done, closed_at: 2026-05-01T22:30:00Z}
""",
    "PIR-2026-0004": """\
schema_version: 1
id: PIR-2026-0004
title: Invoice emailed to the wrong customer
summary: One customer's invoice, with name and postal address, was emailed to another customer in Germany.
visibility: internal
status: resolved
disposition: confirmed
domains: [privacy]
category: misdirected-disclosure
severity: sev3
impact: low
urgency: medium
priority: p4
reporter: customer via support
commander: m.lindqvist
occurred_at: 2026-05-04T07:00:00Z
detected_at: 2026-05-04T09:00:00Z
reported_at: 2026-05-04T09:00:00Z
acknowledged_at: 2026-05-04T10:00:00Z
aware_at: 2026-05-04T12:00:00Z
contained_at: 2026-05-04T15:00:00Z
resolved_at: 2026-05-05T09:00:00Z
detection: {method: customer-report, internal: false}
scope: {services: [billing]}
privacy:
  role: controller
  personal_data_disclosed: "yes"
  data:
    - {category: contact-details, records: 1}
  individuals_by_jurisdiction:
    - {jurisdiction: DE, count: 1}
  risk: {overall: risk, rationale: Name and address sent to an unknown private person.}
notifications:
  - rule: gdpr-art33
    required: "yes"
    sent_at: 2026-05-08T00:00:00Z
    late_reason: The privacy officer on call was unreachable over the bank holiday.
cause: {root_cause_category: human-error}
action_items:
  - {id: AI-1, title: Confirm the recipient before sending invoices, type: process, owner: m.lindqvist, team: customer-support, due: 2026-06-30, status: done, closed_at: 2026-05-20T09:00:00Z}
""",
    "PIR-2026-0005": """\
schema_version: 1
id: PIR-2026-0005
title: Payroll zqxsecret export sent to the wrong team
summary: A payroll export with salaries of employees in Germany and France was shared with the wrong internal team.
visibility: restricted
status: resolved
disposition: confirmed
domains: [privacy]
category: unauthorized-access
severity: sev2
impact: high
urgency: high
priority: p1
reporter: an employee
commander: m.lindqvist
occurred_at: 2026-06-10T08:00:00Z
detected_at: 2026-06-10T10:00:00Z
reported_at: 2026-06-10T10:00:00Z
acknowledged_at: 2026-06-10T10:15:00Z
aware_at: 2026-06-10T12:00:00Z
contained_at: 2026-06-11T10:00:00Z
resolved_at: 2026-06-12T10:00:00Z
detection: {method: employee-report, internal: true}
scope: {services: [billing, payroll-export]}
privacy:
  role: controller
  personal_data_disclosed: "yes"
  data:
    - {category: employment, records: 120}
  individuals_by_jurisdiction:
    - {jurisdiction: DE, count: 100}
    - {jurisdiction: FR, count: 20}
  risk: {overall: risk, rationale: Salaries seen by colleagues who had no need to know.}
notifications:
  - rule: gdpr-art33
    required: "yes"
cause: {root_cause_category: human-error}
action_items:
  - {id: AI-1, title: Restrict payroll export sharing, type: prevent, owner: m.lindqvist, due: 2026-06-20, status: open}
""",
    "PIR-2026-0006": """\
schema_version: 1
id: PIR-2026-0006
title: CRM contact list reachable by all staff
summary: A CRM export with customer contact details in France was shared with every employee by mistake.
visibility: internal
status: contained
disposition: confirmed
domains: [privacy]
category: data-exposure
severity: sev3
impact: medium
urgency: high
priority: p2
reporter: scanner
commander: a.okafor
occurred_at: 2026-07-06T08:30:00Z
detected_at: 2026-07-06T09:00:00Z
reported_at: 2026-07-06T09:30:00Z
acknowledged_at: 2026-07-06T10:30:00Z
aware_at: 2026-07-06T12:00:00Z
contained_at: 2026-07-07T09:00:00Z
detection: {method: automated-scan, internal: true}
scope: {services: [crm]}
privacy:
  role: controller
  personal_data_disclosed: "yes"
  data:
    - {category: contact-details, records: 40}
  individuals_by_jurisdiction:
    - {jurisdiction: FR, count: 40}
  risk: {overall: risk, rationale: Contact details seen by staff without a need to know.}
notifications:
  - rule: gdpr-art33
    required: "yes"
    sent_at: 2026-07-08T12:00:00Z
cause: {root_cause_category: access-control-gap}
action_items:
  - {id: AI-1, title: Review CRM sharing defaults, type: mitigate, owner: s.brennan, team: data-platform, due: 2026-12-15, status: in_progress}
""",
    "PIR-2026-0007": """\
schema_version: 1
id: PIR-2026-0007
title: Suspicious SSO logins that were a load test
summary: An alert on many failed SSO logins turned out to be an announced load test from a partner.
visibility: internal
status: resolved
disposition: false_positive
domains: [security]
category: account-compromise
severity: sev4
impact: low
urgency: low
priority: p5
reporter: monitoring
commander: r.castellanos
occurred_at: 2026-09-01T00:00:00Z
detected_at: 2026-09-01T10:00:00Z
reported_at: 2026-09-01T10:00:00Z
acknowledged_at: 2026-09-01T10:30:00Z
contained_at: 2026-09-01T20:00:00Z
resolved_at: 2026-09-01T22:00:00Z
detection: {method: monitoring-alert, internal: true}
scope: {services: [sso]}
""",
    "PIR-2026-0008": """\
schema_version: 1
id: PIR-2026-0008
title: Search slow again in one region
summary: Customers report slow search in one region; the team is still investigating a suspected disk fault.
visibility: internal
status: investigating
disposition: confirmed
domains: [availability]
category: performance-degradation
severity: sev3
impact: medium
urgency: medium
priority: p3
reporter: customer via support
commander: p.haddad
detected_at: 2026-09-20T10:00:00Z
reported_at: 2026-09-20T10:00:00Z
acknowledged_at: 2026-09-20T11:00:00Z
detection: {method: customer-report, internal: false}
scope: {services: [search]}
cause: {root_cause_category: hardware-failure}
""",
}

SECTIONS = "".join(
    f"\n## {title}\ntext\n"
    for title in (
        "Summary",
        "Impact",
        "Root cause",
        "Contributing factors",
        "Detection",
        "Resolution",
        "What went well",
        "What went poorly",
        "Where we got lucky",
        "Lessons learned",
    )
)

POSTMORTEMS = {
    # resolved 01-12 14:00; due +10d (sev2) = 01-22 14:00; approved 01-20 14:00: met, 8 days
    "PIR-2026-0001": """\
incident: PIR-2026-0001
status: approved
authors: [j.whitfield]
reviewers: [g.alvarez]
approvals:
  - {by: g.alvarez, role: engineering, at: 2026-01-20T14:00:00Z, decision: approved}
""",
    # resolved 04-03 04:30Z; due +10d = 04-13 04:30Z; never approved: overdue
    "PIR-2026-0003": """\
incident: PIR-2026-0003
status: in_review
authors: [j.whitfield]
reviewers: [g.alvarez]
""",
    # resolved 05-05 09:00; due +20d (sev3) = 05-25 09:00; last approval 05-30 09:00: late, 25 days
    "PIR-2026-0004": """\
incident: PIR-2026-0004
status: approved
authors: [m.lindqvist]
reviewers: [a.okafor, e.varga]
approvals:
  - {by: a.okafor, role: privacy, at: 2026-05-22T09:00:00Z, decision: changes_requested, note: Say who was told.}
  - {by: e.varga, role: legal, at: 2026-05-26T09:00:00Z, decision: approved}
  - {by: a.okafor, role: privacy, at: 2026-05-30T09:00:00Z, decision: approved}
""",
    # resolved 06-12 10:00; due +10d (sev2) = 06-22 10:00; draft: overdue
    "PIR-2026-0005": """\
incident: PIR-2026-0005
status: draft
authors: [m.lindqvist]
reviewers: [a.okafor]
""",
}

RESTRICTED_ID = "PIR-2026-0005"
RESTRICTED_TITLE = "Payroll zqxsecret export sent to the wrong team"
TITLE_0003 = "Checkout unavailable again after a load balancer change"


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root: Path = tmp_path_factory.mktemp("metrics")
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    for incident_id, text in INCIDENTS.items():
        folder = root / "incidents" / "2026" / incident_id
        folder.mkdir(parents=True)
        (folder / "incident.yaml").write_text(text, encoding="utf-8")
        if incident_id in POSTMORTEMS:
            body = f"---\n{POSTMORTEMS[incident_id]}---\n{SECTIONS}"
            (folder / "postmortem.md").write_text(body, encoding="utf-8")
    result = check(root, now=NOW, git_history=False, use_cache=False)
    assert result.errors == 0, "\n".join(str(p) for p in result.problems)
    assert len(result.incidents) == 8 and len(result.postmortems) == 4
    return result


@pytest.fixture(scope="module")
def metrics(program: Any) -> Any:
    return compute(program.incidents, program.postmortems, program.policy, now=NOW)


@pytest.fixture(scope="module")
def restricted_metrics(program: Any) -> Any:
    return compute(program.incidents, program.postmortems, program.policy, now=NOW, audience="restricted")


@pytest.fixture(scope="module")
def report(metrics: Any) -> Any:
    """The 2026Q2 report of this small program, judged with a minimum sample of 1, so that the
    direction of every verdict is tested (the policy's 5 would make them all "too few")."""
    return quarterly_report(dataclasses.replace(metrics, minimum_sample=1), "2026Q2")


def test_with_the_policys_minimum_sample_small_quarters_get_no_verdict(metrics: Any) -> None:
    assert metrics.minimum_sample == 5
    verdicts = {k.key: k.verdict for k in quarterly_report(metrics, "2026Q2").kpis}
    assert verdicts["major_incidents"] == "too few"  # 3 incidents against 2
    assert verdicts["incidents"] == "changed"  # a volume has no better direction, whatever its size
    assert verdicts["notifications_on_time"] == "n/a"


@pytest.fixture(scope="module")
def restricted_report(restricted_metrics: Any) -> Any:
    return quarterly_report(restricted_metrics, "2026Q2")


def durations(d: Any) -> tuple:
    return (d.count, d.missing, d.median, d.p90, d.max)


# ---------------------------------------------------------------------------------------------
# periods and stats: small pure functions


UTC_MINUS_5 = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    ("when", "quarter", "month"),
    [
        (datetime(2026, 1, 1, tzinfo=UTC), "2026Q1", "2026-01"),
        (datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC), "2026Q1", "2026-03"),
        (datetime(2026, 3, 31, 23, 30, tzinfo=UTC_MINUS_5), "2026Q2", "2026-04"),  # 04:30Z on 1 April
        (datetime(2026, 7, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))), "2026Q2", "2026-06"),  # 22:30Z
        (datetime(2026, 12, 31, 20, tzinfo=UTC_MINUS_5), "2027Q1", "2027-01"),  # 01:00Z next year
    ],
)
def test_quarter_and_month_are_utc(when: datetime, quarter: str, month: str) -> None:
    assert quarter_of(when) == quarter
    assert month_of(when) == month


@pytest.mark.parametrize(
    ("text", "quarter"),
    [("2026Q3", "2026Q3"), ("2026-q3", "2026Q3"), ("2026-Q1", "2026Q1"), (" 2026q4 ", "2026Q4")],
)
def test_parse_quarter_accepts(text: str, quarter: str) -> None:
    assert parse_quarter(text) == quarter


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "26Q1", "2026-3", "Q3 2026", "2026--Q3", ""])
def test_parse_quarter_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_quarter(text)


@pytest.mark.parametrize(
    ("now", "quarter"),
    [
        (NOW, "2026Q3"),
        (datetime(2026, 1, 15, tzinfo=UTC), "2025Q4"),
        (datetime(2026, 4, 1, tzinfo=UTC), "2026Q1"),
        (datetime(2026, 3, 31, 23, 30, tzinfo=UTC_MINUS_5), "2026Q1"),  # already Q2 in UTC
        (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "2025Q4"),
    ],
)
def test_last_complete_quarter(now: datetime, quarter: str) -> None:
    assert last_complete_quarter(now) == quarter


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([], 90, None),
        ([7.0], 90, 7.0),
        ([3, 1, 2], 50, 2.0),  # rank ceil(1.5) = 2 -> sorted [1,2,3][1] = 2
        ([1, 2, 3, 4], 50, 2.0),  # rank ceil(2.0) = 2 -> 2 (an observation, not 2.5)
        ([1, 2, 3, 4, 5, 6, 7, 8, 9], 90, 9.0),  # rank ceil(8.1) = 9 -> 9
        ([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 90, 9.0),  # rank ceil(9.0) = 9 -> 9, not 10
        (list(range(10, 120, 10)), 90, 100.0),  # 11 values, rank ceil(9.9) = 10 -> 100
        ([5, 1, 3], 0, 1.0),  # rank max(1, 0) = 1 -> the minimum
        ([5, 1, 3], 100, 5.0),  # rank 3 -> the maximum
        # rank ceil(7/100 * 100) = 7 -> 7; in floats 7/100*100 is 7.000000000000001 (ceil gives 8)
        (list(range(1, 101)), 7, 7.0),
    ],
)
def test_percentile_nearest_rank(values: list[float], p: float, expected: float | None) -> None:
    assert percentile(values, p) == expected


@pytest.mark.parametrize(
    ("values", "expected"), [([], None), ([4], 4.0), ([3, 1, 2], 2.0), ([4, 1, 3, 2], 2.5)]
)
def test_median(values: list[float], expected: float | None) -> None:
    assert median(values) == expected


# ---------------------------------------------------------------------------------------------
# counts, durations and buckets


def test_counts_and_dispositions(metrics: Any) -> None:
    m = metrics.overall
    assert m.incidents == 8
    assert m.restricted == 1  # 0005
    assert m.real == 7  # all but the false positive 0007
    assert m.dispositions == {"confirmed": 7, "false_positive": 1}


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        # detect = detected - occurred: 0001 07:30->08:00 = 0.5; 0002 09:00->10:00 = 1;
        # 0003 04:00Z->04:30Z = 0.5; 0004 07:00->09:00 = 2; 0005 08:00->10:00 = 2; 0006 08:30->09:00 = 0.5;
        # 0008 has no occurred_at -> missing (0007 is a false positive: excluded, its 10h would be the max)
        # sorted [0.5, 0.5, 0.5, 1, 2, 2]: median (0.5+1)/2 = 0.75; p90 rank ceil(5.4) = 6 -> 2
        ("detect", (6, 1, 0.75, 2.0, 2.0)),
        # acknowledge = acknowledged - reported: 0001 0.5; 0002 10:00->15:00 = 5; 0003 04:30Z->05:30Z = 1;
        # 0004 1; 0005 0.25; 0006 09:30->10:30 = 1; 0008 1
        # sorted [0.25, 0.5, 1, 1, 1, 1, 5]: median 1; p90 rank ceil(6.3) = 7 -> 5
        ("acknowledge", (7, 0, 1.0, 5.0, 5.0)),
        # contain = contained - detected: 0001 08:00->10:00 = 2; 0002 10:00->12:00 = 2;
        # 0003 04-01 04:30Z -> 04-02 10:30Z = 30; 0004 09:00->15:00 = 6; 0005 24; 0006 24; 0008 missing
        # sorted [2, 2, 6, 24, 24, 30]: median (6+24)/2 = 15; p90 rank 6 -> 30
        ("contain", (6, 1, 15.0, 30.0, 30.0)),
        # resolve = resolved - detected: 0001 8->14 = 6; 0002 10->18 = 8; 0003 04-01 04:30 -> 04-03 04:30 = 48;
        # 0004 05-04 09:00 -> 05-05 09:00 = 24; 0005 48; 0006 and 0008 not resolved -> missing 2
        # sorted [6, 8, 24, 48, 48]: median 24; p90 rank ceil(4.5) = 5 -> 48
        ("resolve", (5, 2, 24.0, 48.0, 48.0)),
    ],
)
def test_durations_overall(metrics: Any, measure: str, expected: tuple) -> None:
    assert durations(metrics.overall.times[measure]) == pytest.approx(expected)


def test_missing_timestamps_are_missing_not_zero(metrics: Any) -> None:
    # 0008 (investigating) has no occurred_at, contained_at or resolved_at
    q3 = metrics.quarters["2026Q3"]
    # Q3 real incidents: 0006 (contain 24h, not resolved) and 0008 (nothing); 0007 is a false positive
    assert durations(q3.times["contain"]) == (1, 1, 24.0, 24.0, 24.0)
    assert durations(q3.times["resolve"]) == (0, 2, None, None, None)
    assert durations(q3.times["detect"]) == (1, 1, 0.5, 0.5, 0.5)  # 0006 only: 08:30->09:00


def test_quarters_are_utc_and_gap_filled(metrics: Any) -> None:
    # first incident in Q1, NOW in Q4: every quarter in between, Q4 empty
    assert list(metrics.quarters) == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    counts = {q: m.incidents for q, m in metrics.quarters.items()}
    # Q1: 0001, 0002 (0003 is 04:30Z on 1 April); Q2: 0003, 0004, 0005; Q3: 0006, 0007, 0008
    assert counts == {"2026Q1": 2, "2026Q2": 3, "2026Q3": 3, "2026Q4": 0}
    assert {q: m.real for q, m in metrics.quarters.items()} == {
        "2026Q1": 2,
        "2026Q2": 3,
        "2026Q3": 2,
        "2026Q4": 0,
    }


@pytest.mark.parametrize(
    ("quarter", "contain_median", "detect_median", "resolve_median"),
    [
        ("2026Q1", 2.0, 0.75, 7.0),  # contain [2, 2]; detect [0.5, 1]; resolve [6, 8] -> 7
        ("2026Q2", 24.0, 2.0, 48.0),  # contain [30, 6, 24] -> 24; detect [0.5, 2, 2]; resolve [48, 24, 48]
        ("2026Q3", 24.0, 0.5, None),  # contain [24] (0006); detect [0.5]; nothing resolved
        ("2026Q4", None, None, None),
    ],
)
def test_quarter_durations(
    metrics: Any, quarter: str, contain_median: float, detect_median: float, resolve_median: float
) -> None:
    times = metrics.quarters[quarter].times
    assert times["contain"].median == contain_median
    assert times["detect"].median == detect_median
    assert times["resolve"].median == resolve_median


def test_months_are_utc_and_gap_filled(metrics: Any) -> None:
    assert list(metrics.months) == [f"2026-{m:02d}" for m in range(1, 12)]  # January to November (NOW)
    counts = {month: m.incidents for month, m in metrics.months.items()}
    assert counts == {
        "2026-01": 1,  # 0001
        "2026-02": 1,  # 0002
        "2026-03": 0,  # 0003 was detected 23:30 -05:00 on 31 March = 04:30Z on 1 April
        "2026-04": 1,  # 0003
        "2026-05": 1,  # 0004
        "2026-06": 1,  # 0005
        "2026-07": 1,  # 0006
        "2026-08": 0,
        "2026-09": 2,  # 0007 (false positive) and 0008
        "2026-10": 0,
        "2026-11": 0,
    }
    assert metrics.months["2026-04"].times["contain"].median == 30.0  # 0003: 04-01 04:30Z -> 04-02 10:30Z
    assert metrics.months["2026-09"].real == 1  # 0008 only
    assert metrics.months["2026-09"].times["acknowledge"].median == 1.0  # 0008; 0007's 0.5h excluded


def test_boundary_incident_lands_in_april_and_q2(metrics: Any) -> None:
    facts = {f.incident.id: f for f in metrics.facts}
    assert (facts["PIR-2026-0003"].month, facts["PIR-2026-0003"].quarter) == ("2026-04", "2026Q2")
    assert metrics.quarters["2026Q2"].volume["severity"] == {"sev2": 2, "sev3": 1}  # 0003, 0005; 0004
    assert metrics.quarters["2026Q1"].volume["severity"] == {"sev2": 1, "sev3": 1}  # 0001; 0002


# ---------------------------------------------------------------------------------------------
# SLAs and notifications


def attainment(a: Any) -> tuple:
    return (a.applicable, a.met, a.late, a.overdue, a.running, a.rate)


@pytest.mark.parametrize(
    ("sla", "expected"),
    [
        # acknowledge (from reported; sev2 30m, sev3 4h, sev4 1d), every incident incl. the false positive:
        # 0001 30m = 30m met (on the dot); 0002 5h > 4h late; 0003 1h > 30m late; 0004 1h met;
        # 0005 15m met; 0006 1h met; 0007 30m met; 0008 1h met -> 6 met, 2 late, rate 6/8
        ("acknowledge", (8, 6, 2, 0, 0, 0.75)),
        # contain (from detected; sev2 24h, sev3 3d), real incidents only:
        # 0001 2h met; 0002 2h met; 0003 30h > 24h late; 0004 6h met; 0005 24h = 24h met;
        # 0006 24h met; 0008 not contained, due 09-23 10:00 < NOW overdue -> rate 5/7
        ("contain", (7, 5, 1, 1, 0, 5 / 7)),
        # postmortem (required: 0001, 0003, 0004, 0005): 0001 met; 0003 overdue; 0004 late; 0005 overdue
        ("postmortem", (4, 1, 1, 2, 0, 0.25)),
    ],
)
def test_sla_attainment(metrics: Any, sla: str, expected: tuple) -> None:
    assert attainment(metrics.overall.slas[sla]) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("quarter", "ack_rate", "contain_rate"),
    [
        ("2026Q1", 0.5, 1.0),  # ack: 0001 met, 0002 late; contain: both met
        ("2026Q2", 2 / 3, 2 / 3),  # ack: 0003 late, 0004, 0005 met; contain: 0003 late, 0004, 0005 met
        ("2026Q3", 1.0, 0.5),  # ack: 0006, 0007, 0008 met; contain: 0006 met, 0008 overdue
        ("2026Q4", None, None),  # nothing to divide by: None, never 0%
    ],
)
def test_sla_rates_by_quarter(metrics: Any, quarter: str, ack_rate: float, contain_rate: float) -> None:
    slas = metrics.quarters[quarter].slas
    assert slas["acknowledge"].rate == pytest.approx(ack_rate)
    assert slas["contain"].rate == pytest.approx(contain_rate)


def test_notifications(metrics: Any) -> None:
    # GDPR Art. 33, 72h from aware_at:
    # 0004 aware 05-04 12:00 -> due 05-07 12:00, sent 05-08 00:00: late, lead -12h
    # 0005 aware 06-10 12:00 -> due 06-13 12:00, never sent, NOW is past: overdue, no lead
    # 0006 aware 07-06 12:00 -> due 07-09 12:00, sent 07-08 12:00: on time, lead +24h
    # median lead of [-12, 24] = 6; across all rules there is no median in hours (deadlines of
    # different lengths), only as a share of each deadline: [-12/72, 24/72] -> 1/12
    for rule, lead in (("gdpr-art33", 6.0), ("all", None)):
        expected = (3, 1, 1, 1, 0, 0, 0, 1 / 3, lead)
        n = metrics.overall.notifications[rule]
        got = (
            n.obligations,
            n.on_time,
            n.late,
            n.overdue,
            n.open,
            n.pending_decision,
            n.not_required,
            n.on_time_rate,
            n.median_lead_hours,
        )
        assert got == pytest.approx(expected), rule
        assert metrics.overall.notifications[rule].median_lead_share == pytest.approx(1 / 12), rule
    assert set(metrics.overall.notifications) == {"gdpr-art33", "all"}
    # by quarter: Q2 has 0004 (late) and 0005 (overdue); Q3 has 0006 (on time); Q1 none
    assert metrics.quarters["2026Q1"].notifications["all"].on_time_rate is None
    assert metrics.quarters["2026Q2"].notifications["all"].on_time_rate == 0.0
    assert metrics.quarters["2026Q2"].notifications["gdpr-art33"].median_lead_hours == -12.0
    assert metrics.quarters["2026Q2"].notifications["all"].median_lead_hours is None
    assert metrics.quarters["2026Q3"].notifications["all"].on_time_rate == 1.0


def test_internal_share(metrics: Any) -> None:
    # real incidents detected internally: 0001, 0002, 0003, 0005, 0006 (not 0004, 0008): 5 of 7
    assert metrics.overall.detected_internally == 5
    assert metrics.overall.internal_share == pytest.approx(5 / 7)
    # Q2: 0003, 0005 of 0003, 0004, 0005; Q3: 0006 of 0006, 0008 (0007 is not real)
    assert metrics.quarters["2026Q2"].internal_share == pytest.approx(2 / 3)
    assert metrics.quarters["2026Q3"].internal_share == pytest.approx(0.5)


# ---------------------------------------------------------------------------------------------
# postmortems and action items


def test_postmortems(metrics: Any) -> None:
    p = metrics.overall.postmortems
    # required: 0001, 0003, 0004 (sev2 / privacy "yes" with risk), 0005; not 0006 (only contained),
    # not 0007 (false positive), not 0002/0008 (sev3, no personal data)
    assert (p.required, p.written, p.approved, p.overdue, p.approved_late) == (4, 4, 2, 2, 1)
    # days from resolution to the last approval: 0001 01-12 14:00 -> 01-20 14:00 = 8;
    # 0004 05-05 09:00 -> 05-30 09:00 = 25 (the 05-26 approval is not the last) -> median 16.5
    assert p.median_days_to_approval == pytest.approx(16.5)


def action_tuple(a: Any) -> tuple:
    return (a.total, a.open, a.overdue, a.done_on_time, a.done_late, a.wont_do, a.median_days_to_close)


def test_actions_overall(metrics: Any) -> None:
    # 0001 AI-1 due 02-15, closed 02-10: on time; 29 days after report (01-12 08:00 -> 02-10 08:00)
    # 0002 AI-1 due 02-20, closed 02-25: late; 15 days (02-10 10:00 -> 02-25 10:00)
    # 0003 AI-1 due 05-15, open: overdue
    # 0003 AI-2 due 05-01, closed 05-01 22:30Z (before the end of the due day): on time;
    #      04-01 04:30 -> 05-01 22:30 = 30 days 18 hours = 30.75
    # 0004 AI-1 due 06-30, closed 05-20: on time; 16 days (05-04 09:00 -> 05-20 09:00)
    # 0005 AI-1 due 06-20, open: overdue
    # 0006 AI-1 due 12-15, in progress: open
    # median days of [15, 16, 29, 30.75] = (16 + 29) / 2 = 22.5
    # open counts every item not closed, the overdue ones included: 0003 AI-1, 0005 AI-1, 0006 AI-1
    assert action_tuple(metrics.overall.actions) == pytest.approx((7, 3, 2, 3, 1, 0, 22.5))


def test_actions_by_owner_and_team(metrics: Any) -> None:
    by_owner = {k: action_tuple(v) for k, v in metrics.overall.actions_by_owner.items()}
    # every value below is exact in binary floating point, so plain equality is safe
    assert by_owner == {
        "j.whitfield": (2, 1, 1, 0, 1, 0, 15.0),  # 0002 AI-1 late (15d), 0003 AI-1 overdue (so open)
        "m.lindqvist": (2, 1, 1, 1, 0, 0, 16.0),  # 0004 AI-1 on time (16d), 0005 AI-1 overdue (so open)
        "p.haddad": (2, 0, 0, 2, 0, 0, 29.875),  # 0001 AI-1 (29d), 0003 AI-2 (30.75d) -> 29.875
        "s.brennan": (1, 1, 0, 0, 0, 0, None),  # 0006 AI-1 open
    }
    by_team = {k: action_tuple(v)[:6] for k, v in metrics.overall.actions_by_team.items()}
    assert by_team == {
        "customer-support": (1, 0, 0, 1, 0, 0),  # 0004 AI-1: its own team, not its owner's
        "data-platform": (1, 1, 0, 0, 0, 0),  # 0006 AI-1
        "platform-sre": (4, 1, 1, 2, 1, 0),  # j.whitfield and p.haddad's items
        "privacy-office": (1, 1, 1, 0, 0, 0),  # 0005 AI-1 (m.lindqvist's team on the roster)
    }


@pytest.mark.parametrize(
    ("month", "at", "open_", "overdue"),
    [
        ("2026-01", datetime(2026, 2, 1, tzinfo=UTC), 1, 0),  # 0001 AI-1 open since 01-12
        # 0001 AI-1 closed 02-10; 0002 AI-1 opened 02-10, overdue from 02-21, closed 02-25
        ("2026-02", datetime(2026, 3, 1, tzinfo=UTC), 0, 0),
        ("2026-03", datetime(2026, 4, 1, tzinfo=UTC), 0, 0),  # 0003 reported 04:30Z on 1 April
        ("2026-04", datetime(2026, 5, 1, tzinfo=UTC), 2, 0),  # 0003 AI-1 and AI-2
        # AI-2 closed 05-01; 0004 AI-1 opened 05-04, closed 05-20; 0003 AI-1 overdue from 05-16
        ("2026-05", datetime(2026, 6, 1, tzinfo=UTC), 1, 1),
        ("2026-06", datetime(2026, 7, 1, tzinfo=UTC), 2, 2),  # + 0005 AI-1, overdue from 06-21
        ("2026-07", datetime(2026, 8, 1, tzinfo=UTC), 3, 2),  # + 0006 AI-1, due in December
        ("2026-11", NOW, 3, 2),  # the month in progress is taken at NOW
    ],
)
def test_actions_over_time(metrics: Any, month: str, at: datetime, open_: int, overdue: int) -> None:
    snapshots = {s.month: s for s in metrics.actions_over_time}
    assert list(snapshots) == list(metrics.months)
    s = snapshots[month]
    assert (s.at, s.open, s.overdue) == (at, open_, overdue)


# ---------------------------------------------------------------------------------------------
# volume and privacy counts


def test_volume(metrics: Any) -> None:
    v = metrics.overall.volume
    assert v["severity"] == {"sev3": 4, "sev2": 3, "sev4": 1}
    assert v["domain"] == {"availability": 4, "privacy": 3, "security": 1}
    assert v["category"] == {
        "performance-degradation": 2,  # 0002, 0008
        "service-outage": 2,  # 0001, 0003
        "account-compromise": 1,  # 0007
        "data-exposure": 1,  # 0006
        "misdirected-disclosure": 1,  # 0004
        "unauthorized-access": 1,  # 0005
    }
    assert v["root_cause"] == {
        "configuration-error": 2,  # 0001, 0003
        "hardware-failure": 2,  # 0002, 0008
        "human-error": 2,  # 0004, 0005
        "access-control-gap": 1,  # 0006
        "unspecified": 1,  # 0007 (false positive, no cause)
    }
    # payroll-export is carried only by the restricted 0005: counted, but not named
    assert v["service"] == {
        "billing": 2,
        "checkout": 2,
        "search": 2,
        "(restricted)": 1,
        "crm": 1,
        "sso": 1,
    }
    assert list(v["service"])[:3] == ["billing", "checkout", "search"]  # most first, then by name
    assert v["data_category"] == {"contact-details": 2, "employment": 1}  # 0004, 0006; 0005


def test_records_and_individuals(metrics: Any) -> None:
    m = metrics.overall
    assert m.records_affected == 161  # 1 (0004) + 120 (0005) + 40 (0006)
    assert m.individuals_by_jurisdiction == {"DE": 101, "FR": 60}  # DE 1 + 100; FR 20 + 40
    assert m.individuals_affected == 161
    assert [metrics.quarters[q].individuals_affected for q in metrics.quarters] == [0, 121, 40, 0]


# ---------------------------------------------------------------------------------------------
# recurrence


def test_recurrences(metrics: Any) -> None:
    # 0003 recurs 0001 (configuration-error on checkout, 79 days apart);
    # 0005 recurs 0004 (human-error on billing, 37 days apart);
    # 0008 and 0002 (hardware-failure on search) are 222 days apart: beyond 180, no recurrence
    assert metrics.overall.recurrences == 2
    assert metrics.overall.recurrence_rate == pytest.approx(2 / 7)
    assert [metrics.quarters[q].recurrences for q in metrics.quarters] == [0, 2, 0, 0]
    assert metrics.quarters["2026Q2"].recurrence_rate == pytest.approx(2 / 3)
    recurring = {f.incident.id for f in metrics.facts if f.recurrence}
    assert recurring == {"PIR-2026-0003", "PIR-2026-0005"}


def test_recurring_classes(metrics: Any, restricted_metrics: Any) -> None:
    classes = metrics.recurring_classes
    assert [(c.kind, c.root_cause, c.service) for c in classes] == [
        ("cause", "configuration-error", "checkout"),
        ("cause", "human-error", "billing"),
    ]  # hardware-failure on search is absent: its two incidents are 222 days apart
    checkout, billing = classes
    # 0001's only prevent item was done 02-10, before 0003 was detected 04-01: the fix did not work
    assert (checkout.incidents, checkout.recurrences, checkout.fix_failed) == (2, 1, 1)
    assert checkout.by_quarter == {"2026Q2": 1}
    assert checkout.shown == ("PIR-2026-0001", "PIR-2026-0003")
    assert checkout.hidden == 0
    assert [(p.incident, p.id, p.status) for p in checkout.prevention] == [
        ("PIR-2026-0001", "AI-1", "done"),
        ("PIR-2026-0003", "AI-1", "open"),
    ]
    # 0004 had no prevent item (AI-1 is `process`): a recurrence, but not a failed fix
    assert (billing.incidents, billing.recurrences, billing.fix_failed) == (2, 1, 0)
    assert billing.by_quarter == {"2026Q2": 1}
    assert billing.shown == ("PIR-2026-0004",)  # the restricted 0005 is counted, not named
    assert billing.hidden == 1
    assert billing.prevention == ()
    r_billing = restricted_metrics.recurring_classes[1]
    assert r_billing.shown == ("PIR-2026-0004", "PIR-2026-0005")
    assert r_billing.hidden == 0
    assert [(p.incident, p.id, p.status) for p in r_billing.prevention] == [("PIR-2026-0005", "AI-1", "open")]


# ---------------------------------------------------------------------------------------------
# quarterly report


def kpis(report: Any) -> dict[str, tuple]:
    return {k.key: (k.value, k.previous, k.verdict) for k in report.kpis}


def test_report_kpis(report: Any) -> None:
    assert (report.quarter, report.previous, report.complete) == ("2026Q2", "2026Q1", True)
    assert report.at == datetime(2026, 7, 1, tzinfo=UTC)
    got = kpis(report)
    expected = {
        "incidents": (3, 2, "changed"),  # volume has no better direction
        "major_incidents": (2, 1, "worse"),  # Q2: 0003, 0005; Q1: 0001
        "detect_median": (2.0, 0.75, "worse"),
        "contain_median": (24.0, 2.0, "worse"),
        "contain_p90": (30.0, 2.0, "worse"),  # Q2 [6, 24, 30] rank ceil(2.7) = 3 -> 30; Q1 [2, 2]
        "resolve_median": (48.0, 7.0, "worse"),
        "ack_sla": (2 / 3, 0.5, "better"),
        "contain_sla": (2 / 3, 1.0, "worse"),
        "notifications_on_time": (0.0, None, "n/a"),  # Q1 had no obligations
        "internal_detection": (2 / 3, 1.0, "worse"),
        "recurrence_rate": (2 / 3, 0.0, "worse"),  # Q1: 0 of 2
        "individuals": (121, 0, "worse"),  # 1 (0004) + 120 (0005)
        # at 07-01: 0003 AI-1 (due 05-15) and 0005 AI-1 (due 06-20) open and past due;
        # at 04-01: 0001 AI-1 and 0002 AI-1 already closed, 0003 not yet reported
        "actions_overdue": (2, 0, "worse"),
        # at 07-01: 0003 (due 04-13) and 0005 (due 06-22) unapproved; 0004 approved 05-30;
        # at 04-01: 0001 approved 01-20, 0003 not yet resolved
        "postmortems_overdue": (2, 0, "worse"),
    }
    assert list(got) == list(expected)
    for key, (value, previous, verdict) in expected.items():
        assert got[key] == (pytest.approx(value), pytest.approx(previous), verdict), key


def test_report_lists_internal(report: Any) -> None:
    assert [(n.id, n.severity, n.status, n.category) for n in report.notable] == [
        ("PIR-2026-0003", "sev2", "resolved", "service-outage")
    ]
    assert [(n.incident, n.rule, n.state) for n in report.late_notifications] == [
        ("PIR-2026-0004", "gdpr-art33", "late")
    ]
    late = report.late_notifications[0]
    assert late.due == datetime(2026, 5, 7, 12, tzinfo=UTC)  # aware 05-04 12:00 + 72h
    assert late.sent_at == datetime(2026, 5, 8, tzinfo=UTC)
    assert late.late_reason == "The privacy officer on call was unreachable over the bank holiday."
    assert {
        owner: [(a.incident, a.id, a.team, a.due, a.days_overdue) for a in items]
        for owner, items in report.overdue_actions.items()
    } == {"j.whitfield": [("PIR-2026-0003", "AI-1", "platform-sre", "2026-05-15", 47)]}  # 05-15 -> 07-01
    assert [(b.incident, b.status, b.due, b.overdue) for b in report.postmortem_backlog] == [
        ("PIR-2026-0003", "not approved", datetime(2026, 4, 13, 4, 30, tzinfo=UTC), True)
    ]
    assert report.top_root_causes == (("human-error", 2), ("configuration-error", 1))
    assert [(c.root_cause, c.service) for c in report.recurring] == [
        ("configuration-error", "checkout"),
        ("human-error", "billing"),
    ]
    # the restricted 0005 is counted in each list it belongs to, never named
    assert report.hidden == {
        "notable": 1,
        "late_notifications": 1,
        "overdue_actions": 1,
        "postmortem_backlog": 1,
    }


def test_report_lists_restricted(restricted_report: Any) -> None:
    r = restricted_report
    assert [n.id for n in r.notable] == ["PIR-2026-0003", "PIR-2026-0005"]
    assert [n.title for n in r.notable][1] == RESTRICTED_TITLE
    assert [(n.incident, n.state, n.due, n.sent_at) for n in r.late_notifications] == [
        ("PIR-2026-0004", "late", datetime(2026, 5, 7, 12, tzinfo=UTC), datetime(2026, 5, 8, tzinfo=UTC)),
        ("PIR-2026-0005", "overdue", datetime(2026, 6, 13, 12, tzinfo=UTC), None),  # aware 06-10 12:00 + 72h
    ]
    assert {
        owner: [(a.incident, a.id, a.days_overdue) for a in items]
        for owner, items in r.overdue_actions.items()
    } == {
        "j.whitfield": [("PIR-2026-0003", "AI-1", 47)],
        "m.lindqvist": [("PIR-2026-0005", "AI-1", 11)],  # due 06-20 -> 07-01
    }
    assert [(b.incident, b.title, b.due, b.overdue) for b in r.postmortem_backlog] == [
        ("PIR-2026-0003", TITLE_0003, datetime(2026, 4, 13, 4, 30, tzinfo=UTC), True),
        ("PIR-2026-0005", RESTRICTED_TITLE, datetime(2026, 6, 22, 10, tzinfo=UTC), True),
    ]
    assert r.hidden == {}


def test_report_quarter_in_progress(metrics: Any) -> None:
    r = quarterly_report(metrics, "2026Q4")
    assert (r.complete, r.at) == (False, NOW)
    got = kpis(r)
    assert got["incidents"] == (0, 3, "changed")
    # at NOW: 0003 AI-1 and 0005 AI-1 overdue (0006 AI-1 due 12-15); at 10-01 the same two
    assert got["actions_overdue"] == (2, 2, "same")
    assert {o: [a.days_overdue for a in items] for o, items in r.overdue_actions.items()} == {
        "j.whitfield": [192]  # 2026-05-15 -> 2026-11-23: 16 + 30 + 31 + 31 + 30 + 31 + 23 = 192
    }


def test_report_rejects_unknown_quarter(metrics: Any) -> None:
    with pytest.raises(KeyError):
        quarterly_report(metrics, "2025Q4")


# ---------------------------------------------------------------------------------------------
# audiences


def without_service_names(measures: Any) -> Any:
    """The measures as data, with volume by service reduced to its counts (names are masked by audience)."""
    data = to_data(measures)
    data["volume"]["service"] = sorted(data["volume"]["service"].values())
    return data


def test_aggregates_identical_for_both_audiences(metrics: Any, restricted_metrics: Any) -> None:
    assert without_service_names(metrics.overall) == without_service_names(restricted_metrics.overall)
    for period in ("months", "quarters", "by_severity", "by_domain", "by_category"):
        a, b = getattr(metrics, period), getattr(restricted_metrics, period)
        assert list(a) == list(b)
        for key in a:
            assert without_service_names(a[key]) == without_service_names(b[key]), key
    assert metrics.actions_over_time == restricted_metrics.actions_over_time
    assert [(c.incidents, c.recurrences, c.fix_failed) for c in metrics.recurring_classes] == [
        (c.incidents, c.recurrences, c.fix_failed) for c in restricted_metrics.recurring_classes
    ]
    # the only label difference: restricted readers see the service name
    assert restricted_metrics.overall.volume["service"]["payroll-export"] == 1
    assert "(restricted)" not in restricted_metrics.overall.volume["service"]
    # and the report KPIs agree
    assert kpis(quarterly_report(metrics, "2026Q2")) == kpis(quarterly_report(restricted_metrics, "2026Q2"))


def test_restricted_incident_named_nowhere_for_internal(
    metrics: Any, report: Any, restricted_metrics: Any, restricted_report: Any
) -> None:
    internal = json.dumps(to_data(metrics)) + json.dumps(to_data(report))
    for secret in (RESTRICTED_ID, RESTRICTED_TITLE, "zqxsecret", "payroll-export"):
        assert secret not in internal
    restricted = json.dumps(to_data(restricted_metrics)) + json.dumps(to_data(restricted_report))
    for secret in (RESTRICTED_ID, RESTRICTED_TITLE, "payroll-export"):
        assert secret in restricted


def test_unknown_audience_is_refused(program: Any) -> None:
    with pytest.raises(ValueError):
        compute(program.incidents, program.postmortems, program.policy, now=NOW, audience="public")


# ---------------------------------------------------------------------------------------------
# export


def keys_of(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def test_to_data_is_json_without_facts(metrics: Any, report: Any) -> None:
    data = to_data(metrics)
    text = json.dumps(data)
    assert "facts" not in keys_of(data)
    assert data["as_of"] == "2026-11-23T12:00:00Z"
    assert data["audience"] == "internal"
    assert data["recurrence_window_days"] == 180
    assert data["overall"]["times"]["contain"] == {
        "count": 6,
        "missing": 1,
        "median": 15.0,
        "p90": 30.0,
        "max": 30.0,
    }
    assert json.loads(text) == data
    report_data = to_data(report)
    json.dumps(report_data)
    ack = next(k for k in report_data["kpis"] if k["key"] == "ack_sla")
    assert ack["verdict"] == "better"
    assert ack["change"] == pytest.approx(2 / 3 - 0.5)
    assert report_data["postmortem_backlog"][0]["due"] == "2026-04-13T04:30:00Z"
    assert isinstance(date.fromisoformat(report_data["overdue_actions"]["j.whitfield"][0]["due"]), date)


# ---------------------------------------------------------------------------
# added-up tallies equal measuring the slice directly


def test_added_up_slices_equal_measuring_them_directly(metrics: Any) -> None:
    """Quarters and the overall figures are added up from month tallies; they must be
    exactly what measuring their incidents directly gives (the example corpus too)."""
    from pirsite.metrics.measures import measure

    facts = list(metrics.facts)
    assert metrics.overall == measure(facts)
    for quarter, measures in metrics.quarters.items():
        assert measures == measure([f for f in facts if f.quarter == quarter]), quarter
    for month, measures in metrics.months.items():
        assert measures == measure([f for f in facts if f.month == month]), month
    assert_dimension_slices(metrics)


def assert_dimension_slices(metrics: Any) -> None:
    """Severity, domain and category slices (added up from cells) equal measuring them directly."""
    from pirsite.metrics.measures import measure

    facts = list(metrics.facts)
    for name, keys_of in (
        ("by_severity", lambda f: (f.incident.severity,)),
        ("by_domain", lambda f: f.incident.domains),
        ("by_category", lambda f: (f.incident.category,)),
    ):
        slices = getattr(metrics, name)
        assert set(slices) == {key for f in facts for key in keys_of(f)}, name
        for key, measures in slices.items():
            assert measures == measure([f for f in facts if key in keys_of(f)]), (name, key)


def test_added_up_slices_on_the_example_program() -> None:
    from pirsite.metrics import compute
    from pirsite.metrics.measures import measure
    from pirsite.pipeline import check

    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    result = check(Path(__file__).resolve().parents[1], now=now, use_cache=False, git_history=False)
    found = compute(result.incidents, result.postmortems, result.policy, now=now)
    facts = list(found.facts)
    assert found.overall == measure(facts)
    for quarter, measures in found.quarters.items():
        assert measures == measure([f for f in facts if f.quarter == quarter]), quarter
    assert_dimension_slices(found)
