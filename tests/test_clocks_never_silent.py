"""Clocks never go silent: an unassessed incident still has an acknowledge clock and a triage
target, a privacy incident without aware_at gets a warning and a clock, and a pending decision
past its deadline is "decision overdue", its own state, never an overdue notification."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from conftest import BASE, PRIVACY, PROJECT, Repo
from pirsite.exports import incident_rows
from pirsite.metrics import compute
from pirsite.obligations.clocks import all_clocks, notification_states
from pirsite.pipeline import check
from site_fixtures import SITE_AS_OF, program, site_files

NOW = datetime.fromisoformat("2026-03-05T12:00:00+00:00")
UNASSESSED = (
    BASE.replace("severity: sev3", "severity: unassessed")
    .replace("status: resolved", "status: reported")
    .replace("disposition: confirmed\n", "")
    .replace("acknowledged_at: 2026-03-02T10:05:00Z\n", "")
    .replace("contained_at: 2026-03-02T10:30:00Z\n", "")
    .replace("resolved_at: 2026-03-02T10:40:00Z\n", "")
    .replace("cause:\n  root_cause_category: hardware-failure\n", "")
    .replace(
        "  - {at: 2026-03-02T10:30:00Z, type: containment, description: Traffic moved off the failed node.}\n",
        "",
    )
)
PATH_B = "incidents/2026/PIR-2026-0002/incident.yaml"
PENDING = PRIVACY.replace(
    '    required: "yes"\n    sent_at: 2026-05-06T10:00:00+02:00\n', "    required: pending\n"
)
CONTAINED_PENDING = PENDING.replace("status: resolved", "status: contained").replace(
    "resolved_at: 2026-05-05T15:00:00+02:00\n", ""
)
NO_AWARE = (
    PRIVACY.replace("aware_at: 2026-05-04T11:00:00+02:00\n", "")
    .replace("status: resolved", "status: investigating")
    .replace("contained_at: 2026-05-04T15:00:00+02:00\n", "")
    .replace("resolved_at: 2026-05-05T15:00:00+02:00\n", "")
    .replace('    required: "yes"\n    sent_at: 2026-05-06T10:00:00+02:00\n', "    required: pending\n")
)


def checked(repo: Repo, now: datetime = NOW):
    return check(repo.root, now=now, use_cache=False, git_history=False)


def test_an_unassessed_incident_has_an_acknowledge_clock_on_the_shortest_target(repo: Repo) -> None:
    repo.record(UNASSESSED)
    result = checked(repo)
    [incident] = result.incidents
    clocks = {c.name: c for c in all_clocks(incident, result.policy, NOW)}
    # reported 10:02, the shortest acknowledge target of the example policy is sev1's 15m
    assert clocks["Acknowledge"].due == datetime.fromisoformat("2026-03-02T10:17:00+00:00")
    assert clocks["Acknowledge"].state == "overdue"
    assert clocks["Assess severity"].due == datetime.fromisoformat("2026-03-02T14:02:00+00:00")  # +4h
    assert clocks["Assess severity"].kind == "triage" and clocks["Assess severity"].overdue
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    ack = metrics.overall.slas["acknowledge"]
    assert (ack.applicable, ack.overdue, ack.rate) == (1, 1, 0.0)  # no more "100% within SLA"


def test_an_unassessed_incident_past_its_triage_target_is_a_warning(repo: Repo) -> None:
    repo.record(UNASSESSED)
    problems = [p for p in checked(repo).problems if p.code == "severity-unassessed"]
    assert [(p.level, p.line, p.field) for p in problems] == [("warning", 9, ("severity",))]
    assert "2d 21h past the triage target (2026-03-02T14:02:00Z)" in problems[0].message
    early = checked(repo, datetime.fromisoformat("2026-03-02T13:00:00+00:00"))
    assert [p for p in early.problems if p.code == "severity-unassessed"] == []  # within 4h: fine


def test_a_privacy_incident_without_aware_at_gets_a_warning_and_a_clock(repo: Repo) -> None:
    repo.record(NO_AWARE, PATH_B)
    now = datetime.fromisoformat("2026-05-06T12:00:00+00:00")
    result = checked(repo, now)
    [problem] = [p for p in result.problems if p.code == "aware-missing"]
    assert problem.level == "warning" and problem.field == ("privacy", "personal_data_disclosed")
    assert "no notification clock has started" in problem.message
    clocks = {c.name: c for c in all_clocks(result.incidents[0], result.policy, now)}
    assert clocks["Record aware_at"].due == datetime.fromisoformat("2026-05-05T09:00:00+02:00")
    text = NO_AWARE.replace('personal_data_disclosed: "yes"', 'personal_data_disclosed: "no"')
    repo.record(
        text.replace("    required: pending\n", '    required: "no"\n    rationale: nothing left\n'), PATH_B
    )
    assert [p for p in checked(repo, now).problems if p.code == "aware-missing"] == []


def test_the_triage_targets_default_to_a_day_without_a_policy_section(repo: Repo) -> None:
    policy = repo.root / "schemas/policy.yaml"
    text = policy.read_text(encoding="utf-8")
    start = text.index("triage:\n")
    end = text.index("recurrence_window:")
    policy.write_text(text[:start] + text[end:], encoding="utf-8")
    repo.record(UNASSESSED)
    result = checked(repo)
    assert result.policy.assess_within.total_seconds() == 86400
    clocks = {c.name: c for c in all_clocks(result.incidents[0], result.policy, NOW)}
    assert clocks["Assess severity"].due == datetime.fromisoformat("2026-03-03T10:02:00+00:00")


def test_a_pending_decision_past_its_deadline_is_decision_overdue_not_a_late_notice(repo: Repo) -> None:
    repo.record(
        PENDING.replace("status: resolved", "status: contained").replace(
            "resolved_at: 2026-05-05T15:00:00+02:00\n", ""
        ),
        PATH_B,
    )
    now = datetime.fromisoformat("2026-05-10T12:00:00+00:00")  # aware 05-04 11:00 +02: due 05-07 11:00
    result = checked(repo, now)
    [incident] = result.incidents
    [status] = notification_states(incident, result.policy, now)
    due, state = status.due, status.state
    assert (due, state) == (datetime.fromisoformat("2026-05-07T11:00:00+02:00"), "decision_overdue")
    [clock] = [c for c in all_clocks(incident, result.policy, now) if c.kind == "notification"]
    assert clock.label(now) == "decision overdue by 3d 3h" and clock.running and clock.overdue
    early = datetime.fromisoformat("2026-05-06T12:00:00+00:00")
    assert notification_states(incident, result.policy, early)[0].state == "decision_due"
    [problem] = [p for p in result.problems if p.code == "decision-overdue"]
    assert problem.field == ("notifications", 0, "required") and problem.level == "warning"
    assert not [p for p in result.problems if p.code == "notification-overdue"]
    metrics = compute(result.incidents, result.postmortems, result.policy, now=now)
    n = metrics.overall.notifications["all"]
    assert (n.obligations, n.overdue, n.open, n.pending_decision, n.decision_overdue) == (0, 0, 0, 1, 1)
    [row] = incident_rows(metrics)
    assert (
        row["notifications_required"],
        row["notifications_overdue"],
        row["notification_decisions_overdue"],
    ) == (0, 0, 1)


@pytest.fixture
def untriaged_site(tmp_path: Path) -> dict[str, str]:
    from pirsite.mkdocs_commands import build_site

    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    repo.record(UNASSESSED)
    repo.record(CONTAINED_PENDING, PATH_B)
    repo.record(
        NO_AWARE.replace("PIR-2026-0002", "PIR-2026-0004"), "incidents/2026/PIR-2026-0004/incident.yaml"
    )
    site = build_site(tmp_path, tmp_path / "site", audience="internal", as_of=SITE_AS_OF)
    return site_files(site)


def test_the_home_page_shows_the_triage_clocks_and_the_overdue_decision(
    untriaged_site: dict[str, str],
) -> None:
    home = untriaged_site["index.html"]
    assert "Assess severity (triage)" in home and "Record aware_at (triage)" in home
    assert "Acknowledge SLA" in home  # the unassessed incident's acknowledge clock runs
    assert "decision overdue by" in home  # the pending GDPR decision, months past its deadline
    page = untriaged_site["incidents/PIR-2026-0001/index.html"]
    assert "(unassessed: the shortest target)" in page
    privacy = untriaged_site["trends/privacy/index.html"]
    assert "Decision overdue" in privacy
    metrics = json.loads(untriaged_site["exports/metrics.json"])
    # the contained incident's decision; the one without aware_at has no clock to be late on yet
    assert metrics["overall"]["notifications"]["all"]["decision_overdue"] == 1
