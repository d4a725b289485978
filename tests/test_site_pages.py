"""Page generation as pure functions: golden Markdown for a few pages, the audience rule,
template overrides, review notices, and git history read in one pass."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import PROJECT, Repo
from pirsite.history import History, read_history
from pirsite.pipeline import check, load_config
from pirsite.problems import ConfigError
from pirsite.site.pages import generate, review_notice
from pirsite.site.templates import environment
from site_fixtures import MARK, program

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden"
NO_HISTORY = History({}, False, "not a git repository")


def pages_of(root: Path, audience: str = "internal", history: History = NO_HISTORY) -> dict[str, str]:
    result = check(root, now=NOW, use_cache=False)
    assert result.errors == 0, result.problems
    env = environment(root / "templates", root)
    return {p.uri: p.content for p in generate(result, history, env, now=NOW, audience=audience)}


@pytest.fixture
def small(repo: Repo) -> Repo:
    return program(repo)


@pytest.mark.parametrize(
    "uri",
    ["index.md", "incidents/PIR-2026-0002.md", "postmortems/PIR-2026-0002.md", "incidents/by-severity.md"],
)
def test_generated_markdown_matches_the_golden_file(small: Repo, uri: str) -> None:
    """Set PIRSITE_UPDATE_GOLDEN=1 to rewrite the files after an intended change; review the diff."""
    content = pages_of(small.root)[uri]
    golden = GOLDEN / uri.replace("/", "__")
    if os.environ.get("PIRSITE_UPDATE_GOLDEN"):
        golden.write_text(content, encoding="utf-8")
    assert content == golden.read_text(encoding="utf-8")


def test_internal_audience_gets_no_page_and_no_mention_of_a_restricted_incident(small: Repo) -> None:
    internal = pages_of(small.root)
    restricted = pages_of(small.root, "restricted")
    assert "incidents/PIR-2026-0003.md" not in internal and "postmortems/PIR-2026-0003.md" not in internal
    assert [uri for uri, text in internal.items() if MARK in text or "PIR-2026-0003" in text] == []
    assert "incidents/PIR-2026-0003.md" in restricted and "postmortems/PIR-2026-0003.md" in restricted


def test_policy_pages_state_the_policy_file(small: Repo) -> None:
    pages = pages_of(small.root)
    rules = pages["policy/notification-rules.md"]
    assert (
        "| [GDPR Art. 33](#gdpr-art33) | GDPR | Lead supervisory authority (initial) | `aware_at` | at most 72h |"
        in rules
    )
    assert (
        "Applies when personal data disclosed is `yes` or `potentially`, and our role is `controller` or "
        "`joint_controller`, and our main establishment is in `eea`, and any of: (we are established in `eea`); "
        "or (individuals are in `eea`)." in rules
    )
    # every rule cites its source and links the official text
    assert rules.count("- Citation: ") == len(load_config(small.root).policy.notification_rules)
    assert "([official text](<https://eur-lex.europa.eu/eli/reg/2016/679/oj>))" in rules
    severity = pages["policy/severity.md"]
    assert "| **high** | p1 | p2 | p3 |" in severity
    slas = pages["policy/slas.md"]
    assert "| sev1 · Critical | 15m | 4h | 4h | 5d |" in slas  # acknowledge, contain, restore, postmortem


def test_a_project_template_overrides_the_packaged_one(small: Repo) -> None:
    small.write("templates/tags.md.j2", "# Our tags\n")
    assert pages_of(small.root)["tags.md"] == "# Our tags\n"


def test_a_template_folder_outside_the_repository_is_refused(
    small: Repo, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (small.root / "templates").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ConfigError) as caught:
        environment(small.root / "templates", small.root)
    assert caught.value.problems[0].message == "the template override folder resolves outside the repository"


@pytest.mark.parametrize(
    ("reviewed", "expected"),
    [
        (date(2026, 9, 1), None),
        (date(2025, 11, 23), None),  # exactly 365 days
        (date(2025, 11, 22), "Last reviewed on 2025-11-22, 366 days ago"),
        (None, "Review date missing"),
        ("soon", "Review date missing"),
    ],
)
def test_review_notice(reviewed: object, expected: str | None) -> None:
    notice = review_notice(reviewed, NOW, 365)
    if expected is None:
        assert notice is None
    else:
        assert notice is not None and expected in notice


def _git(root: Path, *args: str, when: str = "", author: str = "") -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null"}
    env |= {"GIT_COMMITTER_NAME": "ci", "GIT_COMMITTER_EMAIL": "ci@example.com"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    if author:
        env |= {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "x@example.com"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_history_from_one_git_log_pass(small: Repo) -> None:
    root = small.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(
        root,
        "commit",
        "-qm",
        "file",
        when="2026-05-04T10:00:00+02:00",
        author="Mats Lindqvist",
    )
    record = root / "incidents/2026/PIR-2026-0002/incident.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "related: [PIR-2026-0001]\n", encoding="utf-8")
    _git(
        root,
        "commit",
        "-qam",
        "link",
        when="2026-05-06T09:30:00Z",
        author="Adaeze Okafor",
    )
    history = read_history(root)
    assert history.available
    entry = history.of("incidents/2026/PIR-2026-0002/incident.yaml")
    assert entry is not None
    assert (entry.first_by, entry.last_by, entry.revisions) == ("Mats Lindqvist", "Adaeze Okafor", 2)
    assert entry.first_at == datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    assert entry.authors == ("Mats Lindqvist", "Adaeze Okafor")
    page = pages_of(root, history=history)["incidents/PIR-2026-0002.md"]
    assert (
        "Filed 2026-05-04 10:00 +02:00 by Mats Lindqvist; last changed 2026-05-06 09:30 UTC by Adaeze Okafor; "
        "2 revisions by Mats Lindqvist, Adaeze Okafor." in page
    )


def test_no_git_repository_means_no_history_and_a_clear_note(small: Repo) -> None:
    history = read_history(small.root)
    assert not history.available and history.reason == "not a git repository"
    assert (
        "No git history (not a git repository)."
        in pages_of(small.root, history=history)["incidents/PIR-2026-0001.md"]
    )


def test_example_program_pages_generate_for_both_audiences() -> None:
    internal = pages_of(PROJECT)
    restricted = pages_of(PROJECT, "restricted")
    assert len(restricted) > len(internal)
    assert sum(uri.startswith("incidents/PIR-") for uri in internal) == 59


def test_an_empty_program_still_has_its_pages(tmp_path: Path) -> None:
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    assert pages_of(tmp_path)["incidents/index.md"].count("| [PIR-") == 0


def test_latest_postmortems_put_a_new_draft_before_an_older_approved_one(small: Repo) -> None:
    """A draft nobody has reviewed yet is as new as its incident (September), not older than all."""
    from conftest import BASE, POSTMORTEM

    small.record(
        BASE.replace("PIR-2026-0001", "PIR-2026-0004").replace("2026-03-02", "2026-09-02"),
        "incidents/2026/PIR-2026-0004/incident.yaml",
    )
    draft = POSTMORTEM.replace("incident: PIR-2026-0002", "incident: PIR-2026-0004").replace(
        "status: approved", "status: draft"
    )
    draft = draft.replace(
        "approvals:\n  - {by: a.okafor, role: privacy, at: 2026-05-12T10:00:00Z, decision: approved}\n", ""
    )
    small.write("incidents/2026/PIR-2026-0004/postmortem.md", draft)
    pages = pages_of(small.root)
    for uri, heading in (("index.md", "## Latest postmortems"), ("postmortems/index.md", "")):
        text = pages[uri][pages[uri].index(heading) :]
        assert text.index("PIR-2026-0004") < text.index("PIR-2026-0002"), uri


def test_an_incident_page_lists_each_duty_of_a_staged_rule_with_its_reason() -> None:
    """DORA's initial, intermediate and final reports are three rows with their own due times,
    and each reason says which stage it explains."""
    page = pages_of(PROJECT)["incidents/PIR-2026-0019.md"]
    rows = [line for line in page.splitlines() if line.startswith("| DORA Art. 19 |")]
    assert len(rows) == 4 and all(" met |" in row or " sent |" in row for row in rows)
    assert (
        "| DORA Art. 19 | Financial competent authority (Art. 46) (final report)&#58; Central Bank of Ireland |"
        in page
    )
    assert "- **DORA Art. 19 (intermediate)**: " in page and "- **DORA Art. 19 (clients)**: " in page


def test_an_incident_page_says_which_rules_may_apply_with_no_decision() -> None:
    """Never silent on the page either: PIR-2026-0024, untriaged with disclosure unknown, shows
    the GDPR rules that may apply and why; an incident with every decision recorded shows none."""
    pages = pages_of(PROJECT)
    page = pages["incidents/PIR-2026-0024.md"]
    assert '!!! warning "Decisions needed"' in page
    assert (
        "    - **GDPR Art. 33** (Lead supervisory authority): whether personal data was disclosed is unknown; "
        "the risk assessment is not recorded yet." in page
    )
    assert "Decisions needed" not in pages["incidents/PIR-2026-0019.md"]
