"""Benchmark: approval checks that read git history (stale approvals).

    python benchmarks/history_speed.py [--incidents 1000] [--commits 5000] [--shape simple|realistic|both]

Builds, with `git fast-import`, a repository of N synthetic incidents, each with an
approved postmortem, and a history of C commits: the first adds everything, the
others each edit one incident or postmortem after the approvals were recorded
(timeline wording, reviewer lists: changes that leave approvals current, so every
commit has to be looked at). Then, in the same run, it times `pirsite check`
without and with the history checks; the difference is the cost of the history
checks (target: under 2 seconds for 1,000 incidents and 5,000 commits, from one
`git log` pass and one `git cat-file --batch` process).

Shapes (``--shape``, default both, one line each): "simple" is the above. "realistic"
is the example program cloned to N incidents (benchmarks/realistic.py: about 31% of
them have approved postmortems; one commit per clone, a commit rewording the root
cause of 5% of those after their approvals and one recording new approvals), then
edit commits up to C in all, each touching an incident with an approved postmortem
(a note comment at its end) or that postmortem (a note comment in its front matter),
which leave every approval current; its records' "now" is AS_OF.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic import RECORDED_AT, SHAPE_HELP, make_realistic_repo, shapes
from synth import PROJECT, record

SECTIONS = [
    "Summary",
    "Impact",
    "Root cause",
    "Contributing factors",
    "Detection",
    "Resolution",
    "What went well",
    "What went poorly",
    "Where we got lucky",
    "Lessons learned",
]
START = 1_767_225_600  # 2026-01-01T00:00:00Z
AS_OF = "2026-11-23T12:00:00Z"  # the realistic records' "now" (the simple ones use the clock)
MEASURE = """
import sys, time
from datetime import datetime
from pathlib import Path
from pirsite.pipeline import check
root = Path(sys.argv[1])
now = datetime.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else None
check(root, now=now, git_history=False)  # warm the parse cache and imports: we time the history part
t = time.perf_counter(); plain = check(root, now=now, git_history=False); t1 = time.perf_counter() - t
t = time.perf_counter(); full = check(root, now=now); t2 = time.perf_counter() - t
assert plain.errors == 0 and full.errors == 0, full.problems[:3]
assert not full.notices, full.notices
print(t1, t2)
"""


def postmortem(incident_id: str, reviewers: str) -> str:
    body = "".join(f"## {title}\n\nWritten for {incident_id}: {title.lower()}.\n\n" for title in SECTIONS)
    return (
        f"---\nincident: {incident_id}\nstatus: approved\nauthors: [p.haddad]\nreviewers: [{reviewers}]\n"
        "approvals:\n  - {by: j.whitfield, role: engineering, at: 2026-01-01T00:00:00Z, decision: approved}\n"
        f"---\n\n{body}"
    )


def blob(path: str, text: str) -> bytes:
    data = text.encode()
    return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"


def commit(index: int, message: str, changes: list[bytes]) -> bytes:
    when = START + 3600 + index * 60  # every commit after the approvals' time
    head = (
        f"commit refs/heads/main\nauthor Bench <bench@example.com> {when} +0000\n"
        f"committer Bench <bench@example.com> {when} +0000\ndata {len(message)}\n{message}\n"
    ).encode()
    return head + b"".join(changes) + b"\n"


def make_history(root: Path, incidents: int, commits: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    ids = [f"PIR-2026-{n:04d}" for n in range(1, incidents + 1)]
    texts = {i: record(int(i[-4:]), 2026, rng) for i in ids}
    first = [blob(f"schemas/{p.name}", p.read_text()) for p in sorted((PROJECT / "schemas").iterdir())]
    for i in ids:
        first.append(blob(f"incidents/2026/{i}/incident.yaml", texts[i]))
        first.append(blob(f"incidents/2026/{i}/postmortem.md", postmortem(i, "j.whitfield")))
    stream = [commit(0, "all incidents", first)]
    for n in range(1, commits):
        target = rng.choice(ids)
        if n % 2:
            texts[target] = texts[target].replace("On-call engineer acknowledges.", f"Acknowledged ({n}).", 1)
            texts[target] = texts[target].replace(f"Acknowledged ({n - 2}).", f"Acknowledged ({n}).", 1)
            change = blob(f"incidents/2026/{target}/incident.yaml", texts[target])
        else:
            reviewers = "j.whitfield, p.haddad" if n % 4 else "j.whitfield"
            change = blob(f"incidents/2026/{target}/postmortem.md", postmortem(target, reviewers))
        stream.append(commit(n, f"edit {target}", [change]))
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)


def touched(text: str, n: int, front_matter: bool) -> str:
    """``text`` with a note comment for edit ``n``: a change that leaves every approval current
    (no root-cause field, no postmortem body), so the history checks must read the versions."""
    note = f"# wording reviewed in edit {n}"
    if re.search(r"^# wording reviewed in edit \d+$", text, re.MULTILINE):
        return re.sub(r"^# wording reviewed in edit \d+$", note, text, count=1, flags=re.MULTILINE)
    if front_matter:  # the last line of the front matter
        end = text.index("\n---", 3)
        return f"{text[:end]}\n{note}{text[end:]}"
    return f"{text.rstrip()}\n{note}\n"


def make_realistic_history(root: Path, incidents: int, commits: int, seed: int = 11) -> None:
    """The example program cloned (benchmarks/realistic.py: one commit per clone, root-cause
    edits after approvals and the new approvals), then edit commits up to ``commits`` in all,
    each touching an incident with an approved postmortem, or that postmortem, after the
    approvals were recorded."""
    make_realistic_repo(root, incidents)
    made = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True).stdout)
    rng = random.Random(seed)
    approved = sorted(
        p.parent
        for p in root.glob("incidents/*/*/postmortem.md")
        if re.search(r"^status: approved$", p.read_text(encoding="utf-8"), re.MULTILINE)
    )
    texts: dict[str, str] = {}
    stream = []
    start = int(RECORDED_AT.timestamp()) + 1
    for n in range(commits - made):
        folder = rng.choice(approved)
        name = "incident.yaml" if n % 2 else "postmortem.md"
        rel = (folder / name).relative_to(root).as_posix()
        text = texts.get(rel) or (folder / name).read_text(encoding="utf-8")
        texts[rel] = touched(text, n, name.endswith(".md"))
        when = start + n  # a second apart: 5,000 commits end before the --as-of
        message = f"edit {folder.name}"
        head = (
            f"commit refs/heads/main\nauthor Bench <bench@example.com> {when} +0000\n"
            f"committer Bench <bench@example.com> {when} +0000\ndata {len(message)}\n{message}\n"
        )
        if n == 0:
            head += "from refs/heads/main^0\n"
        stream.append(head.encode() + blob(rel, texts[rel]) + b"\n")
    if stream:
        subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
        subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)


def run(shape: str, incidents: int, commits: int, tmp: str, label: str) -> None:
    root = Path(tmp) / ("repo" if shape == "simple" else f"repo-{shape}")
    started = time.perf_counter()
    if shape == "simple":
        make_history(root, incidents, commits)
    else:
        make_realistic_history(root, incidents, commits)
    made = time.perf_counter() - started
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True)
    extra = [AS_OF] if shape == "realistic" else []
    out = subprocess.run([sys.executable, "-c", MEASURE, str(root), *extra], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    plain, full = map(float, out.stdout.split())
    watched = len(
        [p for p in root.glob("incidents/*/*/postmortem.md") if "\nstatus: approved\n" in p.read_text()]
    )
    what = (
        "incidents with approved postmortems"
        if shape == "simple"
        else f"incidents ({watched} with approved postmortems)"
    )
    print(
        f"{label}{incidents} {what}, {count.stdout.strip()} commits "
        f"(made in {made:.1f}s): check without history {plain:.2f}s, with history {full:.2f}s; "
        f"history checks {full - plain:.2f}s (target < 2s), x{full / plain:.2f} of a warm check",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument(
        "--keep", metavar="DIR", help="build the repository in DIR and keep it (for profiling)"
    )
    parser.add_argument("--shape", choices=("simple", "realistic", "both"), default="both", help=SHAPE_HELP)
    args = parser.parse_args()
    chosen = shapes(args.shape)
    with tempfile.TemporaryDirectory(prefix="pirsite-history-bench-") as tmp:
        if args.keep:
            tmp = args.keep
        for shape in chosen:
            label = "" if chosen == ("simple",) else f"{shape + ':':<11}"
            run(shape, args.incidents, args.commits, tmp, label)


if __name__ == "__main__":
    main()
