"""Benchmark: the personal-data and secrets scanner's quality and speed.

    python benchmarks/scan_quality.py [--repeat 5]

Quality: every case of the labelled corpus (tests/security/pii_corpus.yaml) is
scanned with the settings of the corpus test in tests/security/test_scanner.py
(imported from it, so both always agree) and counted exactly as that test counts:
one expected kind matches one finding of that kind on the same line; findings
left over are false positives, expected kinds left over false negatives. It
prints the true/false positives and false negatives overall and per kind,
precision, recall and F1, and the floors the test asserts.

Speed: the corpus lines joined into one text, scanned --repeat times (lines/s,
MB/s), and `scan_text` over the example program's files (incidents/**/*.yaml,
incidents/**/*.md, docs/**/*.md; already read, with the example policy's
scanning settings) in files/s.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from pirsite.pipeline import load_config
from pirsite.scan import scan_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "security"))
from test_scanner import CORPUS, SETTINGS  # the corpus test's own settings

PROJECT = Path(__file__).resolve().parents[1]

# The floors test_precision_and_recall_on_the_labelled_corpus asserts: keep them equal.
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.85


def quality(cases: list[dict]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(true positives, false positives, false negatives) per kind, counted as the test does."""
    true_pos: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    false_neg: Counter[str] = Counter()
    for case in cases:
        found = [f.kind for f in scan_text(case["text"], SETTINGS) if f.code.startswith(("pii-", "secret"))]
        remaining = sorted(found)
        for kind in sorted(case["kinds"]):
            if kind in remaining:
                remaining.remove(kind)
                true_pos[kind] += 1
            else:
                false_neg[kind] += 1
        false_pos.update(remaining)
    return true_pos, false_pos, false_neg


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def report_quality(cases: list[dict]) -> None:
    true_pos, false_pos, false_neg = quality(cases)
    labelled = sum(len(case["kinds"]) for case in cases)
    clean = sum(1 for case in cases if not case["kinds"])
    print(f"cases: {len(cases)} ({clean} with no finding expected)")
    print(f"labelled findings: {labelled}")
    print(f"{'kind':<13}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}")
    kinds = sorted(set(true_pos) | set(false_pos) | set(false_neg))
    for kind in [*kinds, "all"]:
        if kind == "all":
            tp, fp, fn = (sum(c.values()) for c in (true_pos, false_pos, false_neg))
        else:
            tp, fp, fn = true_pos[kind], false_pos[kind], false_neg[kind]
        print(f"{kind:<13}{tp:>5}{fp:>5}{fn:>5}{ratio(tp, tp + fp):>11.3f}{ratio(tp, tp + fn):>8.3f}")
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"precision = {precision:.3f}  (test floor >= {PRECISION_FLOOR})")
    print(f"recall    = {recall:.3f}  (test floor >= {RECALL_FLOOR})")
    print(f"F1        = {f1:.3f}")


def report_speed(cases: list[dict], repeat: int) -> None:
    text = "\n".join(case["text"] for case in cases)
    size = len(text.encode("utf-8"))
    scan_text(text, SETTINGS)  # warm up: compiled expressions, phone metadata
    started = time.perf_counter()
    for _ in range(repeat):
        scan_text(text, SETTINGS)
    seconds = time.perf_counter() - started
    lines = len(cases) * repeat
    print(
        f"corpus as one text ({len(cases)} lines, {size / 1024:.1f} KiB) x {repeat}: {seconds:.3f} s, "
        f"{lines / seconds:,.0f} lines/s, {size * repeat / seconds / 1e6:.2f} MB/s"
    )

    settings = load_config(PROJECT).policy.scanning
    paths = sorted(
        {
            *PROJECT.glob("incidents/**/*.yaml"),
            *PROJECT.glob("incidents/**/*.md"),
            *PROJECT.glob("docs/**/*.md"),
        }
    )
    texts = [path.read_text(encoding="utf-8") for path in paths]
    size = sum(len(t.encode("utf-8")) for t in texts)
    findings = 0
    started = time.perf_counter()
    for _ in range(repeat):
        findings = sum(len(scan_text(t, settings)) for t in texts)
    seconds = time.perf_counter() - started
    print(
        f"example program ({len(texts)} files, {size / 1024:.0f} KiB, {findings} findings) x {repeat}: "
        f"{seconds:.3f} s, {len(texts) * repeat / seconds:,.0f} files/s, "
        f"{size * repeat / seconds / 1e6:.2f} MB/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="how many times each text is scanned for speed")
    args = parser.parse_args()
    cases = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    print(f"== quality on {CORPUS.relative_to(PROJECT)} ==")
    report_quality(cases)
    print("\n== speed ==")
    report_speed(cases, args.repeat)


if __name__ == "__main__":
    main()
