"""Finding and reading the files of an incident repository, safely.

Every path is checked to stay inside the repository (symlinks included) and
every read is bounded, so a hostile or broken checkout cannot make pirsite read
elsewhere or exhaust memory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .problems import Problem, error
from .yamlsafe import position

MAX_FILE_BYTES = 1 << 20  # 1 MiB: a record is a few KB; anything this big is a mistake
INCIDENTS_DIR = "incidents"
RECORD_NAME = "incident.yaml"
POSTMORTEM_NAME = "postmortem.md"
PROBLEMS_DIR = "problems"  # problem records: problems/PRB-003.yaml
_YEAR = re.compile(r"^[0-9]{4}$")
_PROBLEM_FILE = re.compile(r"^PRB-[0-9]{3,}\.yaml$")

Kind = Literal["incident", "postmortem", "problem"]


@dataclass(frozen=True, slots=True)
class Source:
    """One record file: where it is and which folder it claims to be."""

    rel: str  # POSIX path relative to the repository root, used in every message
    path: Path
    kind: Kind
    year: str
    folder: str


def discover(root: Path) -> tuple[list[Source], list[Problem]]:
    """All ``incidents/<YYYY>/<ID>/{incident.yaml,postmortem.md}`` under ``root``."""
    base = root / INCIDENTS_DIR
    sources: list[Source] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return sources, problems
    for year_dir in sorted(base.iterdir()):
        if not year_dir.is_dir():
            continue  # incidents/README.md and the like
        rel_year = f"{INCIDENTS_DIR}/{year_dir.name}"
        if not _YEAR.match(year_dir.name):
            problems.append(
                error(
                    rel_year,
                    "layout",
                    f"`{year_dir.name}` is not a year folder",
                    "records live in incidents/<YYYY>/<ID>/incident.yaml",
                    line=1,
                    column=1,
                )
            )
            continue
        for folder in sorted(year_dir.iterdir()):
            if not folder.is_dir():
                continue
            rel = f"{rel_year}/{folder.name}"
            record = folder / RECORD_NAME
            if not record.exists() and not record.is_symlink():
                problems.append(
                    error(
                        rel,
                        "layout",
                        f"folder has no {RECORD_NAME}",
                        f"add {rel}/{RECORD_NAME} or remove the folder",
                        line=1,
                        column=1,
                    )
                )
                continue
            sources.append(Source(f"{rel}/{RECORD_NAME}", record, "incident", year_dir.name, folder.name))
            postmortem = folder / POSTMORTEM_NAME
            if postmortem.exists() or postmortem.is_symlink():
                sources.append(
                    Source(f"{rel}/{POSTMORTEM_NAME}", postmortem, "postmortem", year_dir.name, folder.name)
                )
    return sources, problems


def discover_problems(root: Path) -> tuple[list[Source], list[Problem]]:
    """Every ``problems/PRB-NNN.yaml`` under ``root``; anything else there is a layout error."""
    base = root / PROBLEMS_DIR
    sources: list[Source] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return sources, problems
    for path in sorted(base.iterdir()):
        rel = f"{PROBLEMS_DIR}/{path.name}"
        if path.name.startswith(".") or path.name == "README.md":
            continue
        if not _PROBLEM_FILE.match(path.name) or path.is_dir():
            problems.append(
                error(
                    rel,
                    "layout",
                    f"`{path.name}` is not a problem record",
                    "problem records are problems/PRB-NNN.yaml, one file per problem",
                    line=1,
                    column=1,
                )
            )
            continue
        sources.append(Source(rel, path, "problem", "", path.name.removesuffix(".yaml")))
    return sources, problems


def inside(root: Path, path: Path) -> bool:
    """True when ``path``, with every symlink resolved, stays within ``root``."""
    try:
        if ".." in path.parts:
            return path.resolve().is_relative_to(root.resolve())
        return Path(_real(str(path.absolute()))).is_relative_to(_real(str(root.absolute())))
    except (OSError, RuntimeError):  # symlink loop
        return False


@lru_cache(maxsize=65536)
def _real(path: str) -> str:
    """``os.path.realpath`` of an absolute path without `..`, one `lstat` per new folder:
    the thousands of records of a check share their folders' answers. `forget_paths`
    empties the memo, so a folder swapped for a symlink is seen on the next check."""
    if os.path.islink(path):
        return os.path.realpath(path)
    parent, name = os.path.split(path)
    if not name or parent == path:
        return path
    return os.path.join(_real(parent), name)


def forget_paths() -> None:
    """Clear what `inside` remembers about folders (called at the start of every check)."""
    _real.cache_clear()


def read_text(root: Path, path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """The file as text, or problems saying why it cannot be used."""
    if not inside(root, path):
        return None, [
            error(
                rel,
                "path-outside",
                "the file is a symlink that leads outside the repository",
                "replace the symlink with the file itself",
                line=1,
                column=1,
            )
        ]
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [
            error(
                rel,
                "unreadable",
                f"cannot read the file: {exc.strerror}",
                "check that it exists and is readable",
                line=1,
                column=1,
            )
        ]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(
                rel,
                "too-large",
                f"the file is larger than {MAX_FILE_BYTES // 1024} KiB",
                "records hold facts, not attachments; move large content to evidence/ or summarise it",
                line=1,
                column=1,
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position(raw, exc.start)
        return None, [
            error(
                rel,
                "encoding",
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                "save the file as UTF-8",
                line=line,
                column=col,
            )
        ]
    return text.removeprefix("\ufeff"), []


DOCS_DIR = "docs"


def published_pages(root: Path) -> list[tuple[Path, str]]:
    """(path, repository-relative name) of every hand-written Markdown page under docs/,
    which the site publishes beside the records and the scanner therefore reads."""
    base = root / DOCS_DIR
    if not base.is_dir():
        return []
    return [
        (path, path.relative_to(root).as_posix()) for path in sorted(base.rglob("*.md")) if path.is_file()
    ]
