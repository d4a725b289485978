"""Hostile inputs are refused quickly and with bounded memory.

A "billion laughs" alias bomb would take minutes and gigabytes if anything expanded
it; an 80 MiB record would cost 80 MiB and more if anything read it whole. Each case runs
`python -m pirsite check` in a child process twice in the same test: once on the same
repository with a small valid record (the baseline) and once with the hostile file.
The child's peak RSS (``os.wait4`` -> ``ru_maxrss``) and wall time must stay within
a margin of the baseline: generous for slow CI machines, far below what expansion
or a full read would cost.

On Linux a child's ``ru_maxrss`` starts from its parent's peak RSS (the counter
survives fork/vfork and exec), so the child is started by a small launcher
process rather than by pytest, whose own peak would hide the child's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import AS_OF, BASE, POSTMORTEM, PRIVACY, RECORD_PATH, Repo
from pirsite.sources import MAX_FILE_BYTES

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="os.wait4's ru_maxrss is KiB on Linux")

RSS_MARGIN_MIB = 50
TIME_MARGIN_S = 5.0
# Safety nets for when a limit is broken: expansion would run for minutes and take GBs
# (3.4 GiB in 40 s without the alias check), so the child is killed after TIMEOUT_S and
# its address space is capped (check itself needs under 300 MiB of it).
TIMEOUT_S = 60
ADDRESS_SPACE_CAP = 2 << 30
# Over the margin by far, so that even reading the raw bytes whole (without decoding
# them) breaks it: with 50 MiB files that regression lands within 1 MiB of the margin.
HUGE = (RSS_MARGIN_MIB + 30) << 20
CHUNK = 1 << 20
PRIVACY_PATH = "incidents/2026/PIR-2026-0002/incident.yaml"
POSTMORTEM_PATH = "incidents/2026/PIR-2026-0002/postmortem.md"
ALIAS_HINT = (
    "(write the value out in full; anchors and aliases hide what a record says and can expand without bound)"
)
TOO_LARGE = (
    f"1:1: error too-large: the file is larger than {MAX_FILE_BYTES // 1024} KiB "
    "(records hold facts, not attachments; move large content to evidence/ or summarise it)"
)

# Runs in its own small process: starts pirsite, waits for it with os.wait4, reports.
LAUNCHER = """
import json, os, resource, subprocess, sys, threading, time
timeout, cap, sink_path, argv = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
hard = resource.getrlimit(resource.RLIMIT_AS)[1]
cap = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
resource.setrlimit(resource.RLIMIT_AS, (cap, hard))  # inherited by the child
with open(sink_path, "wb") as sink:
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    timer = threading.Timer(timeout, child.kill)
    timer.start()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    timed_out = not timer.is_alive()
    timer.cancel()
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "kib": usage.ru_maxrss,
                  "seconds": seconds, "timed_out": timed_out}))
"""


@dataclass(frozen=True)
class Run:
    code: int
    output: str  # stdout and stderr, interleaved
    peak_mib: float
    seconds: float

    @property
    def problems(self) -> list[str]:
        """The problem lines, without the summary and notes."""
        return [
            line for line in self.output.splitlines() if line and not line.startswith(("checked ", "note: "))
        ]


def run_check(root: Path) -> Run:
    """`python -m pirsite --root <root> check` in a fresh process: exit code, output,
    peak RSS in MiB (ru_maxrss is KiB on Linux) and wall seconds."""
    argv = [sys.executable, "-m", "pirsite", "--root", str(root), "check", "--as-of", AS_OF, "--no-cache"]
    sink = root.parent / f"{root.name}-check-output.txt"
    launcher = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(TIMEOUT_S), str(ADDRESS_SPACE_CAP), str(sink), *argv],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S + 30,
        check=True,
    )
    report = json.loads(launcher.stdout)
    output = sink.read_text(encoding="utf-8", errors="replace")
    sink.unlink()
    assert not report["timed_out"], f"pirsite check was killed after {TIMEOUT_S}s"
    return Run(report["code"], output, report["kib"] / 1024, report["seconds"])


def assert_bounded(hostile: Run, baseline: Run) -> None:
    assert baseline.code == 0, baseline.output
    assert "Traceback" not in hostile.output, hostile.output[-3000:]
    assert hostile.peak_mib < baseline.peak_mib + RSS_MARGIN_MIB, (hostile.peak_mib, baseline.peak_mib)
    assert hostile.seconds < baseline.seconds + TIME_MARGIN_S, (hostile.seconds, baseline.seconds)


def laughs(levels: int, key: str = "k") -> str:
    """A billion-laughs document: each level is a list of 9 aliases of the level below."""
    lines = [f"{key}0: &{key}0 [{', '.join(['lol'] * 9)}]"]
    lines += [f"{key}{i}: &{key}{i} [{', '.join([f'*{key}{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def write_huge(path: Path, head: str, line: str, *, size: int = HUGE) -> None:
    """``head`` then ``line`` repeated up to ``size`` bytes, written a chunk at a time
    (so the test process never holds the file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    unit = line.encode()
    chunk = unit * max(1, CHUNK // len(unit))
    with path.open("wb") as handle:
        handle.write(head.encode())
        while handle.tell() + len(chunk) <= size:
            handle.write(chunk)
        handle.write(unit * ((size - handle.tell()) // len(unit) + 1))
    assert path.stat().st_size > size > MAX_FILE_BYTES


# -- alias bombs ---------------------------------------------------------------------------


def test_billion_laughs_record_is_refused_without_expanding(repo: Repo) -> None:
    repo.record(BASE)
    baseline = run_check(repo.root)
    repo.record(laughs(9))  # 9 ** 9 = 387,420,489 "lol"s once expanded
    bomb = run_check(repo.root)
    assert bomb.code == 1, bomb.output
    problems = bomb.problems
    assert problems[:2] == [
        f"{RECORD_PATH}:1:5: error yaml-alias: anchor `&k0` is not allowed in records {ALIAS_HINT}",
        f"{RECORD_PATH}:2:5: error yaml-alias: anchor `&k1` is not allowed in records {ALIAS_HINT}",
    ]
    assert (
        f"{RECORD_PATH}:2:10: error yaml-alias: alias `*k0` is not allowed in records {ALIAS_HINT}"
        in problems
    )
    assert len(problems) == 10 + 9 * 9  # every anchor and every alias, nothing else
    assert all(" error yaml-alias: " in line for line in problems)
    assert_bounded(bomb, baseline)


def test_deeper_alias_bomb_in_postmortem_front_matter_is_refused(repo: Repo) -> None:
    repo.record(PRIVACY, PRIVACY_PATH)
    repo.write(POSTMORTEM_PATH, POSTMORTEM)
    baseline = run_check(repo.root)
    front = "incident: PIR-2026-0002\nstatus: draft\n" + laughs(30, "lol")  # 9 ** 30 ~ 4e28
    repo.write(POSTMORTEM_PATH, f"---\n{front}---\n\n## Summary\ns\n")
    bomb = run_check(repo.root)
    assert bomb.code == 1, bomb.output
    problems = bomb.problems
    # the front matter starts on line 2 of the file: lines count from the file's start
    assert problems[0] == (
        f"{POSTMORTEM_PATH}:4:7: error yaml-alias: anchor `&lol0` is not allowed in records {ALIAS_HINT}"
    )
    assert problems[-1] == (
        f"{POSTMORTEM_PATH}:34:{len('lol30: &lol30 [') + 8 * len('*lol29, ') + 1}: error yaml-alias: "
        f"alias `*lol29` is not allowed in records {ALIAS_HINT}"
    )
    assert len(problems) == 31 + 30 * 9
    assert all(" error yaml-alias: " in line for line in problems)
    assert_bounded(bomb, baseline)


# -- oversized files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(
            "  The cache node failed and search requests slowed down for everyone.\n", id="many-lines"
        ),
        pytest.param("x", id="one-line"),
    ],
)
def test_80_mib_record_is_refused_without_reading_it(repo: Repo, line: str) -> None:
    repo.record(BASE)
    baseline = run_check(repo.root)
    header = BASE.split("summary:")[0]
    head = header + ("summary: |\n" if line.endswith("\n") else "summary: ")
    write_huge(repo.root / RECORD_PATH, head, line)
    huge = run_check(repo.root)
    (repo.root / RECORD_PATH).unlink()
    assert (huge.code, huge.problems) == (1, [f"{RECORD_PATH}:{TOO_LARGE}"]), huge.output[-3000:]
    assert_bounded(huge, baseline)


def test_80_mib_postmortem_is_refused_without_reading_it(repo: Repo) -> None:
    repo.record(PRIVACY, PRIVACY_PATH)
    repo.write(POSTMORTEM_PATH, POSTMORTEM)
    baseline = run_check(repo.root)
    write_huge(repo.root / POSTMORTEM_PATH, POSTMORTEM, "The failover runbook was followed step by step.\n")
    huge = run_check(repo.root)
    (repo.root / POSTMORTEM_PATH).unlink()
    assert (huge.code, huge.problems) == (1, [f"{POSTMORTEM_PATH}:{TOO_LARGE}"]), huge.output[-3000:]
    assert_bounded(huge, baseline)


# -- many findings -------------------------------------------------------------------------
# Each finding is located in its file (a line for a schema problem, a field for a scanner
# finding). That must cost a bounded amount per finding: when each lookup scanned its
# mapping or list, a record with 10,000 findings took minutes. Counted, not timed: every
# entry of a composed mapping or list that anything iterates over is one visit.

FINDING_ENTRY = (
    "  - {at: 2026-03-02T10:31:00Z, type: action, description: Mail from user%d@mail-host.de answered.}\n"
)


def many_findings(count: int) -> str:
    """BASE with ``count`` timeline entries that each hold an email address (a personal-data
    finding) and ``count`` unknown top-level fields (a schema problem each)."""
    entries = "".join(FINDING_ENTRY % i for i in range(count))
    fields = "".join(f"extra_{i}: value\n" for i in range(count))
    return BASE.replace("action_items:", entries + "action_items:") + fields


def visits_to_check(repo: Repo, count: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list]:
    """(entries of composed collections iterated, problems) of checking many_findings(count)."""
    import yaml
    from yaml.nodes import CollectionNode

    from pirsite.pipeline import check

    visits = [0]

    class Counted(list):
        def __iter__(self):
            for item in super().__iter__():
                visits[0] += 1
                yield item

    compose = yaml.compose

    def counted_compose(*args, **kwargs):
        root = compose(*args, **kwargs)
        todo = [root] if isinstance(root, CollectionNode) else []
        while todo:
            node = todo.pop()
            node.value = Counted(node.value)
            for entry in list.__iter__(node.value):
                for child in entry if isinstance(entry, tuple) else (entry,):
                    if isinstance(child, CollectionNode):
                        todo.append(child)
        return root

    repo.record(many_findings(count))
    with monkeypatch.context() as patched:
        patched.setattr(yaml, "compose", counted_compose)
        result = check(repo.root, use_cache=False, git_history=False)
    return visits[0], result.problems


def test_locating_findings_costs_the_same_for_each_finding(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, _ = visits_to_check(repo, 1000, monkeypatch)
    large, problems = visits_to_check(repo, 2000, monkeypatch)
    # twice the findings, twice the visits (a lookup that scans its mapping makes it 4x)
    assert large < 2.2 * small, (small, large)
    emails = [p for p in problems if p.code == "pii-email"]
    unknown = [p for p in problems if p.code == "unknown-field"]
    assert (len(emails), len(unknown)) == (2000, 2000)
    first_entry = BASE.split("action_items:")[0].count("\n") + 1  # after BASE's two entries
    column = FINDING_ENTRY.index("user") + 1
    assert [(p.line, p.column, p.field) for p in (emails[0], emails[-1])] == [
        (first_entry, column, ("timeline", 2, "description")),
        (first_entry + 1999, column, ("timeline", 2001, "description")),
    ]
    first_field = first_entry + 2000 + BASE.split("action_items:")[1].count("\n")
    assert [(p.line, p.column, p.field) for p in (unknown[0], unknown[-1])] == [
        (first_field, 1, ("extra_0",)),
        (first_field + 1999, 1, ("extra_1999",)),
    ]
