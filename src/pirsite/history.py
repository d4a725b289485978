"""What git remembers about each record: filed when and by whom, last changed, revisions.

One `git log` pass over the whole history, never one process per file, so a
repository with thousands of incidents costs one subprocess.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

COMMIT = "\x1e"  # starts each commit header in the log output
FIELD = "\x1f"


@dataclass(frozen=True, slots=True)
class FileHistory:
    """A file's history, newest change first in git's order."""

    first_at: datetime
    first_by: str
    last_at: datetime
    last_by: str
    revisions: int
    authors: tuple[str, ...]  # distinct, in order of first contribution


@dataclass(frozen=True, slots=True)
class History:
    """Histories of files under a folder, by root-relative path; ``available`` is False
    outside a git repository (pages then say so instead of showing nothing)."""

    files: dict[str, FileHistory]
    available: bool
    reason: str = ""

    def of(self, path: str) -> FileHistory | None:
        return self.files.get(path)


def read_history(root: Path, folder: str = "incidents") -> History:
    """Histories of every file under ``root/folder`` from a single `git log`."""
    try:
        import git  # gitpython: imported here so `pirsite check` never pays for it
    except ImportError:  # pragma: no cover - a declared dependency
        return History({}, False, "gitpython is not installed")
    try:
        repo = git.Repo(root, search_parent_directories=True)
        if not repo.head.is_valid():
            return History({}, True)
        out = git.Git(str(root)).log(
            f"--format={COMMIT}%H{FIELD}%aI{FIELD}%an",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            folder,
        )
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History({}, False, "not a git repository")
    except (git.GitCommandError, subprocess.SubprocessError, OSError) as exc:
        return History({}, False, f"git log failed: {exc}")
    return History(parse_log(out), True)


def parse_log(out: str) -> dict[str, FileHistory]:
    """Fold `git log --name-only` output (newest commit first) into per-file histories."""
    changes: dict[str, list[tuple[datetime, str]]] = {}
    for chunk in out.split(COMMIT)[1:]:
        header, _, names = chunk.partition("\n")
        _sha, when, author = header.split(FIELD, 2)
        at = datetime.fromisoformat(when)
        for name in names.splitlines():
            if name:
                changes.setdefault(name, []).append((at, author))
    histories = {}
    for name, seen in changes.items():
        authors = list(dict.fromkeys(author for _, author in reversed(seen)))
        histories[name] = FileHistory(
            first_at=seen[-1][0],
            first_by=seen[-1][1],
            last_at=seen[0][0],
            last_by=seen[0][1],
            revisions=len(seen),
            authors=tuple(authors),
        )
    return histories
