"""Creating new records: the next free id (across every branch) and record skeletons.

Never overwrites: files are created with O_EXCL, so a concurrent `new` or an
existing file makes the command stop instead of replacing anything.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from .policy import Policy
from .records import Incident
from .sources import INCIDENTS_DIR, RECORD_NAME


class ScaffoldError(Exception):
    """A record cannot be created; the message says why and what to do."""


def ids_in_worktree(root: Path, prefix: str, year: int) -> set[int]:
    pattern = re.compile(rf"^{re.escape(prefix)}-{year}-([0-9]{{4}})$")
    folder = root / INCIDENTS_DIR / str(year)
    found = set()
    if folder.is_dir():
        for entry in folder.iterdir():
            match = pattern.match(entry.name)
            if match:
                found.add(int(match.group(1)))
    return found


def ids_on_branches(root: Path, prefix: str, year: int) -> tuple[set[int], int]:
    """Numbers used under incidents/<year>/ on every local and remote-tracking branch,
    and how many branches were looked at (0 outside a git repository)."""
    try:
        import git  # gitpython; imported here so `check` never pays for it
    except ImportError:  # pragma: no cover - a declared dependency
        return set(), 0
    try:
        repo = git.Repo(root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return set(), 0
    pattern = re.compile(rf"^{re.escape(prefix)}-{year}-([0-9]{{4}})$")
    found: set[int] = set()
    refs = [ref for ref in repo.references if isinstance(ref, git.Head | git.RemoteReference)]
    for ref in refs:
        try:
            tree = ref.commit.tree / INCIDENTS_DIR / str(year)
        except (KeyError, ValueError):
            continue
        for entry in tree.trees:
            match = pattern.match(entry.name)
            if match:
                found.add(int(match.group(1)))
    return found, len(refs)


def next_id(root: Path, policy: Policy, year: int) -> tuple[str, int]:
    """The next free id for ``year`` and the number of branches consulted."""
    used = ids_in_worktree(root, policy.id_prefix, year)
    on_branches, branches = ids_on_branches(root, policy.id_prefix, year)
    number = max(used | on_branches, default=0) + 1
    if number > 9999:
        raise ScaffoldError(f"no ids left for {year}: {policy.id_prefix}-{year}-9999 is taken")
    return f"{policy.id_prefix}-{year}-{number:04d}", branches


def create_exclusive(path: Path, text: str) -> None:
    """Write a new file; refuse if anything already exists there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; nothing was written") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def incident_text(
    incident_id: str, policy: Policy, *, title: str, severity: str, domains: list[str], now: datetime
) -> str:
    """A new record in status `reported`; fields the analyst must choose are left for check to ask."""
    priority = policy.priority_matrix["medium"]["medium"]
    categories = [c.id for c in policy.categories if set(c.domains) & set(domains)] or [
        c.id for c in policy.categories
    ]
    methods = ", ".join(m.id for m in policy.detection_methods)
    privacy = ""
    if "privacy" in domains:
        privacy = (
            "privacy:\n"
            "  role: controller  # controller | processor | joint_controller\n"
            '  personal_data_disclosed: unknown  # "yes" | potentially | "no" | unknown (quote yes/no)\n'
        )
    return f"""\
# yaml-language-server: $schema=../../../schemas/incident.schema.json
schema_version: 1
id: {incident_id}
title: {title or "TODO one line saying what happened, no personal data"}
summary: |
  TODO: what happened, who is affected, what has been done so far. No personal data.
visibility: internal  # restricted: counted in metrics, details only in the restricted build
status: reported
domains: [{", ".join(domains)}]
category:  # one of: {", ".join(categories)}
severity: {severity}
impact: medium
urgency: medium
priority: {priority}  # follows from impact x urgency; see schemas/policy.yaml
reporter:  # who reported it: a handle, a team or a channel
detected_at: {_stamp(now)}
reported_at: {_stamp(now)}
detection:
  method:  # one of: {methods}
  internal: true
{privacy}"""


def postmortem_text(incident: Incident, policy: Policy) -> str:
    """A postmortem skeleton: front matter from the incident and the required sections."""
    authors = [incident.commander] if incident.commander in policy.people else []
    wanted = ["engineering"] + [role for role in ("privacy", "security") if role in incident.domains]
    reviewers: list[str] = []
    for role in wanted:
        person = next(
            (
                p.handle
                for p in policy.people.values()
                if role in p.roles and p.handle not in authors and p.handle not in reviewers
            ),
            None,
        )
        if person:
            reviewers.append(person)
    sections = "\n".join(f"## {title}\n\nTODO\n" for title in policy.postmortem_sections)
    return f"""\
---
incident: {incident.id}
status: draft
authors: [{", ".join(authors) or "TODO-handle"}]
reviewers: [{", ".join(reviewers)}]
---

{sections}"""


def record_path(root: Path, incident_id: str, name: str = RECORD_NAME) -> Path:
    year = incident_id.split("-")[1]
    return root / INCIDENTS_DIR / year / incident_id / name


def next_problem_id(root: Path) -> str:
    """The next free PRB-NNN in problems/ (three digits at least)."""
    taken = [
        int(match.group(1))
        for entry in (root / "problems").glob("PRB-*.yaml")
        if (match := re.match(r"^PRB-([0-9]{3,})\.yaml$", entry.name))
    ]
    return f"PRB-{max(taken, default=0) + 1:03d}"


def problem_text(problem_id: str, title: str, owner: str, now: datetime) -> str:
    """A new problem record: status open, the fields to fill later as comments."""
    return (
        f"id: {problem_id}\n"
        f"title: {json.dumps(title or 'TODO: the mechanism that keeps producing incidents')}\n"
        "status: open  # open -> known_error (cause and workaround known) -> resolved (fixed) -> closed\n"
        f"owner: {owner}\n"
        f"opened_at: {_stamp(now)}\n"
        "# root_cause_category: (from the policy)\n"
        "# root_cause: what causes the incidents (required from known_error on)\n"
        "# workaround: what responders do until the fix is in place (required from known_error on)\n"
        "# known_error: symptom, cause and workaround in a sentence or two (required from known_error on)\n"
        "# services: []\n"
        "# action_items: the fix actions (id AI-1, title, type, owner, due, status)\n"
        "# review_at: YYYY-MM-DD\n"
    )
