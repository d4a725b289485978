"""`pirsite init`: the files of a new incident repository.

`files/` is the skeleton (site config, CI workflows, CODEOWNERS, pull-request templates,
pre-commit and editor settings, the policy and schemas). Its `schemas/` is a copy of this
project's, kept identical by a test, so an installed wheel can create repositories too. The
procedures and training of this project are copied as a starting point when they are
available (a source checkout).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..writing import write_atomically

SKELETON = Path(__file__).parent / "files"
PROJECT_DOCS = Path(__file__).resolve().parents[3] / "docs"  # present in a source checkout
STARTER_DOCS = ("procedures", "training")


class InitError(Exception):
    """The repository cannot be created; the message says why and what to do."""


def planned_files() -> Iterator[tuple[str, Path]]:
    """(destination relative path, source file) for every file init writes."""
    for path in sorted(SKELETON.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path.relative_to(SKELETON).as_posix(), path
    for folder in STARTER_DOCS:
        for path in sorted((PROJECT_DOCS / folder).rglob("*.md")):
            yield f"docs/{path.relative_to(PROJECT_DOCS).as_posix()}", path


def conflicts(target: Path) -> list[str]:
    """Files init would replace with different content."""
    return [
        rel
        for rel, source in planned_files()
        if (target / rel).exists() and (target / rel).read_bytes() != source.read_bytes()
    ]


def create(target: Path, *, overwrite: bool = False) -> list[str]:
    """Write the skeleton into ``target``; existing different files only when ``overwrite``.
    Each file is written to a temporary name and renamed, so none is ever half-written."""
    written = []
    for rel, source in planned_files():
        path = target / rel
        if path.exists() and (path.read_bytes() == source.read_bytes() or not overwrite):
            continue
        write_atomically(path, source.read_bytes())
        written.append(rel)
    return written
