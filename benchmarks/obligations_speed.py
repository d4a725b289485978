"""Benchmark: a cold `pirsite check` of the example program, now and at a baseline commit.

    python benchmarks/obligations_speed.py [--baseline REF] [--repeat 9]

The notification engine (issue 15: a rule library of 28 rules with 88 duties, three-valued
facts, calendars) must not make the check of the example program more than 10% slower than
the engine it replaced. The baseline is a git worktree of ``REF`` (default: the last commit
before the engine) checking *its own* example program, so each side runs the corpus it was
written for. Each run is a fresh process with no parse cache, taken in turns so a slow spell of
the machine hits both alike; the median is reported, with the ratio against the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "82b7e97"  # before pirsite.obligations held rules, facts and duties
TARGET = 1.10
RUN = """
import sys, time
from pathlib import Path
from datetime import datetime, timezone
t = time.perf_counter()
from pirsite.pipeline import check
now = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
result = check(Path(sys.argv[1]), now=now, use_cache=False, git_history=False)
print(time.perf_counter() - t, len(result.incidents), len(result.problems))
"""


def run(src: Path, root: Path) -> tuple[float, int, int]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(root)], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="git ref to compare with")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), args.baseline],
            check=True,
            capture_output=True,
        )
        try:
            sides = {"baseline": (worktree / "src", worktree), "now": (ROOT / "src", ROOT)}
            times: dict[str, list[float]] = {name: [] for name in sides}
            sizes: dict[str, tuple[int, int]] = {}
            started = time.perf_counter()
            for _ in range(args.repeat):
                for name, (src, root) in sides.items():
                    seconds, incidents, problems = run(src, root)
                    times[name].append(seconds)
                    sizes[name] = (incidents, problems)
        finally:
            remove = ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)]
            subprocess.run(remove, check=False)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        incidents, problems = sizes[name]
        print(f"{name:9} {median * 1000:7.1f} ms  ({incidents} incidents, {problems} findings)")
    ratio = medians["now"] / medians["baseline"]
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"ratio now/baseline: {ratio:.3f} (target <= {TARGET:.2f}: {verdict}); {args.repeat} runs each")
    print(f"took {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
