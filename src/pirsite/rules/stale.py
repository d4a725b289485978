"""Stale approvals: a postmortem approval no longer counts once the postmortem's text,
or its incident's root cause, changed in a commit made after the approval was recorded.

Found from git history in one `git log` pass (the History) and one
`git cat-file --batch` process for every file version it needs, never one git
process per file. Uncommitted edits count as a change after HEAD.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..frontmatter import split
from ..history import Commit, History, stream_blobs
from ..problems import Problem, error
from ..records import Incident, Postmortem

ROOT_CAUSE_FIELDS = ("root_cause_category", "root_cause", "contributing_factors")
WORKTREE = "working tree"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


@functools.lru_cache(maxsize=64)  # one postmortem's versions at a time
def _postmortem(raw: bytes | None) -> tuple[frozenset[tuple[str, datetime]], str] | None:
    """The (by, at) of every recorded decision, and the body; None when unreadable."""
    if raw is None:
        return None
    parts, _ = split(raw.decode("utf-8", "replace"), "")
    if parts is None:
        return None
    front = _load(parts.front)
    found = set()
    for item in (front.get("approvals") if isinstance(front, dict) else None) or ():
        if isinstance(item, dict) and isinstance(item.get("at"), datetime):
            found.add((str(item.get("by")), item["at"]))
    return frozenset(found), parts.body.strip()


_CAUSE = re.compile(rb"^cause:", re.MULTILINE)
_TOP_KEY = re.compile(rb"^[^\s#-]", re.MULTILINE)  # the next top-level key ends the block


@functools.lru_cache(maxsize=64)
def _root_cause(raw: bytes | None) -> tuple[Any, ...] | None:
    """The root-cause fields of an incident version; only its top-level `cause:` block is
    parsed, which keeps thousands of historical versions cheap."""
    if raw is None:
        return None
    found = _CAUSE.search(raw)
    block = b""
    if found:
        following = _TOP_KEY.search(raw, found.end())
        block = raw[found.start() : following.start() if following else len(raw)]
    data = _load(block.decode("utf-8", "replace")) if block else {}
    if not isinstance(data, dict):
        return None
    cause = data.get("cause") if isinstance(data.get("cause"), dict) else {}
    return tuple(cause.get(name) for name in ROOT_CAUSE_FIELDS)


class Memo(Protocol):
    """Where results are kept between runs (the parse cache): JSON values by key."""

    def get(self, key: str) -> Any: ...
    def put(self, key: str, value: Any) -> None: ...


def stale_approvals(
    root: Path,
    postmortems: dict[str, Postmortem],
    incidents: dict[str, Incident],
    history: History,
    memo: Memo | None = None,
) -> list[Problem]:
    """Errors for approvals recorded before a later change to the text or the root cause.

    With a ``memo``, a postmortem's result is kept under everything it depends on (HEAD, the
    commits touching the two files, their current bytes), so a repeated check reads no file
    versions from git for what has not changed."""
    watched = [
        (pm, incidents[pm.incident])
        for pm in postmortems.values()
        if pm.incident in incidents and any(a.decision == "approved" for a in pm.approvals)
    ]
    plan: list[tuple[Postmortem, Incident, list[Commit], list[str], str | None]] = []
    problems: list[Problem] = []
    for pm, incident in watched:
        pm_commits = history.commits.get(pm.path, ())
        incident_commits = history.commits.get(incident.path, ())
        commits = sorted({*pm_commits, *incident_commits}, key=lambda c: c.at)
        key = _memo_key(root, history.head, pm, incident, commits) if memo and history.head else None
        kept = memo.get(key) if memo and key else None
        if kept is not None:
            problems += [_problem(item) for item in kept]
            continue
        touched_pm = {c.sha for c in pm_commits}
        touched_incident = {c.sha for c in incident_commits}
        specs: list[str] = []
        for commit in commits:
            # the postmortem before each commit (its approvals), and both versions of each
            # file the commit touched
            specs.append(f"{commit.sha}^:./{pm.path}")
            if commit.sha in touched_pm:
                specs.append(f"{commit.sha}:./{pm.path}")
            if commit.sha in touched_incident:
                specs += [f"{commit.sha}^:./{incident.path}", f"{commit.sha}:./{incident.path}"]
        specs += [f"HEAD:./{pm.path}", f"HEAD:./{incident.path}"]
        plan.append((pm, incident, commits, list(dict.fromkeys(specs)), key))
    # one postmortem's versions at a time: the history's would be hundreds of megabytes
    stream = stream_blobs(root, (spec for _, _, _, specs, _ in plan for spec in specs))
    for pm, incident, commits, specs, key in plan:
        blobs = dict(islice(stream, len(specs)))
        found = list(_stale(root, pm, incident, commits, blobs))
        if memo and key:
            memo.put(key, [_stored(p) for p in found])
        problems += found
    for _ in stream:  # git's exit status
        pass
    return problems


def _memo_key(root: Path, head: str, pm: Postmortem, incident: Incident, commits: list[Commit]) -> str | None:
    """What a postmortem's result depends on, digested; None when a file cannot be read."""
    pm_bytes, incident_bytes = _read(root / pm.path), _read(root / incident.path)
    if pm_bytes is None or incident_bytes is None:
        return None
    hashed = hashlib.blake2b(digest_size=16)
    for part in (head, pm.path, incident.path, incident.id, *(f"{c.sha} {c.at} {c.author}" for c in commits)):
        hashed.update(part.encode() + b"\0")
    hashed.update(pm_bytes + b"\0" + incident_bytes)
    return f"stale:{hashed.hexdigest()}"


def _stored(problem: Problem) -> list[Any]:
    return [problem.path, problem.code, problem.message, problem.hint, problem.level, list(problem.field)]


def _problem(item: list[Any]) -> Problem:
    path, code, message, hint, level, field = item
    return Problem(path, code, message, hint, level, tuple(field), cross_record=True)


def _stale(
    root: Path, pm: Postmortem, incident: Incident, commits: list[Commit], blobs: dict[str, bytes | None]
) -> Iterator[Problem]:
    def at(rev: str, path: str) -> bytes | None:
        return blobs.get(f"{rev}:./{path}")

    # (label, postmortem before, after, incident before, after); a file a commit did not
    # touch is the same before and after. Uncommitted edits count as a change after HEAD
    # (so pre-commit catches them): the two files are read again because records keep
    # values, not text.
    changes = []
    for c in commits:
        pm_before = at(c.sha + "^", pm.path)
        pm_after = at(c.sha, pm.path) if f"{c.sha}:./{pm.path}" in blobs else pm_before
        inc_before, inc_after = at(c.sha + "^", incident.path), at(c.sha, incident.path)
        changes.append((c.sha, pm_before, pm_after, inc_before, inc_after))
    changes.append(
        (
            WORKTREE,
            at("HEAD", pm.path),
            _read(root / pm.path),
            at("HEAD", incident.path),
            _read(root / incident.path),
        )
    )
    by_sha = {c.sha: c for c in commits}
    latest = {a.by: (index, a) for index, a in enumerate(pm.approvals)}
    for index, approval in sorted(latest.values(), key=lambda pair: pair[0]):
        if approval.decision != "approved":
            continue
        key = (approval.by, approval.at)
        for sha, pm_before, pm_after, inc_before, inc_after in changes:
            before = _postmortem(pm_before)
            if before is None or key not in before[0]:
                continue  # the approval was recorded by this change or later
            what = _what_changed(before, _postmortem(pm_after), inc_before, inc_after, incident.id)
            if what is None:
                continue
            where = "uncommitted changes" if sha == WORKTREE else _describe(by_sha[sha])
            backdated = sha != WORKTREE and by_sha[sha].at <= approval.at
            yield error(
                pm.path,
                "approval-stale",
                f"the approval by `{approval.by}` ({approval.at.isoformat()}) is stale: {where} changed "
                f"{what} after it was recorded"
                + (
                    " (the commit comes after the approval in the history although its date is not "
                    "later: the date was set back or a clock was wrong)"
                    if backdated
                    else ""
                ),
                f"ask {approval.by} to review the change and record a new approval with a later `at`",
                field=("approvals", index, "at"),
                cross_record=True,
            )
            break


def _what_changed(
    before: tuple[Any, str],
    after: tuple[Any, str] | None,
    inc_before: bytes | None,
    inc_after: bytes | None,
    incident_id: str,
) -> str | None:
    if after is not None and before[1] != after[1]:
        return "the postmortem's text"
    if inc_before is None or inc_after is None or inc_before == inc_after:
        return None
    old, new = _root_cause(inc_before), _root_cause(inc_after)
    if old is None or new is None:
        return None
    fields = [f"cause.{name}" for name, a, b in zip(ROOT_CAUSE_FIELDS, old, new, strict=True) if a != b]
    return f"the root cause of {incident_id} ({', '.join(fields)})" if fields else None


def _describe(commit: Commit) -> str:
    return f"commit {commit.sha[:10]} ({commit.at.isoformat()}, {commit.author})"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
