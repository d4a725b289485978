"""ITIL targets: service restored (`restored_at`) is not case resolved, a restore target runs
from detection to restoration for outages, and the policy chooses whether the response
targets follow severity or (ITIL 4) priority."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import BASE, PROJECT, Repo
from pirsite.metrics import compute
from pirsite.obligations.clocks import sla_deadlines
from pirsite.pipeline import check

NOW = datetime(2026, 11, 23, tzinfo=UTC)
POLICY = (PROJECT / "schemas/policy.yaml").read_text(encoding="utf-8")
RESTORE = "  restore: {sev1: 4h, sev2: 8h, sev3: 24h, sev4: 3d}   # detected -> restored_at, for outages\n"
SLAS = (
    """\
slas:
  acknowledge: {sev1: 15m, sev2: 30m, sev3: 4h, sev4: 1d}
  contain: {sev1: 4h, sev2: 24h, sev3: 3d, sev4: 7d}
"""
    + RESTORE
)
assert SLAS in POLICY  # the example policy has a restore target
WITHOUT_RESTORE = POLICY.replace(RESTORE, "")
RESTORED = BASE.replace(
    "resolved_at: 2026-03-02T10:40:00Z\n",
    "restored_at: 2026-03-02T10:35:00Z\nresolved_at: 2026-03-02T10:40:00Z\n",
)


def _policy(repo: Repo, text: str) -> None:
    repo.write("schemas/policy.yaml", text)


def _checked(repo: Repo):
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    assert result.errors == 0, [p for p in result.problems if p.level == "error"]
    return result


def test_restored_is_recorded_apart_from_resolved_and_in_order(repo: Repo) -> None:
    repo.record(RESTORED.replace("restored_at: 2026-03-02T10:35:00Z", "restored_at: 2026-03-02T11:35:00Z"))
    code, lines = repo.check()
    assert code == 1
    assert any(
        "error chronology resolved_at: `resolved_at` (2026-03-02T10:40:00Z) is before `restored_at`" in line
        for line in lines
    ), lines
    repo.record(RESTORED)
    assert repo.check()[0] == 0


def test_a_restore_target_runs_from_detection_to_restoration_for_an_outage(repo: Repo) -> None:
    _policy(repo, POLICY.replace(RESTORE, "  restore: {sev1: 2h, sev2: 8h, sev3: 30m, sev4: 3d}\n"))
    repo.record(RESTORED)
    result = _checked(repo)
    (incident,) = result.incidents
    restore = [d for d in sla_deadlines(incident, result.policy) if d[0] == "Restore"]
    # sev3: 30 minutes from detection (10:00); restored at 10:35, so five minutes late
    assert restore == [
        ("Restore", datetime(2026, 3, 2, 10, 30, tzinfo=UTC), datetime(2026, 3, 2, 10, 35, tzinfo=UTC))
    ]
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    assert (metrics.overall.slas["restore"].met, metrics.overall.slas["restore"].late) == (0, 1)
    restore_time = metrics.overall.times["restore"]
    assert (restore_time.count, restore_time.median) == (1, 35 / 60)
    assert metrics.overall.times["resolve"].median == 40 / 60  # resolved is another measure


def test_without_a_restore_target_there_is_no_restore_clock(repo: Repo) -> None:
    _policy(repo, WITHOUT_RESTORE)
    repo.record(RESTORED)
    (incident,) = _checked(repo).incidents
    assert [d[0] for d in sla_deadlines(incident, _checked(repo).policy)] == ["Acknowledge", "Contain"]


def test_targets_can_follow_priority(repo: Repo) -> None:
    by_priority = POLICY.replace(
        SLAS,
        "sla_basis: priority\n"
        "slas:\n"
        "  acknowledge: {p1: 10m, p2: 30m, p3: 2h, p4: 1d, p5: 2d}\n"
        "  contain: {p1: 4h, p2: 24h, p3: 2d, p4: 7d, p5: 14d}\n"
        "  restore: {p1: 2h, p2: 8h, p3: 1d, p4: 3d, p5: 7d}\n",
    ).replace(
        "postmortem_due: {sev1: 5d, sev2: 10d, sev3: 20d, sev4: 30d}",
        "postmortem_due: {p1: 5d, p2: 10d, p3: 20d, p4: 30d, p5: 30d}",
    )
    assert by_priority != POLICY
    _policy(repo, by_priority)
    repo.record()  # sev3, priority p3
    result = _checked(repo)
    (incident,) = result.incidents
    deadlines = {name: due for name, due, _ in sla_deadlines(incident, result.policy)}
    reported = datetime(2026, 3, 2, 10, 2, tzinfo=UTC)
    assert deadlines["Acknowledge"] == reported + timedelta(hours=2)  # p3's, not sev3's 4h
    assert deadlines["Contain"] == datetime(2026, 3, 2, 10, tzinfo=UTC) + timedelta(days=2)


def test_targets_keyed_by_the_wrong_thing_are_a_policy_error(repo: Repo) -> None:
    _policy(repo, POLICY.replace(SLAS, "sla_basis: priority\n" + SLAS))
    repo.record()
    code, lines = repo.check()
    assert code != 0
    text = "\n".join(lines)
    assert "no acknowledge target for `p1`" in text and "`sev1` is not a priority" in text


def test_the_escalation_page_lists_who_is_reached_in_order(example_site) -> None:
    import yaml

    policy = yaml.safe_load(POLICY)
    names = {p["handle"]: p["name"] for p in policy["people"]}
    page = (example_site / "policy/escalation/index.html").read_text(encoding="utf-8")
    for entry in policy["escalation"]:
        row = page[page.index("<td>" + entry["when"][:20]) :].split("</tr>", 1)[0]
        positions = [row.index(names[handle]) for handle in entry["reach"]]
        assert positions == sorted(positions), entry["id"]  # in the order the policy gives


def test_an_escalation_handle_must_be_on_the_roster(repo: Repo) -> None:
    _policy(repo, POLICY.replace("reach: [c.dubois]", "reach: [c.duboi]"))
    repo.record()
    code, lines = repo.check()
    assert code == 2 and any(
        "escalation[5].reach[0]: `c.duboi` is not in people" in line for line in lines
    ), lines


def test_the_time_to_decide_and_the_reopen_rate_are_measured(repo: Repo) -> None:
    from conftest import POSTMORTEM, PRIVACY

    decided = PRIVACY.replace(
        '    required: "yes"\n', '    required: "yes"\n    decided_at: 2026-05-05T11:00:00+02:00\n'
    )
    repo.record(decided, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", POSTMORTEM)
    reopened = BASE.replace(
        "resolved_at: 2026-03-02T10:40:00Z\n",
        "resolved_at: 2026-03-02T10:40:00Z\nreopened:\n  - {at: 2026-03-03T09:00:00Z, reason: Latency came back on the same node}\n",
    )
    repo.record(reopened)
    metrics = compute(*_parts(_checked(repo)), now=NOW)
    decide = metrics.overall.times["decide"]
    assert (decide.count, decide.median) == (1, 24.0)  # aware 11:00, decided 11:00 next day
    assert (metrics.overall.reopened, metrics.overall.finished, metrics.overall.reopen_rate) == (1, 2, 0.5)


def _parts(result):
    return result.incidents, result.postmortems, result.policy
