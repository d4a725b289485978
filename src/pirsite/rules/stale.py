"""Stale approvals: a postmortem approval no longer counts once the postmortem's text,
or its incident's root cause, changed in a commit made after the approval was recorded.

Found from git history in one `git log` pass (the History) and one
`git cat-file --batch` process for every file version it needs, never one git
process per file. Uncommitted edits count as a change after HEAD.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from ..frontmatter import split
from ..history import Commit, History, read_blobs
from ..problems import Problem, error
from ..records import Incident, Postmortem

ROOT_CAUSE_FIELDS = ("root_cause_category", "root_cause", "contributing_factors")
WORKTREE = "working tree"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class _Version:
    """What matters of one version of a postmortem and its incident."""

    approvals: frozenset[tuple[str, datetime]]  # (by, at) of decisions recorded
    body: str | None
    root_cause: Any


def _approvals(front: dict[str, Any]) -> frozenset[tuple[str, datetime]]:
    found = set()
    for item in front.get("approvals") or ():
        if isinstance(item, dict) and isinstance(item.get("at"), datetime):
            found.add((str(item.get("by")), item["at"]))
    return frozenset(found)


def _load(text: bytes | str | None) -> Any:
    if text is None:
        return None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


@functools.lru_cache(maxsize=4096)
def _version(postmortem: bytes | None, incident: bytes | None) -> _Version:
    approvals: frozenset[tuple[str, datetime]] = frozenset()
    body = None
    if postmortem is not None:
        parts, _ = split(postmortem.decode("utf-8", "replace"), "")
        if parts is not None:
            front = _load(parts.front)
            approvals = _approvals(front) if isinstance(front, dict) else frozenset()
            body = parts.body.strip()
    record = _load(incident)
    root = None
    if isinstance(record, dict):
        cause = record.get("cause") if isinstance(record.get("cause"), dict) else {}
        root = tuple(cause.get(f) for f in ROOT_CAUSE_FIELDS)
    return _Version(approvals, body, root)


def stale_approvals(
    root: Path, postmortems: dict[str, Postmortem], incidents: dict[str, Incident], history: History
) -> list[Problem]:
    """Errors for approvals recorded before a later change to the text or the root cause."""
    watched = [
        (pm, incidents[pm.incident])
        for pm in postmortems.values()
        if pm.incident in incidents and any(a.decision == "approved" for a in pm.approvals)
    ]
    plan: list[tuple[Postmortem, Incident, list[Commit]]] = []
    specs: list[str] = []
    for pm, incident in watched:
        commits = sorted(
            {*history.commits.get(pm.path, ()), *history.commits.get(incident.path, ())},
            key=lambda c: c.at,
        )
        plan.append((pm, incident, commits))
        for commit in commits:
            for rev in (commit.sha, commit.sha + "^"):
                specs += [f"{rev}:./{pm.path}", f"{rev}:./{incident.path}"]
        specs += [f"HEAD:./{pm.path}", f"HEAD:./{incident.path}"]
    blobs = read_blobs(root, list(dict.fromkeys(specs)))
    problems: list[Problem] = []
    for pm, incident, commits in plan:
        problems.extend(_stale(root, pm, incident, commits, blobs))
    return problems


def _stale(
    root: Path, pm: Postmortem, incident: Incident, commits: list[Commit], blobs: dict[str, bytes | None]
) -> Iterator[Problem]:
    def raw(rev: str) -> tuple[bytes | None, bytes | None]:
        return blobs.get(f"{rev}:./{pm.path}"), blobs.get(f"{rev}:./{incident.path}")

    # (label, before, after) raw file pairs; uncommitted edits are a change after HEAD (so
    # pre-commit catches them): the two files are read again because records keep values, not text.
    changes = [(c.sha, raw(c.sha + "^"), raw(c.sha)) for c in commits]
    changes.append((WORKTREE, raw("HEAD"), (_read(root / pm.path), _read(root / incident.path))))
    changes = [change for change in changes if change[1] != change[2]]
    by_sha = {c.sha: c for c in commits}
    latest = {a.by: (index, a) for index, a in enumerate(pm.approvals)}
    for index, approval in sorted(latest.values(), key=lambda pair: pair[0]):
        if approval.decision != "approved":
            continue
        key = (approval.by, approval.at)
        for sha, before_raw, after_raw in changes:
            before = _version(*before_raw)
            if key not in before.approvals:
                continue  # the approval was recorded by this change or later
            what = _what_changed(before, _version(*after_raw), incident.id)
            if what is None:
                continue
            where = "uncommitted changes" if sha == WORKTREE else _describe(by_sha[sha])
            yield error(
                pm.path,
                "approval-stale",
                f"the approval by `{approval.by}` ({approval.at.isoformat()}) is stale: {where} changed "
                f"{what} after it was recorded",
                f"ask {approval.by} to review the change and record a new approval with a later `at`",
                field=("approvals", index, "at"),
                cross_record=True,
            )
            break


def _what_changed(before: _Version, after: _Version, incident_id: str) -> str | None:
    if before.body is not None and after.body is not None and before.body != after.body:
        return "the postmortem's text"
    if before.root_cause is not None and after.root_cause is not None:
        fields = [
            f"cause.{name}"
            for name, old, new in zip(ROOT_CAUSE_FIELDS, before.root_cause, after.root_cause, strict=True)
            if old != new
        ]
        if fields:
            return f"the root cause of {incident_id} ({', '.join(fields)})"
    return None


def _describe(commit: Commit) -> str:
    return f"commit {commit.sha[:10]} ({commit.at.isoformat()}, {commit.author})"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
