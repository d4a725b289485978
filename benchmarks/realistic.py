"""Realistic incident repositories for benchmarks: the example program, cloned.

`make_realistic_repo(root, count)` copies the project's `schemas/`, `docs/` and
`mkdocs.yml` (so the site builds) and clones its example program (`incidents/` and
`problems/`) as many times as ``count`` incidents need, with renumbered ids. Every
clone has the example's variety: every status and severity, restricted incidents,
privacy blocks and notifications, action items, postmortems with approvals and
problem records.

Ids. Clone k (0, 1, 2, ...) of the r-th of the n_Y example incidents of year Y
(r = 1..n_Y, in id order) is PIR-Y-(k * n_Y + r): the year stays (folder, id and
times agree), each year's numbers stay dense, and clone 0 is the example itself.
Problem PRB-N of clone k is PRB-(k * 100 + N) (100: the smallest power of ten above
the example's largest problem number). Every mention of an old id in a clone's
files (incident.yaml and postmortem.md text, `related:`, `duplicate_of:`,
`cause.problem`, the postmortem's `incident:`, links, problem records) is replaced;
everything else is left as it is. With 65 example incidents (1 of 2024, 40 of 2025,
24 of 2026) and at most 9,999 numbers a year, 2025 runs out first: at most 249
clones, 16,185 incidents. The last clone may be partial: it takes incidents in id
order, each with every incident it names (so `related:` and `duplicate_of:` always
resolve), and the problems they name.

Git (``git=True``): one commit with the schemas, docs and mkdocs.yml, one commit per
clone, then a commit that changes one word of the root cause of about 5% of the
incidents whose postmortems are approved (after the approvals were recorded), then
a commit recording their reviewers' new approvals (``reapprove=True``), so the
stale-approval check reads real history and the repository still checks clean.
With ``reapprove=False`` those approvals stay stale and `pirsite check` reports an
`approval-stale` error for each. Author, committer and dates are fixed, so the same
arguments give the same commits. Without git the files are the same as at HEAD.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
IDS = re.compile(r"\b(?:PIR-\d{4}-\d{4}|PRB-\d{3,})\b")
INCIDENT = re.compile(r"^PIR-(\d{4})-(\d{4})$")
PROBLEM_STRIDE = 100
EDITED_SHARE = 0.05
# Commit dates: the clones after the example's last event, the edits before the benchmarks'
# --as-of (2026-11-23T12:00:00Z).
CLONES_AT = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
EDITED_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
REAPPROVED_AT = EDITED_AT + timedelta(minutes=30)  # the new approvals' `at`
RECORDED_AT = EDITED_AT + timedelta(hours=1)  # the commit recording them
_ROOT_CAUSE = re.compile(r"^  root_cause:.*\n(?:(?:    .*)?\n)*", re.MULTILINE)
_REWORDS = ((re.compile(r"\bthe\b"), "that"), (re.compile(r"\band\b"), "but"))


@dataclass(frozen=True)
class Example:
    """The example program, read once: folders in id order and problem records."""

    incidents: tuple[str, ...]  # ids, in id order
    files: dict[str, dict[str, str]]  # id -> {file name in its folder: text}
    names: dict[str, frozenset[str]]  # id -> other ids its files mention
    problems: dict[str, str]  # PRB id -> text
    per_year: dict[str, int]  # year -> example incidents of that year
    approved: frozenset[str]  # ids whose postmortem is approved

    @property
    def max_clones(self) -> int:
        return min(9999 // n for n in self.per_year.values())


@cache
def example() -> Example:
    incidents, files, names, per_year, approved = [], {}, {}, {}, set()
    for folder in sorted((PROJECT / "incidents").glob("*/PIR-*"), key=lambda p: p.name):
        record_id = folder.name
        year = INCIDENT.match(record_id).group(1)
        if folder.parent.name != year:
            raise ValueError(f"{folder}: the folder's year is not the id's")
        texts = {
            p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }
        incidents.append(record_id)
        files[record_id] = texts
        names[record_id] = frozenset(m for t in texts.values() for m in IDS.findall(t)) - {record_id}
        per_year[year] = per_year.get(year, 0) + 1
        if re.search(r"^status: approved$", texts.get("postmortem.md", ""), re.MULTILINE):
            approved.add(record_id)
    problems = {
        p.stem: p.read_text(encoding="utf-8") for p in sorted((PROJECT / "problems").glob("PRB-*.yaml"))
    }
    return Example(tuple(incidents), files, names, problems, per_year, frozenset(approved))


def renumbered(source: Example, clone: int) -> dict[str, str]:
    """Old id -> the id in clone ``clone``, for every incident and problem of the example."""
    mapping, rank = {}, {}
    for record_id in source.incidents:
        year = record_id[4:8]
        rank[year] = rank.get(year, 0) + 1
        mapping[record_id] = f"PIR-{year}-{clone * source.per_year[year] + rank[year]:04d}"
    for problem in source.problems:
        mapping[problem] = f"PRB-{clone * PROBLEM_STRIDE + int(problem[4:]):03d}"
    return mapping


def renamer(mapping: dict[str, str]):
    """A function replacing every id ``mapping`` knows in a text."""

    def renamed(text: str) -> str:
        return IDS.sub(lambda m: mapping.get(m.group(), m.group()), text)

    return renamed


def selection(source: Example, count: int) -> list[str]:
    """``count`` example ids in id order, each with every incident it names, transitively."""
    chosen: dict[str, None] = {}
    for record_id in source.incidents:
        if len(chosen) == count:
            break
        closure, todo = set(), [record_id]
        while todo:
            current = todo.pop()
            if current not in closure and current in source.files:
                closure.add(current)
                todo.extend(source.names[current])
        new = closure - chosen.keys()
        if len(new) <= count - len(chosen):
            chosen.update(dict.fromkeys(sorted(new)))
    if len(chosen) != count:
        raise ValueError(f"no {count} example incidents that name only each other")
    return sorted(chosen)


def git_env() -> dict[str, str]:
    """No user or system configuration (hooks, signing, templates); the commits name their
    author, committer and dates themselves."""
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }


class Commits:
    """The history, written by one `git fast-import` process (one process per commit would
    make 10,000 incidents take half a minute); the index is brought up to date at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=git_env(), check=True)
        self.importer = subprocess.Popen(
            ["git", "fast-import", "--quiet", "--done"],
            cwd=root,
            env=git_env(),
            stdin=subprocess.PIPE,
        )

    def commit(self, at: datetime, message: str, paths: list[str]) -> None:
        """Commit the files at ``paths`` (files or folders, relative to the root) as they are now."""
        stamp = f"Bench <bench@example.com> {int(at.timestamp())} +0000"
        text = message.encode()
        out = [
            f"commit refs/heads/main\nauthor {stamp}\ncommitter {stamp}\ndata {len(text)}\n".encode(),
            text,
        ]
        for rel in paths:
            path = self.root / rel
            for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
                if file.is_file():
                    data = file.read_bytes()
                    name = file.relative_to(self.root).as_posix()
                    out += [f"\nM 100644 inline {name}\ndata {len(data)}\n".encode(), data]
        out.append(b"\n\n")
        self.importer.stdin.write(b"".join(out))

    def close(self) -> None:
        self.importer.stdin.write(b"done\n")
        self.importer.stdin.close()
        if self.importer.wait():
            raise RuntimeError("git fast-import failed")
        subprocess.run(["git", "reset", "-q"], cwd=self.root, env=git_env(), check=True)


def reword(text: str) -> str | None:
    """``text`` (an incident.yaml) with one word of `cause.root_cause` changed, or None."""
    cause = re.search(r"^cause:\n(?:(?:[ #].*)?\n)*", text, re.MULTILINE)
    found = _ROOT_CAUSE.search(text, cause.start(), cause.end()) if cause else None
    if found is None:
        return None
    block = found.group()
    head = block.index(":") + 1  # never the key itself
    for word, replacement in _REWORDS:
        changed = word.sub(replacement, block[head:], count=1)
        if changed != block[head:]:
            return text[: found.start()] + block[:head] + changed + text[found.end() :]
    return None


def reapproved(text: str) -> str:
    """A postmortem with a new approval by each reviewer whose latest decision is approved."""
    end = text.index("\n---", 3)
    lines = text[:end].split("\n")
    latest: dict[str, tuple[str, str]] = {}
    for line in lines:
        found = re.match(r"  - \{by: ([^,]+), role: ([^,]+), at: [^,]+, decision: (\w+)", line)
        if found:
            latest[found.group(1)] = (found.group(2), found.group(3))
    last = max(i for i, line in enumerate(lines) if line.startswith("  - {by:"))
    stamp = REAPPROVED_AT.strftime("%Y-%m-%dT%H:%M:%SZ")
    added = [
        f"  - {{by: {by}, role: {role}, at: {stamp}, decision: approved, "
        "note: Re-approved after the root-cause wording changed.}"
        for by, (role, decision) in latest.items()
        if decision == "approved"
    ]
    return "\n".join(lines[: last + 1] + added + lines[last + 1 :]) + text[end:]


def make_realistic_repo(
    root: Path, count: int, *, git: bool = True, seed: int = 7, reapprove: bool = True
) -> list[Path]:
    """A repository at ``root`` with ``count`` incidents cloned from the example program;
    returns the paths of their incident.yaml files, in id order within each clone."""
    source = example()
    size = len(source.incidents)
    clones = -(-count // size)
    if count < 1 or clones > source.max_clones:
        raise ValueError(f"count must be 1..{source.max_clones * size}: at most 9999 incidents a year")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in ("schemas", "docs"):
        shutil.copytree(PROJECT / name, root / name)
    shutil.copy2(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    (root / ".gitignore").write_text(".pirsite-cache/\n/site/\n/site-restricted/\n", encoding="utf-8")
    commits = Commits(root) if git else None
    if commits:
        commits.commit(
            CLONES_AT, "Program: schemas, policy, docs", ["schemas", "docs", "mkdocs.yml", ".gitignore"]
        )
    (root / "problems").mkdir()
    paths: list[Path] = []
    approved: list[tuple[Path, Path]] = []  # (incident.yaml, postmortem.md) of approved postmortems
    for clone in range(clones):
        last = clone == clones - 1
        chosen = selection(source, count - clone * size) if last else list(source.incidents)
        mapping = renumbered(source, clone)
        renamed = renamer(mapping) if clone else str
        written = []
        for record_id in chosen:
            folder = root / "incidents" / record_id[4:8] / mapping[record_id]
            for name, text in source.files[record_id].items():
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(renamed(text), encoding="utf-8")
            paths.append(folder / "incident.yaml")
            written.append(folder.relative_to(root).as_posix())
            if record_id in source.approved:
                approved.append((folder / "incident.yaml", folder / "postmortem.md"))
        named = {p for i in chosen for p in source.names[i] if p in source.problems}
        for problem, text in source.problems.items():
            if not last or problem in named:
                target = root / "problems" / f"{mapping[problem]}.yaml"
                target.write_text(renamed(text), encoding="utf-8")
                written.append(target.relative_to(root).as_posix())
        if commits:
            commits.commit(
                CLONES_AT + timedelta(minutes=clone + 1), f"Clone {clone}: {len(chosen)} incidents", written
            )
    rng = random.Random(seed)
    edits = [pair for pair in approved if reword(pair[0].read_text(encoding="utf-8"))]
    edits = sorted(rng.sample(edits, max(1, round(EDITED_SHARE * len(edits)))) if edits else [])
    for incident, _ in edits:
        incident.write_text(reword(incident.read_text(encoding="utf-8")), encoding="utf-8")
    if commits and edits:
        rels = [p.relative_to(root).as_posix() for p, _ in edits]
        commits.commit(EDITED_AT, f"Reword the root cause of {len(edits)} incidents", rels)
    if reapprove:
        for _, postmortem in edits:
            postmortem.write_text(reapproved(postmortem.read_text(encoding="utf-8")), encoding="utf-8")
        if commits and edits:
            rels = [p.relative_to(root).as_posix() for _, p in edits]
            commits.commit(
                RECORDED_AT, f"Re-approve {len(edits)} postmortems after the root-cause edits", rels
            )
    if commits:
        commits.close()
    return paths


SHAPES = ("simple", "realistic")
SHAPE_HELP = (
    "simple: benchmarks/synth.py's synthetic records; realistic: the example program cloned "
    "(benchmarks/realistic.py); both: each figure for both, side by side"
)


def shapes(choice: str) -> tuple[str, ...]:
    """The shapes a `--shape simple|realistic|both` option names."""
    return SHAPES if choice == "both" else (choice,)


def record_files(root: Path) -> list[Path]:
    """Every record file of a repository: incidents, postmortems and problems."""
    return sorted(root.glob("incidents/*/*/incident.yaml")) + sorted(
        [*root.glob("incidents/*/*/postmortem.md"), *root.glob("problems/*.yaml")]
    )


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Write a realistic repository (for trying it out).")
    parser.add_argument("root", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--no-git", action="store_true")
    parser.add_argument("--stale", action="store_true", help="leave the edited approvals stale")
    args = parser.parse_args()
    started = time.perf_counter()
    made = make_realistic_repo(args.root, args.count, git=not args.no_git, reapprove=not args.stale)
    years: dict[str, int] = {}
    for path in made:
        years[path.parent.parent.name] = years.get(path.parent.parent.name, 0) + 1
    print(f"{len(made)} incidents {years} in {time.perf_counter() - started:.2f}s")
