"""Reclassifying an incident as restricted leaves it named nowhere on the internal site:
`check` reports every free-text mention of its id in what the internal site publishes
(other records, postmortems, approval notes, procedure pages), structural references
(`related:`) stay allowed because the site hides them, and the internal build replaces
any mention that got past the check."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import BASE, POSTMORTEM, PROJECT, Repo
from site_fixtures import PROCEDURE, build_without, program, site_files

RESTRICTED_ID = "PIR-2026-0003"  # the small program's restricted incident


def mentioning(repo: Repo) -> Repo:
    """The small program with the restricted incident named in every kind of published text."""
    record = BASE.replace(
        "after a cache node failed.", f"after a cache node failed, as in {RESTRICTED_ID}."
    ).replace(
        "  root_cause_category: hardware-failure\n",
        f"  root_cause_category: hardware-failure\n  root_cause: Same node type as {RESTRICTED_ID}.\n",
    )
    repo.record(record + f"related: [{RESTRICTED_ID}]\n")
    repo.write(
        "incidents/2026/PIR-2026-0002/postmortem.md",
        POSTMORTEM.replace(
            "decision: approved}", f"decision: approved, note: 'see {RESTRICTED_ID}'}}"
        ).replace("## Summary\ns", f"## Summary\nThe export that leaked in {RESTRICTED_ID} again."),
    )
    repo.write("docs/procedures/triage.md", PROCEDURE + f"\nAs we learned in {RESTRICTED_ID}.\n")
    return repo


@pytest.fixture
def named(tmp_path: Path) -> Repo:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    return mentioning(repo)


def test_check_reports_every_free_text_mention_at_its_line(named: Repo) -> None:
    code, lines = named.check()
    assert code == 1
    found = sorted(line.split(": names")[0] for line in lines if "restricted-mention" in line)
    assert found == [
        "docs/procedures/triage.md:10:18: error restricted-mention",
        "incidents/2026/PIR-2026-0001/incident.yaml:29:33: error restricted-mention cause.root_cause",
        "incidents/2026/PIR-2026-0001/incident.yaml:4:117: error restricted-mention summary",
        "incidents/2026/PIR-2026-0002/postmortem.md:11:27: error restricted-mention",
        "incidents/2026/PIR-2026-0002/postmortem.md:7:92: error restricted-mention approvals[0].note",
    ]
    assert len(found) == 5  # and not `related:` (line 47), which the site hides


def test_the_restricted_incident_s_own_files_may_name_it(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    _code, lines = repo.check()
    assert not [line for line in lines if "restricted-mention" in line]


def test_the_internal_build_never_publishes_a_mention_the_check_missed(named: Repo) -> None:
    site = build_without(named.root, "restricted_mentions")
    restricted = build_without(named.root, "restricted_mentions", audience="restricted", site="site-r")
    files = site_files(site)
    assert {name for name, text in files.items() if RESTRICTED_ID in text} == set()
    assert "a restricted incident" in files["incidents/PIR-2026-0001/index.html"]
    assert "a restricted incident" in files["procedures/triage/index.html"]
    index = json.loads(files["search/search_index.json"])
    assert "a restricted incident" in json.dumps(index)
    assert RESTRICTED_ID in (restricted / "incidents/PIR-2026-0001/index.html").read_text(encoding="utf-8")


def test_reclassifying_an_example_incident_lists_every_place_to_reword(tmp_path: Path) -> None:
    """The example program: PIR-2025-0007 is named in three other incidents' text and postmortems."""
    for part in ("incidents", "schemas", "docs"):
        shutil.copytree(PROJECT / part, tmp_path / part)
    record = tmp_path / "incidents/2025/PIR-2025-0007/incident.yaml"
    record.write_text(
        re.sub(r"(?m)^visibility: \w+$", "visibility: restricted", record.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    code, lines = Repo(tmp_path).check()
    mentions = [line for line in lines if "restricted-mention" in line]
    assert code == 1
    files = {line.split(":")[0] for line in mentions}
    assert {
        "incidents/2026/PIR-2026-0002/incident.yaml",
        "incidents/2026/PIR-2026-0002/postmortem.md",
        "incidents/2025/PIR-2025-0024/incident.yaml",
        "incidents/2025/PIR-2025-0024/postmortem.md",
        "incidents/2025/PIR-2025-0036/incident.yaml",
        "incidents/2025/PIR-2025-0036/postmortem.md",
    } <= files
    assert "incidents/2025/PIR-2025-0007/incident.yaml" not in files
    assert not [line for line in mentions if " related" in line]


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("title", "title: Search latency spike", "title: Search latency spike like PIR-2026-0003,"),
        ("timeline[0].description", "description: Latency alert fires.", "description: Alert as in PIR-2026-0003."),
        ("action_items[0].title", "title: Add a second cache replica,", "title: Do what PIR-2026-0003 did,"),
        ("detection.detail", "  internal: true\n", "  internal: true\n  detail: Same alert as PIR-2026-0003\n"),
        ("cause.trigger", "  root_cause_category: hardware-failure\n",
         "  root_cause_category: hardware-failure\n  trigger: The PIR-2026-0003 rollback\n"),
    ],
)  # fmt: skip
def test_every_text_field_kind_is_searched(tmp_path: Path, field: str, old: str, new: str) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    assert old in BASE
    repo.record(BASE.replace(old, new))
    code, lines = repo.check()
    assert code == 1
    assert [line for line in lines if f"restricted-mention {field}: " in line]
