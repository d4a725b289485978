"""Benchmark: how big the built site's pages and search index are (issue 18, "bounded pages").

    python benchmarks/page_sizes.py [--sizes 1000,10000] [--keep DIR]

For each size it builds a realistic program (benchmarks/realistic.py: the example program
cloned with renumbered ids, in git) with `pirsite build` and prints, against its target:

- the search index (search/search_index.json), at most 10 MB;
- the largest HTML page and its name, at most 1 MB;
- the home page (index.html), which holds the dashboard, at most 300 KB;
- the largest quarterly report page, which opens with that quarter's dashboard, at most 300 KB;

and the largest data file beside an index (rows.json, loaded by the index tables), which
has no target: it is not a page. With two sizes or more it also prints how each figure
grows from the smallest to the largest. Sizes are bytes on disk (1 KB = 1,000 bytes),
before any compression a web server adds.

A 10,000-incident build takes about five minutes and 700 MB of memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic import make_realistic_repo

AS_OF = "2026-11-23T12:00:00Z"
KB = 1000
MB = 1000 * KB
TARGETS = {"search index": 10 * MB, "largest page": 1 * MB, "home": 300 * KB, "dashboard": 300 * KB}


def measure(site: Path) -> dict[str, tuple[int, str]]:
    """(bytes, file) of each figure of a built site."""
    pages = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    reports = {
        name: size for name, size in pages.items() if name.startswith("reports/20") and "/" in name[8:]
    }
    data = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("rows.json")}
    largest = max(pages, key=pages.__getitem__)
    report = max(reports, key=reports.__getitem__) if reports else ""
    rows = max(data, key=data.__getitem__) if data else ""
    return {
        "search index": ((site / "search/search_index.json").stat().st_size, "search/search_index.json"),
        "largest page": (pages[largest], largest),
        "home": (pages["index.html"], "index.html"),
        "dashboard": (reports.get(report, 0), report),
        "data file": (data.get(rows, 0), rows),
    }


def size(n: int) -> str:
    return f"{n / MB:.2f} MB" if n >= MB else f"{n / KB:.0f} KB"


def run_size(count: int, workdir: Path) -> dict[str, tuple[int, str]]:
    root = workdir / f"program-{count}"
    make_realistic_repo(root, count, git=True)
    site = workdir / f"site-{count}"
    argv = [
        sys.executable,
        "-m",
        "pirsite",
        "--root",
        str(root),
        "build",
        "--as-of",
        AS_OF,
        "--site-dir",
        str(site),
    ]
    built = subprocess.run(argv, capture_output=True, text=True, check=False)
    if built.returncode != 0:
        raise SystemExit(f"pirsite build of {count} incidents failed:\n{built.stderr[-3000:]}")
    figures = measure(site)
    print(f"{count:>6} incidents:")
    for name, (value, where) in figures.items():
        target = TARGETS.get(name)
        verdict = (
            f"target <= {size(target)}: {'met' if value <= target else 'MISSED'}" if target else "no target"
        )
        print(f"    {name:<13} {size(value):>9}  {where:<45} ({verdict})")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000", help="comma-separated incident counts (e.g. 1000,10000)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the programs and sites")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="pirsite-page-sizes-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = {n: run_size(n, workdir) for n in sizes}
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"growth {small} -> {large} (x{large / small:.1f} incidents):")
        for name in results[small]:
            before, after = results[small][name][0], results[large][name][0]
            print(f"    {name:<13} x{after / before:.2f}" if before else f"    {name:<13} -")


if __name__ == "__main__":
    main()
