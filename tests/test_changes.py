"""Changes are first-class: an incident records the changes that caused it and those made to
respond, with their ITIL type; an emergency change needs its post-implementation review once the
incident is resolved; the site shows incidents caused by changes by type."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import BASE, Repo
from pirsite.metrics import compute
from pirsite.pipeline import check

NOW = datetime(2026, 11, 23, tzinfo=UTC)
CHANGED = BASE.replace(
    "cause:\n  root_cause_category: hardware-failure\n",
    "cause:\n  root_cause_category: hardware-failure\n"
    "  changes: [CHG-100, {id: CHG-101, type: normal, description: Cache node pool resized}]\n"
    "changes:\n"
    "  - {id: CHG-102, type: emergency, at: 2026-03-02T10:25:00Z, description: Traffic moved off the node}\n",
)


def test_changes_carry_their_role_and_type(repo: Repo) -> None:
    repo.record(CHANGED)
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    (incident,) = result.incidents
    assert [(c.id, c.role, c.type) for c in incident.changes] == [
        ("CHG-100", "cause", None),
        ("CHG-101", "cause", "normal"),
        ("CHG-102", "response", "emergency"),
    ]
    assert incident.cause.changes == ("CHG-100", "CHG-101")  # the ids, as before


def test_an_emergency_change_of_a_resolved_incident_needs_its_review(repo: Repo) -> None:
    repo.record(CHANGED)
    _, lines = repo.check()
    assert any(
        ":1: warning change-review changes[0]: emergency change CHG-102 has no post-implementation review"
        in line
        or "warning change-review changes[0]: emergency change CHG-102" in line
        for line in lines
    ), lines
    reviewed = CHANGED.replace(
        "description: Traffic moved off the node}",
        "description: Traffic moved off the node, reviewed_at: 2026-03-09T10:00:00Z}",
    )
    repo.record(reviewed)
    assert not any("change-review" in line for line in repo.check()[1])


def test_the_change_summary_counts_incidents_by_the_type_that_caused_them(repo: Repo) -> None:
    repo.record(CHANGED)
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    summary = compute(result.incidents, result.postmortems, result.policy, now=NOW).changes
    assert summary is not None
    assert (summary.caused_incidents, summary.real_incidents) == (1, 1)
    assert summary.caused_by_type == {"normal": 1, "unspecified": 1}
    assert (summary.emergency, summary.emergency_reviewed, summary.emergency_review_missing) == (1, 0, 1)
    assert [line.id for line in summary.emergency_lines] == ["CHG-102"]
