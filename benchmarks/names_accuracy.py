"""Benchmark: how well the scanner finds people's names in incident narratives.

    python benchmarks/names_accuracy.py [CORPUS.jsonl ...] [--verbose]

Each corpus is a JSON Lines file, one narrative a line: {"id", "text", "names"} (and, in the
held-out corpus, "source"), where "names" lists every person's name in the text as an exact
substring, once per occurrence. The default corpora are tests/data/names/dev/narratives.jsonl
(the one the detector was tuned on) and tests/data/names/heldout/narratives.jsonl (never tuned
on; skipped while it does not exist).

Each text is scanned with the default scanning settings (names detected, nothing allowed, no
deny list) and the name findings are matched to the labelled occurrences: a found span is correct
when it overlaps a labelled occurrence not matched yet (each occurrence is matched at most once);
other found spans are false positives, occurrences left unmatched are misses. It prints precision,
recall and F1 by occurrence for each corpus and each kind of source (the part of "source" before a
colon: "vcdb" for "vcdb:<record>.json"), and with --verbose every miss and
false positive in its context. tests/test_name_detection.py asserts floors on the held-out corpus
with the same scoring.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pirsite.scan import ScanSettings
from pirsite.scan.detectors import personal_data

PROJECT = Path(__file__).resolve().parents[1]
DEV = PROJECT / "tests" / "data" / "names" / "dev" / "narratives.jsonl"
HELDOUT = PROJECT / "tests" / "data" / "names" / "heldout" / "narratives.jsonl"
SETTINGS = ScanSettings()  # detect_names on, no roster, no allowed or denied names


@dataclass
class Score:
    found: int = 0  # name spans the scanner reported
    correct: int = 0  # of them, overlapping a labelled occurrence (each matched once)
    labelled: int = 0  # labelled occurrences
    misses: list[tuple[str, str, int, int]] = field(default_factory=list)  # (id, text, start, end)
    false_positives: list[tuple[str, str, int, int]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.correct += other.correct
        self.labelled += other.labelled
        self.misses += other.misses
        self.false_positives += other.false_positives


def load(path: Path) -> list[dict]:
    """The narratives of a corpus file (blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def occurrences(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """The spans of the labelled names: longest first, each at the first whole-word place in the
    text not taken by another label, so "Rosa Delgado" and a later "Delgado" both land."""
    taken: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        for match in pattern.finditer(text):
            if not any(match.start() < end and start < match.end() for start, end in taken):
                taken.append((match.start(), match.end()))
                break
        else:
            raise ValueError(f"label {name!r} does not occur (often enough) in the text")
    return sorted(taken)


def found_names(text: str, settings: ScanSettings = SETTINGS) -> list[tuple[int, int]]:
    """The spans of the scanner's name findings in ``text``."""
    return [(hit.start, hit.end) for hit in personal_data(text, settings) if hit.kind == "name"]


def score_case(case: dict, settings: ScanSettings = SETTINGS) -> Score:
    text = case["text"]
    labels = occurrences(text, case["names"])
    matched = [False] * len(labels)
    score = Score(labelled=len(labels))
    for start, end in found_names(text, settings):
        score.found += 1
        for index, (a, b) in enumerate(labels):
            if not matched[index] and start < b and a < end:
                matched[index] = True
                score.correct += 1
                break
        else:
            score.false_positives.append((case["id"], text, start, end))
    score.misses += [(case["id"], text, a, b) for (a, b), hit in zip(labels, matched, strict=True) if not hit]
    return score


def score_corpus(cases: list[dict], settings: ScanSettings = SETTINGS) -> dict[str, Score]:
    """Scores by source and overall ("all"). A source is its kind, the part before a colon
    ("vcdb" for "vcdb:<record>.json"); "-" where a narrative has none."""
    scores: dict[str, Score] = {"all": Score()}
    for case in cases:
        score = score_case(case, settings)
        source = str(case.get("source", "-")).split(":", 1)[0]
        scores.setdefault(source, Score()).add(score)
        scores["all"].add(score)
    return scores


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    before = text[max(0, start - width) : start].replace("\n", " ")
    after = text[end : end + width].replace("\n", " ")
    return f"...{before}[{text[start:end]}]{after}..."


def report(path: Path, verbose: bool) -> None:
    cases = load(path)
    started = time.perf_counter()
    scores = score_corpus(cases)
    seconds = time.perf_counter() - started
    shown = path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path
    print(f"== {shown}: {len(cases)} narratives, {scores['all'].labelled} names, {seconds:.3f} s ==")
    print(f"{'source':<24}{'names':>7}{'found':>7}{'correct':>9}{'precision':>11}{'recall':>8}{'F1':>7}")
    for source in [*sorted(s for s in scores if s != "all"), "all"]:
        s = scores[source]
        print(
            f"{source:<24}{s.labelled:>7}{s.found:>7}{s.correct:>9}"
            f"{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
        )
    if verbose:
        total = scores["all"]
        print(f"\nmisses ({len(total.misses)}):")
        for case_id, text, start, end in total.misses:
            print(f"  {case_id}: {_context(text, start, end)}")
        print(f"\nfalse positives ({len(total.false_positives)}):")
        for case_id, text, start, end in total.false_positives:
            print(f"  {case_id}: {_context(text, start, end)}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "corpora", nargs="*", type=Path, help="JSON Lines corpora (default: dev and held-out)"
    )
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    args = parser.parse_args()
    for path in args.corpora or [DEV, HELDOUT]:
        if not path.exists():
            print(f"== {path}: not there yet, skipped ==\n")
            continue
        report(path, args.verbose)


if __name__ == "__main__":
    main()
