"""Texts scanned in the worker process give the same findings as scanning here, and a
worker that cannot start or dies never costs a check its findings."""

from __future__ import annotations

import os
import shutil
from dataclasses import astuple
from pathlib import Path

import pytest
from test_scanner import PLANTED, SETTINGS

from conftest import BASE, PROJECT
from pirsite.pipeline import check
from pirsite.scan import pool as scan_pool
from pirsite.scan import scan_text
from pirsite.scan.pool import PARALLEL_FROM, ScanPool

TEXTS = [(f"planted-{kind}", line) for kind, line in PLANTED.items()] + [
    (path.relative_to(PROJECT).as_posix(), path.read_text(encoding="utf-8"))
    for path in sorted((PROJECT / "incidents").rglob("*.*"))
    if path.suffix in (".yaml", ".md")
]
EXPECTED = sorted((key, [astuple(f) for f in scan_text(text, SETTINGS)]) for key, text in TEXTS)

needs_two_cores = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="the worker runs only with a second core"
)


def scanned(pool: ScanPool) -> list[tuple[str, list[tuple]]]:
    for key, text in TEXTS:
        pool.submit(key, text)
    return sorted(pool.results())


def test_the_texts_hold_findings() -> None:
    found = {item[2] for _, items in EXPECTED for item in items}
    assert found == set(PLANTED)  # every kind is among the findings compared


@needs_two_cores
def test_worker_finds_the_same_as_this_process() -> None:
    with ScanPool(SETTINGS, PARALLEL_FROM) as pool:
        assert pool.in_worker
        assert scanned(pool) == EXPECTED
    assert not pool.in_worker  # closed: the worker process is gone


@needs_two_cores
def test_a_dead_worker_falls_back_to_scanning_here() -> None:
    with ScanPool(SETTINGS, PARALLEL_FROM) as pool:
        executor = pool._pool
        assert executor is not None
        pool.submit("warm-up", "nothing here")
        pool.results()  # the worker process exists now; kill it
        for process in list(executor._processes.values()):  # type: ignore[union-attr]
            process.kill()
            process.join()
        assert scanned(pool) == EXPECTED


def test_no_worker_when_processes_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(scan_pool, "ProcessPoolExecutor", refuse)
    with ScanPool(SETTINGS, PARALLEL_FROM) as pool:
        assert not pool.in_worker
        assert scanned(pool) == EXPECTED


def test_a_small_repository_is_scanned_here() -> None:
    with ScanPool(SETTINGS, PARALLEL_FROM - 1) as pool:
        assert not pool.in_worker
        assert scanned(pool) == EXPECTED


def test_check_with_the_worker_reports_what_check_without_it_does(tmp_path: Path) -> None:
    """A repository large enough for the worker: the same problems as scanning in-process."""
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    for n in range(1, PARALLEL_FROM + 2):
        record = BASE.replace("PIR-2026-0001", f"PIR-2026-{n:04d}")
        if n % 50 == 0:
            record = record.replace(
                "summary: Search requests", "summary: Mail j.baker@outlook.com. Search requests"
            )
        folder = tmp_path / f"incidents/2026/PIR-2026-{n:04d}"
        folder.mkdir(parents=True)
        (folder / "incident.yaml").write_text(record, encoding="utf-8")
    parallel = check(tmp_path, use_cache=False, git_history=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scan_pool, "PARALLEL_FROM", 10**9)
        serial = check(tmp_path, use_cache=False, git_history=False)
    emails = [p for p in parallel.problems if p.code == "pii-email"]
    assert len(emails) == 4
    assert parallel.problems == serial.problems
