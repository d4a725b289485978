"""Benchmark: how much `pirsite check` costs compared with just parsing the records.

    python benchmarks/check_speed.py [--sizes 1000,10000] [--repeat 3] [--skip-check-jsonschema]
                                     [--shape simple|realistic|both]

For each size it generates a synthetic repository, then times, each in a fresh
process (so peak memory is per stage): (a) reading the bytes, (b) parsing every
record with PyYAML's C loader, (c) `pirsite check` (the whole pipeline, cold: no parse cache), (d) the
same check again with a warm parse cache, and (e) `check-jsonschema` on the
same files, if installed. It prints seconds (the median of ``--repeat`` runs of
each stage, taken in turns so that a slow spell of the machine hits every stage
alike; check-jsonschema runs once), files per second, peak memory (the largest of
the runs) and the ratios the targets are stated in.

After the tables of every size, a "targets (issue 18)" block per shape gives each
target of issue 18 with its measured value and whether it is met: at the largest
size the shape ran at, cold check / C-loader parse (target <= 1.5x), warm / cold
check (<= 0.3x) and the peak memory of the two check stages, the larger of cold and
warm (< 400 MiB); and growth of the cold check from the smallest to the largest
size, (time ratio) / (size ratio), against linear (<= 1.2x; it needs two sizes).
Issue 18 states them at 10,000 realistic incidents, so only a realistic run at
10,000 (with 1,000 for growth) checks them as stated. A value is met or not as
printed (rounded).

Shapes (``--shape``, default both; the figures of both side by side where both run
at a size): "simple" is benchmarks/synth.py's resolved sev3/sev4 records, no
postmortem, no git. "realistic" is the example program cloned with renumbered ids
(benchmarks/realistic.py): every status and severity, postmortems with approvals,
privacy blocks and notifications, problem records and the hand-written docs/ (which
the check scans), committed to git with root-cause edits after approvals, so the
check also runs the history checks, as in a real program; its records' "now" is
AS_OF. For it, (a) and (b) read every record file (incidents, postmortems' front
matter, problems; files/s counts those files) and check-jsonschema validates the
incidents only (it cannot read a postmortem's front matter), which flatters
check-jsonschema's ratio.

Default sizes: 1,000 and 10,000 simple, 1,000 and 5,000 realistic. A realistic run
at 10,000 takes about 6 minutes on this 2-core machine with --repeat 3 (3m42s with
--repeat 1: check-jsonschema alone takes 140 s); ask for it with --sizes.
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic import SHAPE_HELP, make_realistic_repo, record_files, shapes
from synth import make_repo

AS_OF = "2026-11-23T12:00:00Z"  # the realistic records' "now" (the simple ones use the clock)
SIZES = {"simple": "1000,10000", "realistic": "1000,5000"}
SHAPE_TITLES = {"simple": "simple (synthetic)", "realistic": "realistic (example program cloned)"}
# Issue 18's targets (stated at 10,000 realistic incidents).
TARGET_CHECK_PARSE = 1.5  # cold check / C-loader parse, at most
TARGET_WARM_COLD = 0.3  # warm check / cold check, at most
TARGET_PEAK_MIB = 400  # peak memory of the check stages, under
TARGET_GROWTH = 1.2  # (time ratio) / (size ratio) of the cold check, at most

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
        data = f.read()
    if p.endswith('.md'):  # a postmortem: its YAML front matter
        data = data.split(b'\\n---', 1)[0]
    yaml.load(data, Loader=yaml.CSafeLoader)
print(time.perf_counter() - t)
"""
CHECK = """
import sys, time
from datetime import datetime
from pathlib import Path
from pirsite.pipeline import check
now = datetime.fromisoformat(sys.argv[3]) if len(sys.argv) > 3 else None
t = time.perf_counter()
result = check(Path(sys.argv[2]), now=now, use_cache=False)
assert result.errors == 0, result.problems[:3]
print(time.perf_counter() - t)
"""
CHECK_WARM = """
import sys, time
from datetime import datetime
from pathlib import Path
from pirsite.pipeline import check
now = datetime.fromisoformat(sys.argv[3]) if len(sys.argv) > 3 else None
check(Path(sys.argv[2]), now=now)  # fills .pirsite-cache
t = time.perf_counter()
result = check(Path(sys.argv[2]), now=now)
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


def make(shape: str, root: Path, count: int) -> tuple[list[Path], list[Path], float]:
    """(incident files, every record file, seconds to generate) of a new repository."""
    started = time.perf_counter()
    if shape == "simple":
        paths = make_repo(root, count)
        return paths, paths, time.perf_counter() - started
    paths = make_realistic_repo(root, count)  # in git: the check reads its history, as in a real program
    return paths, record_files(root), time.perf_counter() - started


Figures = dict[str, tuple[float, float]]  # stage -> (median seconds, peak RSS MiB)


def run_size(
    count: int, workdir: Path, with_cjs: bool, repeat: int, shape_names: tuple[str, ...]
) -> dict[str, Figures]:
    """Run and print every stage at one size; the figures of each shape."""
    if shape_names == ("simple",):
        print(f"\n== {count:,} synthetic incidents ==", flush=True)
    else:
        named = " | ".join(SHAPE_TITLES[s] for s in shape_names)
        print(f"\n== {count:,} incidents: {named} ==", flush=True)
    py = sys.executable
    stages = (
        ("read bytes", READ),
        ("parse (C loader)", PARSE),
        ("pirsite check", CHECK),
        ("check, warm cache", CHECK_WARM),
    )
    made = {}
    for shape in shape_names:
        root = workdir / f"repo-{shape}-{count}"
        paths, files, seconds = make(shape, root, count)
        listing = workdir / f"paths-{shape}-{count}.txt"
        listing.write_text("\n".join(str(p) for p in files))
        made[shape] = (root, paths, files, listing, seconds)
    runs: dict[tuple[str, str], list[tuple[float, float]]] = {
        (shape, name): [] for shape in shape_names for name, _ in stages
    }
    for _ in range(repeat):  # in turns: a slow spell of the machine hits every stage and shape alike
        for name, script in stages:
            for shape in shape_names:
                root, _paths, _files, listing, _s = made[shape]
                extra = [AS_OF] if shape == "realistic" else []
                seconds, _wall, rss = measure([py, "-c", script, str(listing), str(root), *extra])
                runs[shape, name].append((seconds, rss))
    rows: dict[str, list[tuple[str, float, float]]] = {shape: [] for shape in shape_names}
    for (shape, name), measured in runs.items():
        rows[shape].append((name, statistics.median(s for s, _ in measured), max(r for _, r in measured)))
    cjs = shutil.which("check-jsonschema") or str(Path(py).parent / "check-jsonschema")
    if with_cjs and Path(cjs).exists():
        for shape in shape_names:
            root, paths, *_ = made[shape]
            schema = root / "schemas" / "incident.schema.json"
            _s, wall, rss = measure([cjs, "--schemafile", str(schema), *map(str, paths)])
            rows[shape].append(("check-jsonschema", wall, rss))
    for shape in shape_names:
        root, paths, files, _listing, seconds = made[shape]
        size = sum(p.stat().st_size for p in paths) / count
        line = f"record size: {size:,.0f} bytes on average"
        if shape == "realistic":
            postmortems = sum(1 for f in files if f.name == "postmortem.md")
            line = (
                f"{shape}: {line} ({len(files):,} record files: {count:,} incidents, {postmortems:,} "
                f"postmortems, {len(files) - count - postmortems:,} problems; generated in {seconds:.1f}s)"
            )
        elif len(shape_names) > 1:
            line = f"{shape}: {line} (generated in {seconds:.1f}s)"
        print(line)
    group = f"{'seconds':>10}{'files/s':>12}{'peak MiB':>10}"
    if len(shape_names) > 1:
        print(f"{'':<20}" + " | ".join(f"{shape:>{len(group)}}" for shape in shape_names))
    print(f"{'stage':<20}" + " | ".join(group for _ in shape_names))
    by_name = {shape: {name: (seconds, rss) for name, seconds, rss in rows[shape]} for shape in shape_names}
    for name, *_ in rows[shape_names[0]]:
        cells = []
        for shape in shape_names:
            files = count if name == "check-jsonschema" else len(made[shape][2])  # it reads incidents only
            seconds, rss = by_name[shape].get(name, (None, None))
            blank = f"{'-':>10}{'-':>12}{'-':>10}"
            cells.append(
                blank if seconds is None else f"{seconds:>10.3f}{files / seconds:>12,.0f}{rss:>10.0f}"
            )
        print(f"{name:<20}" + " | ".join(cells))

    def ratio(label: str, value: Callable[[dict[str, tuple[float, float]]], str], target: str = "") -> None:
        figures = " | ".join(value(by_name[shape]) for shape in shape_names)
        print(f"{label:<24}= {figures}{target}")

    ratio(
        "check / parse",
        lambda b: f"{b['pirsite check'][0] / b['parse (C loader)'][0]:.2f}x",
        "  (target <= 1.5x)",
    )
    ratio(
        "warm / cold check",
        lambda b: f"{b['check, warm cache'][0] / b['pirsite check'][0]:.2f}x",
        f"  (target <= {TARGET_WARM_COLD}x)",
    )
    if all("check-jsonschema" in by_name[shape] for shape in shape_names):
        print(
            "check-jsonschema / check = "
            + " | ".join(
                f"{by_name[s]['check-jsonschema'][0] / by_name[s]['pirsite check'][0]:.1f}x"
                for s in shape_names
            )
            + "  (target >= 5x)"
        )
    ratio(
        "check peak memory",
        lambda b: f"{b['pirsite check'][1]:.0f} MiB",
        f" (target < {TARGET_PEAK_MIB} MiB)",
    )
    return by_name


def verdict(value: float, limit: float, under: bool = False) -> str:
    """Whether a value, as printed, meets a target: at most ``limit``, or under it."""
    return "met" if (value < limit if under else value <= limit) else "not met"


def print_targets(shape: str, measured: dict[int, Figures]) -> None:
    """Issue 18's targets for one shape: at its largest size, and growth from its smallest."""
    large = max(measured)
    at = measured[large]
    cold, parse, warm = at["pirsite check"], at["parse (C loader)"], at["check, warm cache"]
    print(f"\ntargets (issue 18, stated at 10,000 realistic incidents): {shape}, at {large:,} incidents")

    def line(label: str, value: str, note: str) -> None:
        print(f"  {label:<34}{value:>10}  ({note})")

    check_parse = round(cold[0] / parse[0], 2)
    line(
        "cold check / C-loader parse",
        f"{check_parse:.2f}x",
        f"target <= {TARGET_CHECK_PARSE}x: {verdict(check_parse, TARGET_CHECK_PARSE)}",
    )
    warm_cold = round(warm[0] / cold[0], 2)
    line(
        "warm / cold check",
        f"{warm_cold:.2f}x",
        f"target <= {TARGET_WARM_COLD}x: {verdict(warm_cold, TARGET_WARM_COLD)}",
    )
    peak = round(max(cold[1], warm[1]))
    line(
        "peak memory, check stages",
        f"{peak} MiB",
        f"cold {cold[1]:.0f}, warm {warm[1]:.0f}; "
        f"target < {TARGET_PEAK_MIB} MiB: {verdict(peak, TARGET_PEAK_MIB, under=True)}",
    )
    small = min(measured)
    if small == large:
        line("cold check growth vs linear", "-", f"needs two sizes; target <= {TARGET_GROWTH}x")
        return
    before, after = measured[small]["pirsite check"][0], measured[large]["pirsite check"][0]
    growth = round((after / before) / (large / small), 2)
    line(
        f"growth {small:,} -> {large:,} vs linear",
        f"{growth:.2f}x",
        f"cold check {before:.2f} s -> {after:.2f} s, {after / before:.1f}x for {large / small:.1f}x "
        f"the incidents; target <= {TARGET_GROWTH}x: {verdict(growth, TARGET_GROWTH)}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        help="comma-separated incident counts (default: "
        f"{SIZES['simple']} simple, {SIZES['realistic']} realistic)",
    )
    parser.add_argument("--shape", choices=("simple", "realistic", "both"), default="both", help=SHAPE_HELP)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage (median)")
    parser.add_argument("--skip-check-jsonschema", action="store_true", help="do not run check-jsonschema")
    args = parser.parse_args()
    chosen = shapes(args.shape)
    sizes = {shape: {int(n) for n in (args.sizes or SIZES[shape]).split(",")} for shape in chosen}
    measured: dict[str, dict[int, Figures]] = {shape: {} for shape in chosen}
    with tempfile.TemporaryDirectory(prefix="pirsite-bench-") as tmp:
        for count in sorted(set().union(*sizes.values())):
            these = tuple(shape for shape in chosen if count in sizes[shape])
            figures = run_size(count, Path(tmp), not args.skip_check_jsonschema, args.repeat, these)
            for shape in these:  # two 10,000-incident programs need not share the disk
                measured[shape][count] = figures[shape]
                shutil.rmtree(Path(tmp) / f"repo-{shape}-{count}")
    for shape in chosen:
        print_targets(shape, measured[shape])


if __name__ == "__main__":
    main()
