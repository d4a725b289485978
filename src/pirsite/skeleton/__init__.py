"""`pirsite init`: the files of a new incident repository.

`files/` is the skeleton (site config, CI workflows, CODEOWNERS, pull-request templates,
pre-commit and editor settings, the policy and schemas). Its `schemas/` is a copy of this
project's, kept identical by a test. The procedures and training are this project's `docs/`,
shipped inside the package as `pirsite._starter`, so a wheel creates them as a checkout does.
`tools/` gets the running pirsite as a wheel and a requirements file pinning it and every
dependency by hash: the workflows and the pre-commit hook install exactly that (see wheel.py).
"""

from __future__ import annotations

from pathlib import Path

from ..writing import umask, write_atomically
from . import wheel

HERE = Path(__file__).resolve().parent
SKELETON = HERE / "files"
RUNTIME_LOCK = HERE / "runtime-requirements.txt"
PACKAGED_DOCS = HERE.parent / "_starter"  # in a wheel
PROJECT_DOCS = HERE.parents[2] / "docs"  # in a source checkout
STARTER_DOCS = ("procedures", "training")
TOOLS = "tools"
VCS_FOLDERS = frozenset({".git", ".hg", ".svn", ".jj"})
EXECUTABLE = frozenset({f"{TOOLS}/pirsite"})  # named, not read off file modes an install may drop


def starter_docs() -> list[tuple[str, Path]]:
    """(path under docs/, file) of the procedures and training to copy."""
    base = PACKAGED_DOCS if PACKAGED_DOCS.is_dir() else PROJECT_DOCS
    return [
        (path.relative_to(base).as_posix(), path)
        for folder in STARTER_DOCS
        for path in sorted((base / folder).glob("*.md"))
    ]


def _requirements(wheel_file: str, digest: str) -> str:
    pins = [line for line in RUNTIME_LOCK.read_text(encoding="utf-8").splitlines() if line.strip()]
    while pins and pins[0].startswith("#"):
        pins.pop(0)  # the lock tool's header names this project's paths
    return (
        "# pirsite and every package it needs, each pinned by hash: written by `pirsite init`.\n"
        "# Install from the repository root:\n"
        f"#   python -m pip install --require-hashes -r {TOOLS}/requirements.txt\n"
        "# To upgrade, run `pirsite init --force .` with the newer pirsite and review the diff.\n"
        + "\n".join(pins)
        + f"\n./{TOOLS}/{wheel_file} \\\n    --hash=sha256:{digest}\n"
    )


def planned_files() -> dict[str, bytes]:
    """Destination path (relative) -> content, for every file init writes."""
    planned = {
        path.relative_to(SKELETON).as_posix(): path.read_bytes()
        for path in sorted(SKELETON.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    docs = starter_docs()
    for rel, path in docs:
        planned[f"docs/{rel}"] = path.read_bytes()
    packaged = [] if PACKAGED_DOCS.is_dir() else [(f"pirsite/_starter/{rel}", path) for rel, path in docs]
    data = wheel.build(packaged)
    planned[f"{TOOLS}/{wheel.wheel_name()}"] = data
    planned[f"{TOOLS}/requirements.txt"] = _requirements(wheel.wheel_name(), wheel.sha256(data)).encode()
    return planned


def is_empty(target: Path) -> bool:
    """Nothing in ``target`` but version-control metadata (a fresh `git init`)."""
    return not target.exists() or all(entry.name in VCS_FOLDERS for entry in target.iterdir())


def conflicts(target: Path) -> list[str]:
    """Files init would replace with different content."""
    return [
        rel
        for rel, data in planned_files().items()
        if (target / rel).exists() and (target / rel).read_bytes() != data
    ]


def create(target: Path, *, overwrite: bool = False) -> list[str]:
    """Write the skeleton into ``target``; existing different files only when ``overwrite``.
    Each file is written to a temporary name and renamed, so none is ever half-written."""
    written = []
    for rel, data in planned_files().items():
        path = target / rel
        if path.exists() and (path.read_bytes() == data or not overwrite):
            continue
        write_atomically(path, data)
        if rel in EXECUTABLE:
            path.chmod(path.stat().st_mode | (0o111 & ~umask()))
        written.append(rel)
    return written
