"""Benchmark: how much `pirsite check` costs compared with just parsing the records.

    python benchmarks/check_speed.py [--sizes 1000,10000] [--repeat 3] [--skip-check-jsonschema]

For each size it generates a synthetic repository, then times, each in a fresh
process (so peak memory is per stage): (a) reading the bytes, (b) parsing every
record with PyYAML's C loader, (c) `pirsite check` (the whole pipeline, cold: no parse cache), (d) the
same check again with a warm parse cache, and (e) `check-jsonschema` on the
same files, if installed. It prints seconds (the median of ``--repeat`` runs of
each stage, taken in turns so that a slow spell of the machine hits every stage
alike; check-jsonschema runs once), files per second and the ratios the targets
are stated in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo

READ = """
import sys, time
paths = open(sys.argv[1]).read().split()
t = time.perf_counter()
total = sum(len(open(p, 'rb').read()) for p in paths)
print(time.perf_counter() - t)
"""
PARSE = """
import sys, time, yaml
paths = open(sys.argv[1]).read().split()
t = time.perf_counter()
for p in paths:
    with open(p, 'rb') as f:
        yaml.load(f.read(), Loader=yaml.CSafeLoader)
print(time.perf_counter() - t)
"""
CHECK = """
import sys, time
from pathlib import Path
from pirsite.pipeline import check
t = time.perf_counter()
result = check(Path(sys.argv[2]), use_cache=False)
assert result.errors == 0, result.problems[:3]
print(time.perf_counter() - t)
"""
CHECK_WARM = """
import sys, time
from pathlib import Path
from pirsite.pipeline import check
check(Path(sys.argv[2]))  # fills .pirsite-cache
t = time.perf_counter()
result = check(Path(sys.argv[2]))
assert result.errors == 0, result.problems[:3]
print(time.perf_counter() - t)
"""


def measure(argv: list[str]) -> tuple[float, float, float]:
    """(seconds reported by the stage or wall time, wall seconds, peak RSS MiB) of one process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"stage failed: {' '.join(argv[:3])}...\n{out[-2000:]}\n{err[-2000:]}")
    try:
        seconds = float(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        seconds = wall
    return seconds, wall, usage.ru_maxrss / 1024


def run_size(count: int, workdir: Path, with_cjs: bool, repeat: int) -> None:
    root = workdir / f"repo-{count}"
    print(f"\n== {count:,} synthetic incidents ==", flush=True)
    paths = make_repo(root, count)
    size = sum(p.stat().st_size for p in paths) / count
    listing = workdir / f"paths-{count}.txt"
    listing.write_text("\n".join(str(p) for p in paths))
    py = sys.executable
    rows: list[tuple[str, float, float]] = []
    stages = (
        ("read bytes", READ),
        ("parse (C loader)", PARSE),
        ("pirsite check", CHECK),
        ("check, warm cache", CHECK_WARM),
    )
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in stages}
    for _ in range(repeat):
        for name, script in stages:
            seconds, _wall, rss = measure([py, "-c", script, str(listing), str(root)])
            runs[name].append((seconds, rss))
    for name, measured in runs.items():
        rows.append((name, statistics.median(s for s, _ in measured), max(r for _, r in measured)))
    cjs = shutil.which("check-jsonschema") or str(Path(py).parent / "check-jsonschema")
    if with_cjs and Path(cjs).exists():
        schema = root / "schemas" / "incident.schema.json"
        _s, wall, rss = measure([cjs, "--schemafile", str(schema), *map(str, paths)])
        rows.append(("check-jsonschema", wall, rss))
    print(f"record size: {size:,.0f} bytes on average")
    print(f"{'stage':<20}{'seconds':>10}{'files/s':>12}{'peak MiB':>10}")
    for name, seconds, rss in rows:
        print(f"{name:<20}{seconds:>10.3f}{count / seconds:>12,.0f}{rss:>10.0f}")
    by_name = {name: seconds for name, seconds, _ in rows}
    check = by_name["pirsite check"]
    print(f"check / parse           = {check / by_name['parse (C loader)']:.2f}x  (target <= 1.5x)")
    print(f"warm / cold check       = {by_name['check, warm cache'] / check:.2f}x")
    if "check-jsonschema" in by_name:
        print(f"check-jsonschema / check = {by_name['check-jsonschema'] / check:.1f}x  (target >= 5x)")
    peak = {name: rss for name, _, rss in rows}["pirsite check"]
    print(f"check peak memory       = {peak:.0f} MiB (target < 300 MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated incident counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage (median)")
    parser.add_argument("--skip-check-jsonschema", action="store_true", help="do not run check-jsonschema")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pirsite-bench-") as tmp:
        for count in (int(s) for s in args.sizes.split(",")):
            run_size(count, Path(tmp), not args.skip_check_jsonschema, args.repeat)


if __name__ == "__main__":
    main()
