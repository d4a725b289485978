"""Charts drawn in the worker process are the same bytes as charts drawn here,
and a worker that cannot start or dies never costs the build its charts."""

from __future__ import annotations

import os

import pytest

from pirsite.site import drawing
from pirsite.site.charts import Chart, Series, chart_files
from pirsite.site.drawing import ChartDrawer

CHARTS = [
    Chart(
        "bars",
        "Incidents per month",
        "Month",
        "Incidents",
        ("2026-01", "2026-02"),
        (Series("sev1", (1.0, 2.0)),),
    ),
    Chart(
        "lines",
        "Time to contain",
        "Quarter",
        "Hours",
        ("2026-Q1", "2026-Q2"),
        (Series("median", (3.5, None), "line"), Series("p90", (9.0, 4.0), "line")),
        unit="hours",
    ),
]
EXPECTED = [file for chart in CHARTS for file in chart_files(chart)]  # <slug>.svg, <slug>.dark.svg

needs_two_cores = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="the worker runs only with a second core"
)


@needs_two_cores
def test_worker_draws_the_same_svg_as_this_process() -> None:
    with ChartDrawer() as drawer:
        assert drawer.in_worker
        assert drawer.draw(CHARTS)() == EXPECTED
    assert not drawer.in_worker  # closed: the worker process is gone


@needs_two_cores
def test_a_dead_worker_falls_back_to_drawing_here() -> None:
    with ChartDrawer() as drawer:
        pool = drawer._pool
        assert pool is not None
        pending = drawer.draw(CHARTS[:1])  # make sure the worker process exists, then kill it
        pending()
        for process in list(pool._processes.values()):  # type: ignore[union-attr]
            process.kill()
            process.join()
        assert drawer.draw(CHARTS)() == EXPECTED


def test_no_worker_when_processes_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(drawing, "ProcessPoolExecutor", refuse)
    with ChartDrawer() as drawer:
        assert not drawer.in_worker
        assert drawer.draw(CHARTS)() == EXPECTED


def test_drawing_in_this_process_when_asked() -> None:
    with ChartDrawer(worker=False) as drawer:
        assert not drawer.in_worker
        assert drawer.draw(CHARTS)() == EXPECTED
