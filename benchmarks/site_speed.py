"""Benchmark: building the site, and how much of it is pirsite's own work.

    python benchmarks/site_speed.py [--sizes 300,1000] [--shape simple|realistic|both]

For each size and shape it generates a repository (committed to git in several
commits, so incident pages have a history), then measures in fresh processes:

- the full `pirsite build` (strict MkDocs + Material + search + tags + pirsite);
- pirsite's own stages inside that build, as `pirsite build` reports them: git
  history and check, the metrics and pages, sanitizing the pages' HTML, and the
  wait for the charts (drawn by a worker while MkDocs renders the pages);
- a plain MkDocs build of the very same pages already written as files (no
  pirsite plugin), i.e. what MkDocs + Material cost on their own.

It prints seconds, pirsite's share of the full build (target <= 15%), and how
the build grows from the smallest to the largest size against a linear ratio
(target within 1.2x).

Shapes (``--shape``, default both, one line per shape for each size): "simple" is
benchmarks/synth.py's resolved sev3/sev4 records with a minimal mkdocs.yml and no
hand-written pages, in five commits; "realistic" is the example program cloned with
renumbered ids (benchmarks/realistic.py): postmortems, problems, restricted
incidents, the example's mkdocs.yml and docs/ (its plain build copies docs/ too and
uses that mkdocs.yml without the pirsite plugin), one commit per clone and commits
editing records after their postmortems' approvals.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic import SHAPE_HELP, make_realistic_repo, shapes
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
WRITE_PAGES = """
import sys
from datetime import datetime
from pathlib import Path
from pirsite.pipeline import check
from pirsite.history import read_history
from pirsite.site.pages import generate
from pirsite.site.templates import environment
root, out = Path(sys.argv[1]), Path(sys.argv[2])
now = datetime.fromisoformat(sys.argv[3])
result = check(root, now=now, use_cache=False)
history = read_history(root)
committed = sum(1 for p in (root / "incidents").rglob("*") if p.is_file())
assert result.errors == 0 and history.available and len(history.files) == committed
for page in generate(result, history, environment(None, root), now=now):
    path = out / page.uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.content, encoding="utf-8")
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


def timed(argv: list[str], cwd: Path | None = None) -> tuple[float, str, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stdout, done.stderr


SUMMARY = re.compile(
    r"records checked in ([\d.]+)s, (\d+) pages generated in ([\d.]+)s and sanitized in ([\d.]+)s, "
    r"waited ([\d.]+)s for the charts"
)


def plain_config(root: Path) -> str:
    """The realistic program's mkdocs.yml without the pirsite plugin (and its options)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    return re.sub(r"^  - pirsite:\n(?:      .*\n)*", "", text, flags=re.MULTILINE)


def run_size(count: int, workdir: Path, shape: str = "simple", label: str = "") -> dict[str, float]:
    root = workdir / f"repo-{shape}-{count}"
    if shape == "simple":
        make_program(root, count)
    else:
        make_realistic_repo(root, count)  # its own mkdocs.yml and docs/, committed to git
    total, _, err = timed([sys.executable, "-m", "pirsite", "--root", str(root), "build", "--as-of", AS_OF])
    found = SUMMARY.search(err)
    if found is None:
        raise SystemExit(f"pirsite build printed no timing summary:\n{err[-2000:]}")
    check, pages, clean, charts = (float(found.group(n)) for n in (1, 3, 4, 5))
    plain = workdir / f"plain-{shape}-{count}"
    if shape == "simple":
        (plain / "docs").mkdir(parents=True)
    else:  # the hand-written pages too, beside the generated ones
        shutil.copytree(root / "docs", plain / "docs")
    timed(
        [sys.executable, "-c", WRITE_PAGES, str(root), str(plain / "docs"), AS_OF]
    )  # the same pages, as files
    config = MKDOCS_YML.format(plugins="") if shape == "simple" else plain_config(root)
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    env_plain, _, _ = timed(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain / "site")], cwd=plain
    )
    own = check + pages + clean + charts
    print(
        f"{label}{count:>6} incidents, {found.group(2)} generated pages: full build {total:6.2f}s | "
        f"pirsite's stages in it {own:5.2f}s (git history + check {check:.2f}, metrics + pages {pages:.2f}, "
        f"sanitizing {clean:.2f}, waiting for charts {charts:.2f}) = {own / total:5.1%} of the build | "
        f"plain MkDocs build of the same pages {env_plain:6.2f}s"
    )
    shutil.rmtree(root)
    shutil.rmtree(plain)
    return {"total": total, "own": own, "plain": env_plain}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="300,1000", help="comma-separated incident counts")
    parser.add_argument("--shape", choices=("simple", "realistic", "both"), default="both", help=SHAPE_HELP)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    chosen = shapes(args.shape)
    labels = {shape: "" if chosen == ("simple",) else f"{shape + ':':<11}" for shape in chosen}
    with tempfile.TemporaryDirectory(prefix="pirsite-site-bench-") as tmp:
        # by size, then shape: the two shapes of one size are measured next to each other
        results: dict[tuple[str, int], dict[str, float]] = {}
        for n in sizes:
            for shape in chosen:
                results[shape, n] = run_size(n, Path(tmp), shape, labels[shape])
    for shape in chosen:
        label = labels[shape]
        if len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            growth = results[shape, large]["total"] / results[shape, small]["total"]
            linear = large / small
            print(
                f"{label}growth {small} -> {large}: build x{growth:.2f} for x{linear:.2f} incidents "
                f"(ratio to linear {growth / linear:.2f}; target <= 1.2)"
            )
        worst = max(results[shape, n]["own"] / results[shape, n]["total"] for n in sizes)
        print(f"{label}pirsite's share of the full build: at most {worst:.1%} (target <= 15%)")


if __name__ == "__main__":
    main()
