"""Benchmark: metrics and charts against the check they follow.

    python benchmarks/metrics_speed.py [--sizes 2500,5000,10000] [--repeat 3] [--shape simple|realistic|both]

For each size it generates a synthetic repository (benchmarks/synth.py) and, in
one fresh process that follows the build's order, times: `check` (cold, no parse
cache, no git), computing the metrics (every slice, recurrence included), the
charts, and rendering the trend and report pages.

"charts" is what the charts add to the build's critical path: describing them,
handing them to the `ChartDrawer` worker (which imported matplotlib while check
ran) and waiting for its SVGs after the pages rendered. "charts here" is the
same six charts drawn in this process with matplotlib already imported (the
worker-less fallback); add about 0.5 s for the import itself.

Each size runs ``--repeat`` times, each in a fresh process; it prints the median
of every stage, the share of metrics + charts in the check's time (the median
of the runs' shares, with their range: this machine's timings vary by about
20% between runs; target: under 10% at 10,000 incidents), and how each stage
grows with the number of incidents (1.0 = linear).

Shapes (``--shape``, default both, one line per shape for each size): "simple" is
benchmarks/synth.py's records (2020-2021, "now" 2021-06-30); "realistic" is the
example program cloned with renumbered ids (benchmarks/realistic.py, without git,
"now" AS_OF): every status, severity and domain, postmortems, notifications and
problems, so the metrics have every slice to fill.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic import SHAPE_HELP, make_realistic_repo, shapes
from synth import make_repo

AS_OF = "2026-11-23T12:00:00Z"  # the realistic records' "now"

STAGES = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from pirsite.site.drawing import ChartDrawer
drawer = ChartDrawer()  # as the build does: its worker imports matplotlib while check runs
worker = drawer.in_worker
t0 = time.perf_counter()
from pirsite.pipeline import check  # each stage's imports are timed with it
now = datetime.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else datetime(2021, 6, 30, tzinfo=UTC)
result = check(Path(sys.argv[1]), now=now, use_cache=False, git_history=False)
assert result.errors == 0, result.problems[:3]
t1 = time.perf_counter()
from pirsite.metrics import compute
from pirsite.collector import collector_paused
from pirsite.metrics.recurrence import find_recurrences
metrics = compute(result.incidents, result.postmortems, result.policy, now=now)
t2 = time.perf_counter()
with collector_paused():  # as inside compute()
    find_recurrences(result.incidents, result.policy.recurrence_window)
t3 = time.perf_counter()
from pirsite.site.pages import _shared, names
from pirsite.site.trends import charts, report_pages, reports, trend_pages
found = charts(metrics, result.policy, names(result.policy)["root_cause"])
drawn = drawer.draw(found.values())
t4 = time.perf_counter()
from pirsite.site.templates import environment, renderer
shared = _shared(result.policy, names(result.policy), now, "internal", 0)
render = renderer(environment(None, Path(sys.argv[1])), shared)
by_quarter = reports(metrics)
pages = trend_pages(render, metrics, found, by_quarter) + report_pages(render, metrics, by_quarter)
t5 = time.perf_counter()
svgs = drawn()  # the build collects the charts after rendering its pages
t6 = time.perf_counter()
assert {name for name, _ in svgs} >= {f"{slug}.svg" for slug in found}  # and the dark variants
drawer.close()
from pirsite.site.drawing import _draw_all
t7 = time.perf_counter()
_draw_all(list(found.values()))  # the same charts drawn in this process, for comparison
t8 = time.perf_counter()
print(json.dumps({"check": t1 - t0, "metrics": t2 - t1, "recurrence": t3 - t2,
                  "charts": (t4 - t3) + (t6 - t5), "pages": t5 - t4, "worker": worker,
                  "charts_here": (t4 - t3) + (t8 - t7), "recurrences": metrics.overall.recurrences}))
"""


def run_size(count: int, workdir: Path, repeat: int, shape: str = "simple") -> dict[str, float]:
    """Median of each stage over ``repeat`` fresh processes, plus the share's median and range."""
    root = workdir / f"repo-{shape}-{count}"
    if shape == "simple":
        make_repo(root, count)
    else:
        make_realistic_repo(root, count, git=False)  # the check here reads no git history
    extra = [AS_OF] if shape == "realistic" else []
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", STAGES, str(root), *extra], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    shares = [(r["metrics"] + r["charts"]) / r["check"] for r in runs]
    result = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key != "worker"}
    result.update(worker=all(r["worker"] for r in runs), share=statistics.median(shares))
    result.update(share_low=min(shares), share_high=max(shares))
    shutil.rmtree(root)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="2500,5000,10000")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per size (median)")
    parser.add_argument("--shape", choices=("simple", "realistic", "both"), default="both", help=SHAPE_HELP)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    chosen = shapes(args.shape)
    labels = {shape: "" if chosen == ("simple",) else f"{shape + ':':<11}" for shape in chosen}
    results: dict[tuple[str, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="pirsite-bench-") as tmp:
        for count in sizes:
            for shape in chosen:
                results[shape, count] = r = run_size(count, Path(tmp), args.repeat, shape)
                print(
                    f"{labels[shape]}{count:>6} incidents: check {r['check']:6.2f} s | "
                    f"metrics {r['metrics']:5.3f} s "
                    f"(recurrence alone {r['recurrence']:5.3f} s, {int(r['recurrences'])} recurrences) | "
                    f"charts {r['charts']:5.3f} s{'' if r['worker'] else ' (no worker!)'} "
                    f"(here {r['charts_here']:5.3f} s) | pages {r['pages']:5.3f} s | "
                    f"metrics + charts = {r['share']:.1%} of check "
                    f"(runs: {r['share_low']:.1%}..{r['share_high']:.1%})",
                    flush=True,
                )
    for shape in chosen:
        label = labels[shape]
        if len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            factor = large / small
            print(
                f"\n{label}growth from {small} to {large} incidents (x{factor:g}); 1.00 of linear is linear:"
            )
            for stage in ("check", "metrics", "recurrence"):
                ratio = results[shape, large][stage] / results[shape, small][stage]
                print(f"  {stage:<10} x{ratio:5.2f}  -> {ratio / factor:4.2f} of linear")
    print()
    for shape in chosen:
        last = results[shape, sizes[-1]]
        target = "met" if last["share"] < 0.10 else "NOT met"
        print(
            f"{labels[shape]}target (metrics + charts under 10% of check at {sizes[-1]} incidents, "
            f"median of {args.repeat} runs): {target}"
        )


if __name__ == "__main__":
    main()
