"""Approvals checked against git history (real repositories through gitpython): an approval
goes stale when the postmortem's text or the incident's root cause changes after it."""

from __future__ import annotations

import git
import pytest
from click.testing import CliRunner

from conftest import AS_OF, POSTMORTEM, PRIVACY, Repo
from pirsite.cli import main

INCIDENT = "incidents/2026/PIR-2026-0002/incident.yaml"
PM = "incidents/2026/PIR-2026-0002/postmortem.md"
APPROVAL_LINE = 7  # the approvals entry of POSTMORTEM


def commit(g: git.Repo, message: str, when: str, author: str = "Mats Lindqvist") -> str:
    g.git.add(A=True)
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": author}
    with g.git.custom_environment(**env):
        g.git.commit("-qm", message)
    return g.head.commit.hexsha


@pytest.fixture
def history(repo: Repo) -> tuple[Repo, git.Repo]:
    """The privacy incident and its approved postmortem, committed together."""
    g = git.Repo.init(repo.root, initial_branch="main")
    with g.config_writer() as config:
        config.set_value("user", "name", "CI").set_value("user", "email", "ci@example.com")
    repo.record(PRIVACY, INCIDENT)
    repo.write(PM, POSTMORTEM)
    commit(g, "incident and approved postmortem", "2026-05-12T11:00:00Z")
    return repo, g


def check(repo: Repo) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["--root", str(repo.root), "check", "--as-of", AS_OF])
    lines = [line for line in result.output.splitlines() if not line.startswith("checked ")]
    return result.exit_code, [line for line in lines if not line.startswith("note: ")], result.output


def test_an_approval_recorded_with_its_postmortem_is_current(history: tuple[Repo, git.Repo]) -> None:
    repo, _ = history
    assert check(repo)[:2] == (0, [])


def test_a_later_root_cause_change_makes_the_approval_stale(history: tuple[Repo, git.Repo]) -> None:
    repo, g = history
    text = PRIVACY.replace("  root_cause_category: human-error\n", "  root_cause_category: process-gap\n")
    repo.record(text, INCIDENT)
    sha = commit(
        g, "root cause was a process gap after all", "2026-05-20T08:30:00Z", author="Rosa Castellanos"
    )
    code, lines, _ = check(repo)
    assert code == 1
    assert lines == [
        f"{PM}:{APPROVAL_LINE}:35: error approval-stale approvals[0].at: the approval by `a.okafor` "
        f"(2026-05-12T10:00:00+00:00) is stale: commit {sha[:10]} (2026-05-20T08:30:00+00:00, Rosa Castellanos) "
        "changed the root cause of PIR-2026-0002 (cause.root_cause_category) after it was recorded (ask a.okafor to review the change and record a new "
        "approval with a later `at`)"
    ]


def test_a_body_change_is_stale_until_the_reviewer_approves_again(history: tuple[Repo, git.Repo]) -> None:
    repo, g = history
    changed = POSTMORTEM.replace(
        "## Root cause\nr", "## Root cause\nA manual export step with no second check."
    )
    repo.write(PM, changed)
    sha = commit(g, "expand the root cause section", "2026-05-14T09:00:00Z")
    code, lines, _ = check(repo)
    assert code == 1 and len(lines) == 1
    assert (
        f"is stale: commit {sha[:10]} (2026-05-14T09:00:00+00:00, Mats Lindqvist) changed the postmortem's text"
        in lines[0]
    )
    again = changed.replace(
        "decision: approved}\n",
        "decision: approved}\n  - {by: a.okafor, role: privacy, at: 2026-05-15T10:00:00Z, decision: approved}\n",
    )
    repo.write(PM, again)
    commit(g, "a.okafor approves again", "2026-05-15T10:05:00Z", author="Adaeze Okafor")
    assert check(repo)[:2] == (0, [])


def test_an_uncommitted_edit_after_approval_is_stale_too(history: tuple[Repo, git.Repo]) -> None:
    repo, _ = history
    repo.write(PM, POSTMORTEM.replace("## Impact\ni", "## Impact\nOne customer."))
    code, lines, _ = check(repo)
    assert code == 1
    assert "is stale: uncommitted changes changed the postmortem's text after it was recorded" in lines[0]


def test_front_matter_changes_do_not_make_an_approval_stale(history: tuple[Repo, git.Repo]) -> None:
    repo, g = history
    repo.write(PM, POSTMORTEM.replace("reviewers: [a.okafor]", "reviewers: [a.okafor, m.lindqvist]"))
    commit(g, "add a reviewer", "2026-05-16T09:00:00Z")
    assert check(repo)[:2] == (0, [])


def test_without_git_the_history_checks_are_skipped_with_one_note(repo: Repo) -> None:
    repo.record(PRIVACY, INCIDENT)
    repo.write(PM, POSTMORTEM)
    code, lines, output = check(repo)
    assert (code, lines) == (0, [])
    assert output.count("note: approval history checks skipped: not a git repository") == 1


def test_stale_approvals_in_a_pull_request_are_reported_by_check_since(
    history: tuple[Repo, git.Repo],
) -> None:
    repo, g = history
    g.create_head("fix-root-cause").checkout()
    repo.record(
        PRIVACY.replace("root_cause_category: human-error", "root_cause_category: process-gap"), INCIDENT
    )
    commit(g, "root cause", "2026-05-20T08:30:00Z")
    result = CliRunner().invoke(
        main, ["--root", str(repo.root), "check", "--as-of", AS_OF, "--since", "main"]
    )
    assert result.exit_code == 1
    assert "error approval-stale" in result.output


def test_a_self_approval_is_rejected(history: tuple[Repo, git.Repo]) -> None:
    repo, g = history
    repo.write(PM, POSTMORTEM.replace("authors: [m.lindqvist]", "authors: [m.lindqvist, a.okafor]"))
    commit(g, "a.okafor co-authored", "2026-05-12T12:00:00Z")
    code, lines, _ = check(repo)
    assert code == 1
    assert (
        f"{PM}:7:6: error approval approvals[0].by: `a.okafor` authored this postmortem and cannot approve it "
        "(ask another reviewer from the roster)"
    ) in lines


def test_an_approver_outside_the_roster_is_rejected(history: tuple[Repo, git.Repo]) -> None:
    repo, g = history
    repo.write(PM, POSTMORTEM.replace("{by: a.okafor,", "{by: z.outsider,"))
    commit(g, "approval by someone not on the roster", "2026-05-12T12:00:00Z")
    code, lines, _ = check(repo)
    assert code == 1
    assert any(
        line.startswith(f"{PM}:7:") and "approvals[0].by" in line and "z.outsider" in line for line in lines
    ), lines


def test_a_backdated_commit_is_not_called_later_than_the_approval(history: tuple[Repo, git.Repo]) -> None:
    """History order decides staleness; a commit whose date was set back still comes after the
    approval, and the message says so instead of calling its earlier date "after"."""
    repo, g = history
    repo.record(
        PRIVACY.replace("root_cause_category: human-error", "root_cause_category: process-gap"), INCIDENT
    )
    commit(g, "quietly change the root cause", "2026-05-01T08:00:00Z")  # before the approval's 05-12
    code, lines, _ = check(repo)
    assert code == 1 and len(lines) == 1
    assert "(2026-05-01T08:00:00+00:00, Mats Lindqvist) changed the root cause" in lines[0]
    assert "comes after the approval in the history although its date is not later" in lines[0]


def test_a_repeated_check_remembers_stale_approvals_until_something_changes(
    history: tuple[Repo, git.Repo], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second check takes the stale-approval result from the cache, reading no file
    versions from git, and reports exactly the same; a new commit or an edit to either file
    makes it look at git again."""
    from pirsite.rules import stale

    repo, g = history
    text = PRIVACY.replace("  root_cause_category: human-error\n", "  root_cause_category: process-gap\n")
    repo.record(text, INCIDENT)
    commit(g, "root cause was a process gap after all", "2026-05-20T08:30:00Z")
    first = check(repo)[:2]
    assert first[0] == 1 and "approval-stale" in first[1][0]

    real = stale.stream_blobs
    reads: list[int] = []

    def counting(root, specs):
        specs = list(specs)
        reads.append(len(specs))  # file versions asked of git
        return real(root, specs)

    monkeypatch.setattr(stale, "stream_blobs", counting)
    assert check(repo)[:2] == first
    assert reads == [0]
    reads.clear()
    repo.write(PM, POSTMORTEM.replace("## Summary", "## Summary\n\nReworded."))
    check(repo)
    assert reads and reads[0] > 0
    reads.clear()
    commit(g, "the reworded summary, committed as it was checked", "2026-05-21T08:30:00Z")
    check(repo)
    assert reads and reads[0] > 0
