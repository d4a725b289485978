"""What git remembers about each record: filed when and by whom, last changed, revisions.

One `git log` pass over the whole history, never one process per file, so a
repository with thousands of incidents costs one subprocess.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

COMMIT = "\x1e"  # starts each commit header in the log output
FIELD = "\x1f"


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    at: datetime  # author date: it survives rebases
    author: str


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
    commits: dict[str, tuple[Commit, ...]] = field(default_factory=dict)  # per file, newest first
    head: str = ""  # the commit HEAD names, when read from git

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
        head = repo.head.commit.hexsha
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
    commits = parse_log(out)
    return History(summarise(commits), True, commits=commits, head=head)


def parse_log(out: str) -> dict[str, tuple[Commit, ...]]:
    """Per-file commits (newest first) from `git log --name-only` output."""
    changes: dict[str, list[Commit]] = {}
    for chunk in out.split(COMMIT)[1:]:
        header, _, names = chunk.partition("\n")
        sha, when, author = header.split(FIELD, 2)
        commit = Commit(sha, datetime.fromisoformat(when), author)
        for name in names.splitlines():
            if name:
                changes.setdefault(name, []).append(commit)
    return {name: tuple(seen) for name, seen in changes.items()}


def summarise(commits: dict[str, tuple[Commit, ...]]) -> dict[str, FileHistory]:
    histories = {}
    for name, seen in commits.items():
        histories[name] = FileHistory(
            first_at=seen[-1].at,
            first_by=seen[-1].author,
            last_at=seen[0].at,
            last_by=seen[0].author,
            revisions=len(seen),
            authors=tuple(dict.fromkeys(c.author for c in reversed(seen))),
        )
    return histories


def stream_blobs(root: Path, specs: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
    """(spec, contents) of file versions (``"<rev>:./<root-relative path>"``), in order, from
    one `git cat-file --batch` process; None for a file that did not exist there.

    Streamed: a thread writes the requests while the caller reads each answer, so a caller
    that handles them one group at a time holds one group's files, not the history's (tens
    of thousands of versions in a large program). Raises CalledProcessError when git fails.
    """
    specs = list(specs)
    if not specs:
        return
    process = subprocess.Popen(
        ["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None

    def write() -> None:
        try:
            with process.stdin:  # type: ignore[union-attr]
                for spec in specs:
                    process.stdin.write(f"{spec}\n".encode())  # type: ignore[union-attr]
        except OSError:  # git stopped early: its exit status says why
            pass

    writer = threading.Thread(target=write, name="pirsite-cat-file", daemon=True)
    writer.start()
    try:
        for spec in specs:
            header = process.stdout.readline().split()
            if not header:
                break  # git stopped: reported below
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                yield spec, process.stdout.read(size + 1)[:size]
            else:  # "<spec> missing", or not a blob
                yield spec, None
    finally:
        process.stdout.close()
        writer.join()
        code = process.wait()
    if code:
        raise subprocess.CalledProcessError(code, ["git", "cat-file", "--batch"])
