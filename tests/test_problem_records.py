"""Problem records (`problems/PRB-NNN.yaml`): checked like incidents, joined by the incidents'
`cause.problem` (never typed twice), published as a page per problem and a known-error
database, and measured (open problems and their age, incidents per problem, recurrence after
the fix). A restricted problem is never published on the internal site."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conftest import BASE, PROJECT, Repo
from pirsite.cli import main
from pirsite.metrics import compute
from pirsite.pipeline import check

NOW = datetime(2026, 11, 23, tzinfo=UTC)

PROBLEM = """\
id: PRB-021
title: Search nodes fail under load when a disk degrades
status: known_error
owner: j.whitfield
opened_at: 2026-03-05T10:00:00Z
root_cause_category: hardware-failure
root_cause: Degraded disks slow one node until the cluster times out.
workaround: Move traffic off the node with the degraded disk and page Platform SRE.
known_error: Search latency spikes in one region while one node's disk is degraded; drain the node.
services: [search]
action_items:
  - {id: AI-1, title: Alert on disk latency per node, type: detect, owner: j.whitfield, due: 2026-04-01,
     status: done, closed_at: 2026-03-20T12:00:00Z}
"""

LINKED = BASE.replace(
    "cause:\n  root_cause_category: hardware-failure\n",
    "cause:\n  root_cause_category: hardware-failure\n  problem: PRB-021\n",
)


def _lines(repo: Repo) -> list[str]:
    return repo.check()[1]


def test_an_incident_names_a_problem_that_has_a_record(repo: Repo) -> None:
    repo.record(LINKED)
    lines = _lines(repo)
    assert any(
        "incident.yaml:" in line
        and "error unknown-problem cause.problem: problem `PRB-021` has no record" in line
        for line in lines
    ), lines
    repo.write("problems/PRB-021.yaml", PROBLEM)
    code, lines = repo.check()
    assert code == 0, lines


def test_a_problem_record_follows_its_rules(repo: Repo) -> None:
    repo.record(LINKED)
    bad = (
        PROBLEM.replace("id: PRB-021", "id: PRB-022")
        .replace("owner: j.whitfield", "owner: nobody.here")
        .replace("status: known_error", "status: resolved")
        .replace("workaround: Move traffic off the node with the degraded disk and page Platform SRE.\n", "")
        .replace("status: done, closed_at: 2026-03-20T12:00:00Z", "status: done")
    )
    repo.write("problems/PRB-021.yaml", bad)
    lines = "\n".join(_lines(repo))
    assert (
        "problems/PRB-021.yaml:1:1: error id-mismatch id: id `PRB-022` does not match the file name" in lines
    )
    assert "error unknown-person owner: owner `nobody.here` is not in the policy's roster" in lines
    assert "error missing-field workaround: `workaround` is required when the status is `resolved`" in lines
    assert "error missing-field resolved_at: `resolved_at` is required when the status is `resolved`" in lines
    assert (
        "error action-item action_items[0].closed_at: `closed_at` is required when the status is `done`"
        in lines
    )


def test_a_stray_file_in_problems_is_a_layout_error(repo: Repo) -> None:
    repo.record()
    repo.write("problems/prb-21.yml", PROBLEM)
    assert any("problems/prb-21.yml:1:1: error layout" in line for line in _lines(repo))


def test_an_internal_incident_cannot_name_a_restricted_problem(repo: Repo) -> None:
    repo.record(LINKED)
    repo.write("problems/PRB-021.yaml", PROBLEM + "visibility: restricted\n")
    assert any("error restricted-problem cause.problem" in line for line in _lines(repo))


def test_new_problem_takes_the_next_id_and_never_overwrites(repo: Repo) -> None:
    repo.record()
    repo.write("problems/PRB-021.yaml", PROBLEM)
    args = [
        "--root",
        str(repo.root),
        "new",
        "problem",
        "--title",
        "Exports sent by hand",
        "--owner",
        "m.lindqvist",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "created problems/PRB-022.yaml (status: open)" in result.output
    code, lines = repo.check()
    assert code == 0, lines  # the new record is valid as written
    result = CliRunner().invoke(main, [*args[:-1], "someone"])
    assert result.exit_code == 2 and "is not in the policy's roster" in result.output


def test_problem_metrics_count_incidents_and_recurrence_after_the_fix(repo: Repo) -> None:
    repo.record(LINKED)
    later = LINKED.replace("PIR-2026-0001", "PIR-2026-0004").replace("2026-03-02T", "2026-05-02T")
    repo.record(later, "incidents/2026/PIR-2026-0004/incident.yaml")
    repo.write("problems/PRB-021.yaml", PROBLEM)
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    assert result.errors == 0, result.problems
    metrics = compute(
        result.incidents, result.postmortems, result.policy, now=NOW, problem_records=result.problem_records
    )
    summary = metrics.problems
    assert summary is not None
    (line,) = summary.lines
    assert line.incidents == 2 and line.shown == ("PIR-2026-0001", "PIR-2026-0004")
    # the fix (its only action, done 2026-03-20) came after the first and before the second
    assert line.fixed_at == datetime(2026, 3, 20, 12, tzinfo=UTC)
    assert line.after_fix == ("PIR-2026-0004",) and (summary.fixed, summary.recurred_after_fix) == (1, 1)
    assert summary.open == 1 and line.age_days == (NOW - datetime(2026, 3, 5, 10, tzinfo=UTC)).days
    assert summary.incidents_per_problem_median == 2.0


def test_the_site_has_problem_pages_and_a_known_error_database(example_site: Path) -> None:
    index = (example_site / "problems/index.html").read_text(encoding="utf-8")
    result = check(PROJECT, use_cache=False, git_history=False)
    members = {}
    for incident in result.incidents:
        if incident.cause.problem and not incident.restricted:  # restricted ones: counted, not named
            members.setdefault(incident.cause.problem, []).append(incident.id)
    assert members and set(members) <= set(result.problem_records)
    for problem_id, ids in members.items():
        assert f'href="{problem_id}/"' in index
        page = (example_site / f"problems/{problem_id}/index.html").read_text(encoding="utf-8")
        for incident_id in ids:  # derived from the incidents, never typed in the problem record
            assert f"../../incidents/{incident_id}/" in page, (problem_id, incident_id)
        incident = (example_site / f"incidents/{ids[0]}/index.html").read_text(encoding="utf-8")
        assert f'href="../../problems/{problem_id}/"' in incident
    known = (example_site / "problems/known-errors/index.html").read_text(encoding="utf-8")
    for record in result.problem_records.values():
        if record.known_error:
            assert record.id in known and "Workaround." in known
    search = (example_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "problems/known-errors/" in search  # responders find a workaround by its symptom


def _recurrences(repo: Repo, records: dict[str, str], tags: str = "") -> tuple[dict[str, list[str]], Any]:
    policy = (PROJECT / "schemas/policy.yaml").read_text(encoding="utf-8")
    if tags:
        policy = re.sub(r"(?m)^recurrence_tags: .*$", f"recurrence_tags: [{tags}]", policy)
    repo.write("schemas/policy.yaml", policy)
    for rel, text in records.items():
        repo.record(text, rel)
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    assert result.errors == 0, [p for p in result.problems if p.level == "error"]
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    return {f.incident.id: [m.earlier for m in f.recurrence] for f in metrics.facts if f.recurrence}, metrics


def _copy(number: str, day: str, extra: str = "") -> tuple[str, str]:
    """BASE as incident ``number``, every time of its day moved to ``day`` (its action item's
    closing time, 2026-03-20, stays)."""
    text = BASE.replace("PIR-2026-0001", f"PIR-2026-{number}").replace("2026-03-02T", f"{day}T")
    return f"incidents/2026/PIR-2026-{number}/incident.yaml", text + extra


def test_two_incidents_detected_at_the_same_instant_do_not_recur_from_each_other(repo: Repo) -> None:
    first = _copy("0001", "2026-03-02")
    twin = _copy("0002", "2026-03-02")
    later = _copy("0003", "2026-04-02")
    found, _ = _recurrences(repo, dict([first, twin, later]))
    assert "PIR-2026-0001" not in found and "PIR-2026-0002" not in found  # neither came first
    assert found["PIR-2026-0003"] == ["PIR-2026-0002"]


def test_a_mechanism_tag_recurs_across_services_and_causes(repo: Repo) -> None:
    one = _copy("0001", "2026-03-02", "tags: [public-by-default-storage]\n")
    other = _copy("0002", "2026-04-02", "tags: [public-by-default-storage]\n")
    other = (other[0], other[1].replace("services: [search]", "services: [claims-admin]"))
    found, metrics = _recurrences(repo, dict([one, other]))
    assert found == {}  # different services, no problem: no class in common
    found, metrics = _recurrences(repo, dict([one, other]), tags="public-by-default-storage")
    assert found == {"PIR-2026-0002": ["PIR-2026-0001"]}
    (mechanism,) = [c for c in metrics.recurring_classes if c.kind == "mechanism"]
    assert mechanism.mechanism == "public-by-default-storage" and mechanism.incidents == 2


def test_incidents_without_a_cause_are_listed_as_cannot_judge_yet(repo: Repo) -> None:
    known = _copy("0001", "2026-03-02")
    unknown = _copy("0002", "2026-04-02")
    still_open = (
        unknown[1]
        .replace("cause:\n  root_cause_category: hardware-failure\n", "")
        .replace("status: resolved", "status: investigating")
        .replace("resolved_at: 2026-04-02T10:40:00Z\n", "")
    )
    unknown = (unknown[0], still_open)
    _, metrics = _recurrences(repo, dict([known, unknown]))
    assert metrics.undetermined == ("PIR-2026-0002",) and metrics.undetermined_total == 1
