"""A small program for site tests: two internal incidents, a restricted one full of
unique markers, and postmortems; plus a minimal mkdocs.yml and a procedure page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import POSTMORTEM, PRIVACY, Repo

SITE_AS_OF = "2026-11-23T12:00:00Z"
MARK = "zqxmark"  # every restricted marker starts with this; it appears in no other text

RESTRICTED = (
    PRIVACY.replace("id: PIR-2026-0002", "id: PIR-2026-0003")
    .replace("visibility: internal", f"visibility: restricted\ntags: [{MARK}-tag]")
    .replace("title: Invoice emailed to the wrong customer", f"title: Payroll export {MARK}title leaked")
    .replace("summary: One customer's", f"summary: {MARK}summary One employee's")
    .replace("reporter: customer via support", f"reporter: {MARK}reporter")
    .replace(
        "  internal: false\n",
        f"  internal: false\n  detail: {MARK}detection\nscope:\n  services: [{MARK}-service]\n",
    )
    .replace("rationale: Name and address only", f"rationale: {MARK}risk Name and address only")
    .replace(
        "    sent_at: 2026-05-06T10:00:00+02:00",
        f"    sent_at: 2026-05-06T10:00:00+02:00\n    reference: {MARK}ref",
    )
    .replace(
        "  root_cause_category: human-error\n",
        f"  root_cause_category: human-error\n  root_cause: {MARK}rootcause\n  problem: PRB-917\n"
        f"timeline:\n  - {{at: 2026-05-04T09:00:00+02:00, type: detection, description: {MARK}timeline}}\n"
        "communications:\n  - {at: 2026-05-04T12:00:00+02:00, audience: leadership, type: email, "
        f"summary: {MARK}comms}}\n"
        "action_items:\n  - {id: AI-1, title: "
        f"{MARK}action, type: process, owner: m.lindqvist, due: 2026-06-01, status: done, "
        "closed_at: 2026-05-20T12:00:00Z}\n",
    )
)
RESTRICTED_POSTMORTEM = POSTMORTEM.replace("incident: PIR-2026-0002", "incident: PIR-2026-0003").replace(
    "## Summary\ns", f"## Summary\n{MARK}postmortem body"
)

RESTRICTED_PROBLEM = f"""\
id: PRB-917
title: Payroll exports {MARK}problem reach the wrong recipients
status: known_error
owner: m.lindqvist
visibility: restricted
opened_at: 2026-05-05T09:00:00Z
root_cause_category: human-error
root_cause: {MARK}problemcause exports are sent by hand
workaround: {MARK}workaround check the recipient against the register
known_error: {MARK}knownerror a hand-sent payroll export can reach the wrong person
"""

MKDOCS_YML = """\
site_name: Test program
site_url: https://incidents.example.com/
theme:
  name: material
  font: false
plugins:
  - pirsite
  - search
  - tags
markdown_extensions: [toc]
"""

PROCEDURE = """\
---
title: Triage
last_reviewed: 2026-09-01
---

# Triage

Look at the [severity levels](../policy/severity.md) first.
"""

STALE_PROCEDURE = PROCEDURE.replace("2026-09-01", "2024-01-15").replace("# Triage", "# Old triage")


def program(repo: Repo) -> Repo:
    """Write the small program into ``repo``."""
    repo.record()
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", POSTMORTEM)
    repo.record(RESTRICTED, "incidents/2026/PIR-2026-0003/incident.yaml")
    repo.write("incidents/2026/PIR-2026-0003/postmortem.md", RESTRICTED_POSTMORTEM)
    repo.write("problems/PRB-917.yaml", RESTRICTED_PROBLEM)
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("docs/procedures/triage.md", PROCEDURE)
    repo.write("docs/procedures/old-triage.md", STALE_PROCEDURE)
    return repo


def pirsite_build(root: Path, *args: str, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    """`pirsite build` in a subprocess, as a user runs it (with a common umask unless told)."""
    return subprocess.run(
        [sys.executable, "-m", "pirsite", "--root", str(root), "build", "--as-of", SITE_AS_OF, *args],
        capture_output=True,
        text=True,
        timeout=300,
        umask=umask,
    )


def site_files(site: Path) -> dict[str, str]:
    """Every file of a built site as text (binary files decoded leniently)."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes().decode("utf-8", "replace")
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix != ".gz"
    }


def build_without(root: Path, check_step: str, *, audience: str = "internal", site: str = "site") -> Path:
    """The site of ``root`` built in-process with one of the pipeline's checks (``check_step``,
    e.g. "link_problems") switched off, so that what comes after it has to stop an attack alone."""
    import pytest

    from pirsite import pipeline
    from pirsite.mkdocs_commands import build_site

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, check_step, lambda *args, **kwargs: [])
        return build_site(root, root / site, audience=audience, as_of=SITE_AS_OF)
