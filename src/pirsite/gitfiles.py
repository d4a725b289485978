"""What git knows about the repository: files changed since a ref (for `check --since`)."""

from __future__ import annotations

from pathlib import Path


class GitError(Exception):
    """Git cannot answer: not a repository, unknown ref."""


def changed_since(root: Path, ref: str) -> list[str]:
    """Root-relative paths changed on this branch since it forked from ``ref``: committed,
    staged, unstaged and untracked, like the files a pull request would touch."""
    import git  # gitpython, imported on demand so a plain `check` never pays for it

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{root} is not in a git repository") from None
    try:
        target = repo.commit(ref)
    except (git.BadName, ValueError):
        raise GitError(f"unknown git ref {ref!r}; fetch it first (e.g. git fetch origin main)") from None
    bases = repo.merge_base(target, repo.head.commit)
    base = bases[0] if bases else target
    work = Path(repo.working_tree_dir or root).resolve()
    changed = {d.b_path or d.a_path for d in base.diff(None)} | set(repo.untracked_files)
    out = []
    for rel in sorted(changed):
        path = work / rel
        if path.is_relative_to(root.resolve()):
            out.append(path.relative_to(root.resolve()).as_posix())
    return out
