"""Fixtures: a small incident repository in tmp_path, and the real CLI."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from pirsite.cli import main

PROJECT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-23T00:00:00Z"
RECORD_PATH = "incidents/2026/PIR-2026-0001/incident.yaml"

# A valid, resolved availability incident. Line numbers matter: tests assert them.
BASE = """\
schema_version: 1
id: PIR-2026-0001
title: Search latency spike in the EU region
summary: Search requests in the EU region took over five seconds for forty minutes after a cache node failed.
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
occurred_at: 2026-03-02T09:55:00Z
detected_at: 2026-03-02T10:00:00Z
reported_at: 2026-03-02T10:02:00Z
acknowledged_at: 2026-03-02T10:05:00Z
contained_at: 2026-03-02T10:30:00Z
resolved_at: 2026-03-02T10:40:00Z
detection:
  method: monitoring-alert
  internal: true
scope:
  services: [search]
cause:
  root_cause_category: hardware-failure
timeline:
  - {at: 2026-03-02T10:00:00Z, type: detection, description: Latency alert fires.}
  - {at: 2026-03-02T10:30:00Z, type: containment, description: Traffic moved off the failed node.}
action_items:
  - {id: AI-1, title: Add a second cache replica, type: prevent, owner: j.whitfield, due: 2026-04-01, status: done, closed_at: 2026-03-20T12:00:00Z}
"""

# A valid, resolved privacy incident with EEA individuals: GDPR Art. 33 applies.
PRIVACY = """\
schema_version: 1
id: PIR-2026-0002
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
detected_at: 2026-05-04T09:00:00+02:00
reported_at: 2026-05-04T09:10:00+02:00
acknowledged_at: 2026-05-04T09:20:00+02:00
aware_at: 2026-05-04T11:00:00+02:00
contained_at: 2026-05-04T15:00:00+02:00
resolved_at: 2026-05-05T15:00:00+02:00
detection:
  method: customer-report
  internal: false
privacy:
  role: controller
  personal_data_disclosed: "yes"
  data:
    - {category: contact-details, records: 1}
  individuals_by_jurisdiction:
    - {jurisdiction: DE, count: 1}
  risk:
    overall: risk
    rationale: Name and address only, but to an unknown private person.
notifications:
  - rule: gdpr-art33
    required: "yes"
    sent_at: 2026-05-06T10:00:00+02:00
cause:
  root_cause_category: human-error
"""

POSTMORTEM = """\
---
incident: PIR-2026-0002
status: approved
authors: [m.lindqvist]
reviewers: [a.okafor]
approvals:
  - {by: a.okafor, role: privacy, at: 2026-05-12T10:00:00Z, decision: approved}
---

## Summary
s
## Impact
i
## Root cause
r
## Contributing factors
c
## Detection
d
## Resolution
r
## What went well
w
## What went poorly
p
## Where we got lucky
l
## Lessons learned
l
"""


@dataclass
class Repo:
    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def record(self, text: str = BASE, rel: str = RECORD_PATH) -> Path:
        return self.write(rel, text)

    def check(self, *args: str) -> tuple[int, list[str]]:
        """Run `pirsite check` like a user; return the exit code and its problem lines."""
        result = CliRunner().invoke(main, ["--root", str(self.root), "check", "--as-of", AS_OF, *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        lines = result.output.splitlines()
        # the timing summary and notes (e.g. "no git history") are checked by their own tests
        return result.exit_code, [line for line in lines if not line.startswith(("checked ", "note: "))]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    (tmp_path / "incidents").mkdir()
    return Repo(tmp_path)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example program's internal site, built once per test session."""
    from pirsite.mkdocs_commands import build_site

    site = tmp_path_factory.mktemp("example") / "site"
    return build_site(PROJECT, site, audience="internal", as_of="2026-11-23T12:00:00Z")
