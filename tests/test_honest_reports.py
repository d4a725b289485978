"""Reports a leadership reader can trust: a verdict only on enough incidents, never final for
a quarter in progress, one unit per row, the policy's target beside its figure, the key
charts inside, and a print layout with a running header and no on-screen hints."""

from __future__ import annotations

from pathlib import Path

from pirsite.metrics.report import Kpi
from pirsite.site.trends import kpi_change, kpi_target, kpi_unit, kpi_value


def kpi(value, previous, unit="hours", n=10, n_previous=10, better="lower", **kw) -> Kpi:
    return Kpi("k", "K", unit, value, previous, better, n, n_previous, 5, **kw)


def test_a_row_reads_in_one_unit() -> None:
    row = kpi(46.8, 247.2)  # was "46.8h" beside "10.3d"
    assert kpi_unit(row) == "days"
    assert (kpi_value(row, row.value), kpi_value(row, row.previous)) == ("1.9d", "10.3d")
    short = kpi(5.0, 30.0)  # both under two days: both in hours
    assert kpi_unit(short) == "hours"
    assert (kpi_value(short, short.value), kpi_value(short, short.previous)) == ("5.0h", "30.0h")


def test_a_verdict_needs_the_minimum_sample_in_both_quarters() -> None:
    assert kpi(10, 20).verdict == "better"
    assert kpi(10, 20, n=1).verdict == "too few"
    assert kpi(10, 20, n_previous=4).verdict == "too few"
    assert "too few to judge: n under 5" in kpi_change(kpi(10, 20, n=1), html=False)
    assert kpi(10, 10, n=1).verdict == "same"


def test_a_quarter_in_progress_is_never_judged_as_final() -> None:
    assert kpi_change(kpi(10, 20), html=False, so_far=True) == "▼ 10.0h, better so far"
    assert kpi_change(kpi(10, 10), html=False, so_far=True) == "= same so far"


def test_targets_read_as_floors_and_ceilings() -> None:
    assert kpi_target(kpi(0.9, 0.8, unit="share", target=0.95)) == "≥ 95%"
    assert kpi_target(kpi(3, 2, unit="count", target=0, higher_is_target=False)) == "≤ 0"
    assert kpi_target(kpi(3, 2)) == ""


def test_the_report_pages_carry_targets_charts_and_a_print_header(example_site: Path) -> None:
    page = (example_site / "reports/2026-Q3/index.html").read_text(encoding="utf-8")
    assert "<th>Target</th>" in page or ">Target<" in page
    assert "≥ 90%" in page
    assert 'src="../../trends/charts/incidents-per-month.svg#only-light"' in page
    assert 'src="../../trends/charts/time-to-contain.svg#only-light"' in page
    assert 'class="pirsite-print-header"' in page and "Quarterly report 2026-Q3 · Internal · built" in page
    assert "pirsite-screen-only" in page
    running = (example_site / "reports/2026-Q4/index.html").read_text(encoding="utf-8")
    assert "2026-Q4 (so far)" in running
    for verdict in ("better", "worse"):
        assert f">{verdict}<" not in running  # only "better so far" / "worse so far"
