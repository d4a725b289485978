"""Benchmark: building the site, and how much of it is pirsite's own work.

    python benchmarks/site_speed.py [--sizes 300,1000]

For each size it generates a synthetic repository (committed to git in several
commits, so incident pages have a history), then measures in fresh processes:

- the full `pirsite build` (strict MkDocs + Material + search + tags + pirsite);
- pirsite's own stages in-process, in the plugin's order: load + validate
  (`check`, with the chart worker importing matplotlib meanwhile, as in the
  build), git history (one `git log` pass), render Markdown (`generate_pages`:
  the metrics and the pages), and what is left to wait for the charts once the
  pages are written (an upper bound: the plugin waits only after MkDocs has
  rendered every page);
- a plain MkDocs build of the very same pages already written as files (no
  pirsite plugin), i.e. what MkDocs + Material cost on their own.

It prints seconds, pirsite's share of the full build (target <= 15%), and how
the build grows from the smallest to the largest size against a linear ratio
(target within 1.2x).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo

AS_OF = "2026-11-23T12:00:00Z"
MKDOCS_YML = """\
site_name: Benchmark program
site_url: https://incidents.example.com/
theme:
  name: material
  font: false
plugins:
{plugins}  - search
  - tags
markdown_extensions: [admonition, attr_list, md_in_html, tables, toc]
not_in_nav: |
  /incidents/PIR-*.md
  /postmortems/PIR-*.md
"""
STAGES = """
import sys, time, json
from datetime import datetime
from pathlib import Path
from pirsite.pipeline import check
from pirsite.history import read_history
from pirsite.site.pages import generate_pages
from pirsite.site.templates import environment
from pirsite.site.drawing import ChartDrawer
root, out = Path(sys.argv[1]), Path(sys.argv[2])
now = datetime.fromisoformat(sys.argv[3])
drawer = ChartDrawer()  # as the plugin does: its worker imports matplotlib while check runs
t0 = time.perf_counter()
result = check(root, now=now, use_cache=False)
t1 = time.perf_counter()
history = read_history(root)
t2 = time.perf_counter()
pages, late = generate_pages(result, history, environment(None, root), now=now, drawer=drawer)
t3 = time.perf_counter()
assert result.errors == 0 and history.available and len(history.files) == len(result.incidents)
for page in pages:
    path = out / page.uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.content, encoding="utf-8")
t4 = time.perf_counter()
charts = late.collect()  # the plugin collects them after MkDocs rendered the pages
t5 = time.perf_counter()
drawer.close()
for page in charts:
    (out / page.uri).parent.mkdir(parents=True, exist_ok=True)
    (out / page.uri).write_text(page.content, encoding="utf-8")
print(json.dumps({"check": t1 - t0, "history": t2 - t1, "render": t3 - t2, "charts": t5 - t4,
                  "pages": len(pages) + len(charts)}))
"""


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_program(root: Path, count: int, commits: int = 5) -> None:
    """A synthetic repository committed in ``commits`` batches, with a mkdocs.yml."""
    paths = make_repo(root, count)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins="  - pirsite\n"), encoding="utf-8")
    (root / "docs").mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "schemas", "mkdocs.yml")
    size = -(-len(paths) // commits)
    for start in range(0, len(paths), size):
        git(root, "add", *[str(p.relative_to(root)) for p in paths[start : start + size]])
        git(root, "commit", "-qm", f"incidents {start}+")


def timed(argv: list[str], cwd: Path | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stdout


def run_size(count: int, workdir: Path) -> dict[str, float]:
    import json

    root = workdir / f"repo-{count}"
    make_program(root, count)
    total, _ = timed([sys.executable, "-m", "pirsite", "--root", str(root), "build", "--as-of", AS_OF])
    plain = workdir / f"plain-{count}"
    (plain / "docs").mkdir(parents=True)
    _, out = timed([sys.executable, "-c", STAGES, str(root), str(plain / "docs"), AS_OF])
    stages = json.loads(out)
    (plain / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins=""), encoding="utf-8")
    env_plain, _ = timed(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain / "site")], cwd=plain
    )
    own = stages["check"] + stages["history"] + stages["render"] + stages["charts"]
    print(
        f"{count:>6} incidents, {stages['pages']} generated pages: full build {total:6.2f}s | "
        f"pirsite stages {own:5.2f}s (check {stages['check']:.2f}, git history {stages['history']:.2f}, "
        f"render {stages['render']:.2f}, waiting for charts {stages['charts']:.2f}) "
        f"= {own / total:5.1%} of the build | "
        f"plain MkDocs build of the same pages {env_plain:6.2f}s"
    )
    return {"total": total, "own": own, "plain": env_plain}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="300,1000", help="comma-separated incident counts")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="pirsite-site-bench-") as tmp:
        results = {n: run_size(n, Path(tmp)) for n in sizes}
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        growth = results[large]["total"] / results[small]["total"]
        linear = large / small
        print(
            f"growth {small} -> {large}: build x{growth:.2f} for x{linear:.2f} incidents "
            f"(ratio to linear {growth / linear:.2f}; target <= 1.2)"
        )
    worst = max(r["own"] / r["total"] for r in results.values())
    print(f"pirsite's share of the full build: at most {worst:.1%} (target <= 15%)")


if __name__ == "__main__":
    main()
