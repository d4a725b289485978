"""Drawing the charts off the build's critical path.

Charts cost the same for 60 incidents or 10,000: importing matplotlib takes
about half a second and drawing six charts, each for the light and the dark
colour scheme, about two thirds of one. A `ChartDrawer`
started before `check` runs starts a worker process that imports matplotlib
on a second core while the records are checked, then draws the charts while
the pages render. The SVG bytes are the same as drawing in this process
(tests/test_drawing.py), and when no worker can run (one core, a sandbox
without processes, a worker that dies) the charts are drawn here instead.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from ..collector import collector_paused
from .charts import Chart, Series, chart_files, render_svg

log = logging.getLogger("mkdocs.plugins.pirsite")

Drawn = list[tuple[str, str]]  # (file name in charts/, SVG text): <slug>.svg, <slug>.dark.svg


def _warm() -> None:
    """Import what drawing needs and draw a throw-away chart (the first one loads the fonts:
    ten times a later chart's cost), so the real charts do not wait for either."""
    for module in ("matplotlib.figure", "matplotlib.backends.backend_svg"):
        importlib.import_module(module)
    render_svg(Chart("warm-up", "Warm-up", "x", "y", ("a",), (Series("s", (1.0,)),)), dark=True)


def _draw_all(charts: list[Chart]) -> Drawn:
    with collector_paused():  # matplotlib allocates heavily beside the records (see collector_paused)
        return [file for chart in charts for file in chart_files(chart)]


class ChartDrawer:
    """Draws charts in a worker process when it can, else in this one.

    Use as a context manager around the build so the worker always stops.
    """

    def __init__(self, *, worker: bool = True) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if worker and (os.cpu_count() or 1) > 1:
            self._pool = self._start()

    @staticmethod
    def _start() -> ProcessPoolExecutor | None:
        try:
            # spawn: a fresh interpreter, safe whatever threads this process runs (mkdocs serve)
            pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"))
            pool.submit(_warm)  # the worker starts now and imports matplotlib while check runs
            return pool
        except (OSError, RuntimeError, ValueError) as exc:
            log.debug("pirsite: charts are drawn in this process (no worker: %s)", exc)
            return None

    @property
    def in_worker(self) -> bool:
        return self._pool is not None

    def draw(self, charts: Iterable[Chart]) -> Callable[[], Drawn]:
        """Start drawing ``charts``; call the returned function to get (file name, SVG) pairs."""
        charts = list(charts)
        if self._pool is None:
            return lambda: _draw_all(charts)
        try:
            future: Future[Drawn] = self._pool.submit(_draw_all, charts)
        except RuntimeError as exc:  # a broken or shut-down pool
            log.debug("pirsite: charts are drawn in this process (%s)", exc)
            return lambda: _draw_all(charts)

        def result() -> Drawn:
            try:
                return future.result()
            except Exception as exc:  # any worker failure: draw here, where a real bug raises
                log.debug("pirsite: the chart worker failed (%r); drawing in this process", exc)
                return _draw_all(charts)

        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ChartDrawer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
