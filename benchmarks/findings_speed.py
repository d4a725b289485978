"""Benchmark: `pirsite check` on one record full of findings, against parsing it.

    python benchmarks/findings_speed.py [--size 900000] [--repeat 3]

Every finding is located in its file: a schema problem gets a line, a scanner finding
the field it is in. Each lookup must cost the same however many there are (indexed
once per file, not a scan per finding: that was quadratic, 65 s for 20,000 findings).
This builds a temporary repository (the project's schemas) with one record of about
``--size`` bytes (the default stays under the 1 MiB file limit) in two variants:

- emails: a synthetic record (benchmarks/synth.py) with thousands of extra timeline
  entries, each with an email address in its description (a personal-data finding each);
- unknown fields: the same record followed by thousands of fields the schema does not
  know (an unknown-field problem each, with its "did you mean" search).

For each it times, in a fresh process each and in turns (the median of ``--repeat`` runs):
(a) parsing the record with PyYAML's C loader, the baseline; (b) scanning its text
(`scan_text`, part of check); (c) the checking code `pirsite check` runs (the whole
pipeline, cold: no parse cache, no git history), asserting every finding is reported.
It prints seconds, findings per second and check / parse (target: check under 2 s).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import PROJECT, record

RECORD = "incidents/2026/PIR-2026-0001/incident.yaml"
ENTRY = "  - {{at: {at}, type: action, description: Mail from user{i}@mail-host.de answered.}}\n"
FIELD = "extra_{i:05d}: Notes pasted from the ticket that belong to no field of this record.\n"

PARSE = """
import sys, time, yaml
text = open(sys.argv[1], encoding='utf-8').read()
t = time.perf_counter()
yaml.load(text, Loader=yaml.CSafeLoader)
print(time.perf_counter() - t)
"""
SCAN = """
import sys, time
from pathlib import Path
from pirsite.pipeline import load_config
from pirsite.scan import scan_text
settings = load_config(Path(sys.argv[2])).policy.scanning
text = open(sys.argv[1], encoding='utf-8').read()
t = time.perf_counter()
scan_text(text, settings)
print(time.perf_counter() - t)
"""
CHECK = """
import sys, time
from pathlib import Path
from pirsite.pipeline import check
t = time.perf_counter()
result = check(Path(sys.argv[2]), use_cache=False, git_history=False)
seconds = time.perf_counter() - t
found = sum(1 for p in result.problems if p.code == sys.argv[3])
assert found == int(sys.argv[4]) and result.errors == found, (found, result.problems[:3])
assert all(p.line > 0 and (p.field or p.code != 'pii-email') for p in result.problems)
print(seconds)
"""


def make_record(root: Path, variant: str, size: int) -> tuple[str, int]:
    """Writes the record; returns (the code of its findings, how many)."""
    base = record(1, 2026, random.Random(7))
    resolved = re.search(r"^resolved_at: (\S+)$", base, re.MULTILINE)
    assert resolved, base  # the extra entries come last in the timeline: in order
    unit = ENTRY if variant == "emails" else FIELD
    count = (size - len(base)) // len(unit.format(i=10_000, at=resolved[1]))
    extra = "".join(unit.format(i=i, at=resolved[1]) for i in range(count))
    text = base.replace("action_items:", extra + "action_items:") if variant == "emails" else base + extra
    path = root / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return ("pii-email" if variant == "emails" else "unknown-field"), count


def measure(argv: list[str]) -> float:
    """Seconds reported by one stage, run in a fresh process."""
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        output = f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        raise SystemExit(f"stage failed: {' '.join(argv[:3])}...\n{output}")
    return float(proc.stdout.strip().splitlines()[-1])


def run_variant(variant: str, workdir: Path, size: int, repeat: int) -> float:
    root = workdir / variant
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    code, count = make_record(root, variant, size)
    path = root / RECORD
    size = path.stat().st_size
    print(f"\n== {variant}: one record of {size:,} bytes, {count:,} {code} findings ==", flush=True)
    py = sys.executable
    stages = (("parse (C loader)", PARSE), ("scan text", SCAN), ("pirsite check", CHECK))
    runs: dict[str, list[float]] = {name: [] for name, _ in stages}
    for _ in range(repeat):
        for name, script in stages:
            runs[name].append(measure([py, "-c", script, str(path), str(root), code, str(count)]))
    print(f"{'stage':<20}{'seconds':>10}{'findings/s':>14}")
    medians = {name: statistics.median(seconds) for name, seconds in runs.items()}
    for name, seconds in medians.items():
        print(f"{name:<20}{seconds:>10.3f}{count / seconds:>14,.0f}")
    check = medians["pirsite check"]
    print(f"check / parse       = {check / medians['parse (C loader)']:.1f}x")
    print(f"check               = {check:.2f} s  (target < 2 s)")
    return check


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=900_000, help="bytes of the record (about)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pirsite-findings-bench-") as tmp:
        for variant in ("emails", "unknown fields"):
            run_variant(variant, Path(tmp), args.size, args.repeat)


if __name__ == "__main__":
    main()
