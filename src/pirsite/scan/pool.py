"""Scanning on a second core while the records are parsed and validated.

Scanning every published text costs about a third of parsing it. On a large
repository a `ScanPool` sends the texts, in batches, to one worker process
that scans them while this process parses and validates; `results` then
waits only for what is left. Findings are the same as scanning here
(tests/security/test_scanner.py), and where no worker can run (one core, a
sandbox without processes, a worker that dies) or the repository is small
(starting a worker costs more than it saves), the texts are scanned here; so
they are inside a worker process already (never a worker's worker).

As with any spawned process, a script that calls `pipeline.check` must do so
under ``if __name__ == "__main__":`` (the `pirsite` and `mkdocs` commands do).
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import astuple
from functools import partial
from multiprocessing import get_all_start_methods, get_context, parent_process

from .scanner import scan_text
from .secrets import secrets
from .settings import ScanSettings

log = logging.getLogger(__name__)

PARALLEL_FROM = 200  # texts; below this a worker's start-up (about 0.1 s) outweighs the gain
BATCH = 25  # texts per hand-over: few round trips, and little left to wait for at the end

Scanned = list[tuple[str, list[tuple]]]  # (key, findings as tuples): picklable and cacheable

_settings: ScanSettings | None = None  # the worker's, set once by _init


def _start_method() -> str:
    """fork while this process runs no other thread (the worker starts at once, with pirsite
    already imported: spawn costs 0.2 s of start-up); spawn, a fresh interpreter, otherwise,
    since a fork copies locks that another thread may hold."""
    if threading.active_count() == 1 and "fork" in get_all_start_methods():
        return "fork"
    return "spawn"


def _init(settings: ScanSettings) -> None:
    """Keep the settings, and import detect-secrets now, while the first texts are still being
    read, rather than when the first candidate line needs it."""
    global _settings
    _settings = settings
    secrets("token: 0123456789abcdefXYZ")  # a candidate line: imports and configures it


def _scan(batch: list[tuple[str, str]], settings: ScanSettings) -> Scanned:
    return [(key, [astuple(f) for f in scan_text(text, settings)]) for key, text in batch]


def _scan_batch(batch: list[tuple[str, str]]) -> Scanned:
    assert _settings is not None, "the worker was started without settings"
    return _scan(batch, _settings)


def _forget_texts(batch: list[tuple[str, str]], future: Future[Scanned]) -> None:
    """Drop a batch's texts once the worker has scanned them: they were kept only to scan
    here if the worker fails, and a large program's texts are tens of megabytes."""
    if not future.cancelled() and future.exception() is None:
        batch.clear()


class ScanPool:
    """Scans (key, text) pairs, in a worker process when there are many; use as a context
    manager so the worker always stops."""

    def __init__(self, settings: ScanSettings, expected: int) -> None:
        self.settings = settings
        self._pool: ProcessPoolExecutor | None = None
        self._batch: list[tuple[str, str]] = []
        self._futures: list[tuple[Future[Scanned], list[tuple[str, str]]]] = []
        self._done: Scanned = []
        if expected >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and parent_process() is None:
            try:
                self._pool = ProcessPoolExecutor(
                    1, mp_context=get_context(_start_method()), initializer=_init, initargs=(settings,)
                )
            except (OSError, RuntimeError, ValueError) as exc:
                log.debug("pirsite: scanning in this process (no worker: %s)", exc)

    @property
    def in_worker(self) -> bool:
        return self._pool is not None

    def submit(self, key: str, text: str) -> None:
        if self._pool is None:
            self._done += _scan([(key, text)], self.settings)
            return
        self._batch.append((key, text))
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        try:
            future = self._pool.submit(_scan_batch, batch)  # type: ignore[union-attr]
        except RuntimeError as exc:  # a broken or shut-down pool
            log.debug("pirsite: scanning in this process (%s)", exc)
            self._done += _scan(batch, self.settings)
            return
        future.add_done_callback(partial(_forget_texts, batch))
        self._futures.append((future, batch))

    def results(self) -> Scanned:
        """(key, findings as `Finding` field tuples) for every text submitted, once all are scanned.

        Called when this process has nothing else to do, so it scans too: the last partial
        batch, then, from the newest, each batch the worker has not started yet (a cancelled
        future), while the worker goes on from the oldest; both cores work to the end."""
        done = self._done + _scan(self._batch, self.settings)
        self._batch = []
        waiting = []
        for future, batch in reversed(self._futures):
            if waiting or not future.cancel():
                waiting.append((future, batch))
            else:
                done += _scan(batch, self.settings)
        for future, batch in reversed(waiting):
            try:
                done += future.result()
            except Exception as exc:  # any worker failure: scan here, where a real bug raises
                log.debug("pirsite: the scan worker failed (%r); scanning in this process", exc)
                done += _scan(batch, self.settings)
        self._futures, self._done = [], []
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ScanPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
