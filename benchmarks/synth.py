"""Synthetic incident repositories for benchmarks: valid, varied, about 2.3 KB per record."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

CATEGORIES = [
    ("performance-degradation", "availability"),
    ("service-outage", "availability"),
    ("data-corruption", "data_integrity"),
    ("failed-change", "change_failure"),
    ("malware", "security"),
    ("credential-exposure", "security"),
]
SERVICES = ["api-gateway", "search", "checkout", "payments-api", "broker-portal", "identity-sso"]
ROOT_CAUSES = ["software-defect", "configuration-error", "capacity", "change-management", "hardware-failure"]


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def record(number: int, year: int, rng: random.Random) -> str:
    """One valid, resolved sev3/sev4 incident (no postmortem required)."""
    category, domain = rng.choice(CATEGORIES)
    start = datetime(year, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 360 * 24 * 60))
    times = [start + timedelta(minutes=m) for m in (0, 7, 12, 20, 95, 240)]
    service = rng.choice(SERVICES)
    incident_id = f"PIR-{year}-{number:04d}"
    timeline = "".join(
        f"  - {{at: {stamp(t)}, type: {kind}, description: {text}, actor: oncall}}\n"
        for t, kind, text in zip(
            times[1:],
            ("detection", "action", "action", "containment", "resolution"),
            (
                "Alert fires on error rate above threshold.",
                "On-call engineer acknowledges.",
                "Rollback of the latest deployment started.",
                "Error rate back under threshold.",
                "Root cause confirmed and fix deployed.",
            ),
            strict=True,
        )
    )
    actions = "".join(
        f"  - {{id: AI-{i}, title: Follow-up number {i} for {service}, type: prevent, owner: j.whitfield, "
        f"due: {(times[-1] + timedelta(days=30)).date()}, status: done, "
        f"closed_at: {stamp(times[-1] + timedelta(days=20))}}}\n"
        for i in (1, 2, 3)
    )
    return f"""\
# yaml-language-server: $schema=../../../schemas/incident.schema.json
schema_version: 1
id: {incident_id}
title: Elevated errors on {service} after change {rng.randrange(1000, 9999)}
summary: |
  Requests to {service} failed at an elevated rate for about an hour after a routine change.
  Customers saw intermittent errors; retries mostly succeeded. The change was rolled back
  and a fix deployed the same day. No personal data was involved.
visibility: internal
tags: [synthetic, {service}]
status: resolved
disposition: confirmed
domains: [{domain}]
category: {category}
severity: {rng.choice(["sev3", "sev4"])}
impact: medium
urgency: medium
priority: p3
reporter: monitoring
commander: j.whitfield
teams: [platform-sre]
participants:
  - {{name: j.whitfield, role: incident commander}}
  - {{name: p.haddad, role: subject matter expert}}
occurred_at: {stamp(times[0])}
detected_at: {stamp(times[1])}
reported_at: {stamp(times[1])}
acknowledged_at: {stamp(times[2])}
contained_at: {stamp(times[4])}
resolved_at: {stamp(times[5])}
detection:
  method: monitoring-alert
  internal: true
  detail: Error-rate SLO burn alert on {service}.
scope:
  services: [{service}]
  customers_affected: {rng.randrange(0, 400)}
  users_affected: {rng.randrange(0, 40000)}
  sla_breached: false
cause:
  trigger: Routine configuration change.
  root_cause_category: {rng.choice(ROOT_CAUSES)}
  root_cause: A default changed in a library upgrade and the canary did not exercise the affected path.
  contributing_factors:
    - {{category: insufficient-testing, description: Canary traffic did not cover the failing request type.}}
  changes: [CHG-{rng.randrange(1000, 99999)}]
timeline:
{timeline}action_items:
{actions}"""


def make_repo(root: Path, count: int, seed: int = 7) -> list[Path]:
    """A repository at ``root`` with ``count`` incidents; returns their paths."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        year = 2020 + index // 9999
        number = index % 9999 + 1
        folder = root / "incidents" / str(year) / f"PIR-{year}-{number:04d}"
        folder.mkdir(parents=True)
        path = folder / "incident.yaml"
        path.write_text(record(number, year, rng), encoding="utf-8")
        paths.append(path)
    return paths
