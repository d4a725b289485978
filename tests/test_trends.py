"""Charts, trend and report pages, `pirsite report` and the exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BASE, PROJECT, Repo
from pirsite.cli import main
from pirsite.exports import to_csv
from pirsite.metrics import compute
from pirsite.metrics.data import to_data
from pirsite.metrics.report import quarterly_report
from pirsite.pipeline import check
from pirsite.site.charts import PALETTE, Chart, Series, render_svg
from pirsite.site.pages import names
from pirsite.site.trends import charts
from site_fixtures import SITE_AS_OF, pirsite_build, program

SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
CHART = Chart(
    "demo",
    "Incidents <per> quarter",
    "Quarter",
    "Incidents",
    ("2026-Q1", "2026-Q2", "2026-Q3"),
    (Series("sev1", (1.0, 0.0, 2.0)), Series("sev2", (3.0, None, 1.0))),
    stacked=True,
)


def test_a_chart_is_valid_svg_with_its_title_and_alt_text() -> None:
    svg = render_svg(CHART)
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Incidents <per> quarter"
    assert root.find(f"{SVG}desc").text == CHART.alt
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Incidents <per> quarter" in texts  # drawn as text, not glyph paths
    assert {"sev1", "sev2", "Quarter"} <= set(texts)
    assert "&lt;per&gt;" in svg  # escaped in the markup


def test_twenty_years_of_months_are_labelled_legibly() -> None:
    """240 monthly bars keep their 240 values in the table, but the axis labels at most 24,
    counted back from the latest month (the one a reader looks for)."""
    months = tuple(f"{2006 + i // 12}-{i % 12 + 1:02d}" for i in range(240))
    chart = Chart("long", "Incidents per month", "Month", "Incidents", months, (Series("all", (1.0,) * 240),))
    texts = [t.text for t in ET.fromstring(render_svg(chart).encode()).iter(f"{SVG}text")]
    shown = [t for t in texts if t in months]
    assert 12 <= len(shown) <= 24 and shown[-1] == "2025-12"
    assert chart.table().count("\n| 20") == 240


def test_long_durations_are_drawn_and_tabled_in_days() -> None:
    hours = Chart(
        "contain",
        "Time to contain per quarter",
        "Quarter",
        "Hours from detection",
        ("2013-Q1", "2013-Q2"),
        (Series("median", (80_000.0, 48.0), "line"),),
        unit="hours",
    )
    texts = [t.text for t in ET.fromstring(render_svg(hours).encode()).iter(f"{SVG}text")]
    assert "Days from detection" in texts and "Hours from detection" not in texts
    assert "| 2013-Q1 | 3333.3 |" in hours.table() and "| 2013-Q2 | 2.0 |" in hours.table()
    short = replace(hours, series=(Series("median", (30.0, 48.0), "line"),))
    assert "Hours from detection" in [
        t.text for t in ET.fromstring(render_svg(short).encode()).iter(f"{SVG}text")
    ]


def test_a_chart_is_identical_for_identical_input_and_uses_the_palette() -> None:
    first, second = render_svg(CHART), render_svg(CHART)
    assert first == second
    assert "<dc:date>" not in first
    used = {colour.lower() for colour in PALETTE[:2]}
    assert all(colour in first.lower() for colour in used)


def test_the_table_below_a_chart_has_the_same_numbers() -> None:
    assert CHART.table().splitlines() == [
        "| Quarter | sev1 | sev2 |",
        "|---|---:|---:|",
        "| 2026-Q1 | 1 | 3 |",
        "| 2026-Q2 | 0 | – |",
        "| 2026-Q3 | 2 | 1 |",
    ]


@pytest.fixture(scope="module")
def example() -> tuple:
    result = check(PROJECT, now=NOW, git_history=False)
    assert result.errors == 0
    return result, compute(result.incidents, result.postmortems, result.policy, now=NOW)


def test_the_example_programs_charts(example: tuple) -> None:
    result, metrics = example
    found = charts(metrics, result.policy, names(result.policy)["root_cause"])
    assert set(found) == {
        "incidents-per-month",
        "time-to-contain",
        "root-cause-pareto",
        "notifications-on-time",
        "action-items-over-time",
        "recurrence-rate",
    }
    per_month = found["incidents-per-month"]
    # from the historical record of June 2024 (the breach register) to the build's month
    assert per_month.categories[0] == "2024-06" and per_month.categories[-1] == "2026-11"
    stacked = [sum(s.values[i] or 0 for s in per_month.series) for i in range(len(per_month.categories))]
    assert stacked == [float(m.incidents) for m in metrics.months.values()]
    assert sum(stacked) == 65  # restricted incidents are counted
    pareto = found["root-cause-pareto"]
    counts = pareto.series[0].values
    assert list(counts) == sorted(counts, reverse=True)
    assert pareto.series[1].values[-1] == 100.0
    for chart in found.values():
        ET.fromstring(render_svg(chart).encode())


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--root", str(PROJECT), "report", "--as-of", SITE_AS_OF, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_report_json_matches_the_metrics_module(example: tuple) -> None:
    _, metrics = example
    code, out, _ = invoke("--quarter", "2026Q2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    expected = to_data(quarterly_report(metrics, "2026Q2"))
    assert data == json.loads(json.dumps(expected))
    assert data["measures"] == json.loads(json.dumps(to_data(metrics.quarters["2026Q2"])))


def test_report_defaults_to_the_last_complete_quarter() -> None:
    code, out, _ = invoke("--format", "json")
    assert code == 0 and json.loads(out)["quarter"] == "2026Q3"  # as of 2026-11-23


def test_report_csv_has_one_row_per_headline_measure(example: tuple) -> None:
    _, metrics = example
    code, out, _ = invoke("--quarter", "2026-Q3", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    kpis = quarterly_report(metrics, "2026Q3").kpis
    assert [r["key"] for r in rows] == [k.key for k in kpis]
    incidents = rows[0]
    assert (incidents["quarter"], incidents["value"], incidents["previous"]) == ("2026Q3", "5", "7")


def test_report_markdown_is_the_report_page_without_site_links() -> None:
    code, out, _ = invoke("--quarter", "2026Q3")
    assert code == 0
    assert "# Quarterly report 2026-Q3" in out
    assert "| Sev1 and sev2 incidents | 2 | 3 |  | ▼ 1, better |" in out
    # fewer than the policy's minimum sample (5) in a quarter: a change, never a verdict
    assert "| Median time to contain | 6.2h (n=3) | 1.3h (n=6) |  | ▲ 4.9h (too few to judge: n under 5) |" in out
    # the policy's targets beside the figures they apply to
    assert "| Contained within SLA | 100% (n=3) | 100% (n=6) | ≥ 90% | = same |" in out
    assert "](" not in out  # standalone: no links into a site
    assert "<span" not in out


@pytest.mark.parametrize(
    ("quarter", "message"),
    [("2024Q1", "no incidents or data for 2024Q1"), ("2026Q5", "'2026Q5' is not a quarter")],
)
def test_report_refuses_a_quarter_without_data(quarter: str, message: str) -> None:
    code, _, err = invoke("--quarter", quarter)
    assert code == 2 and message in err


def test_report_refuses_invalid_records(repo: Repo) -> None:
    repo.record(BASE.replace("severity: sev3", "severity: sev9"))
    result = CliRunner().invoke(main, ["--root", str(repo.root), "report", "--quarter", "2026Q1"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "fix them before reporting" in result.stderr
    assert "Traceback" not in result.output


def test_csv_cells_never_start_a_formula() -> None:
    text = to_csv([{"id": "PIR-1", "title": '=HYPERLINK("http://x")', "teams": ["a", "b"], "ok": True}])
    assert text.splitlines() == ["id,title,teams,ok", 'PIR-1,"\'=HYPERLINK(""http://x"")",a;b,true']


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("program")
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    program(Repo(root))
    for args in ((), ("--site-dir", str(root / "again")), ("--audience", "restricted")):
        result = pirsite_build(root, *args)
        assert result.returncode == 0, result.stderr
    return root


def test_the_build_writes_exports_for_the_audience(sites: Path) -> None:
    internal = json.loads((sites / "site/exports/incidents.json").read_text(encoding="utf-8"))
    assert [row["id"] for row in internal] == ["PIR-2026-0001", "PIR-2026-0002"]
    restricted = json.loads((sites / "site-restricted/exports/incidents.json").read_text(encoding="utf-8"))
    assert [row["id"] for row in restricted] == ["PIR-2026-0001", "PIR-2026-0002", "PIR-2026-0003"]
    rows = list(
        csv.DictReader(io.StringIO((sites / "site/exports/incidents.csv").read_text(encoding="utf-8")))
    )
    assert [row["id"] for row in rows] == ["PIR-2026-0001", "PIR-2026-0002"]
    assert rows[0]["hours_to_contain"] == "0.5"  # 10:00 -> 10:30
    metrics = json.loads((sites / "site/exports/metrics.json").read_text(encoding="utf-8"))
    assert metrics["overall"]["incidents"] == 3 and metrics["overall"]["restricted"] == 1
    assert metrics["timezone"] == "UTC" and metrics["bucketed_by"] == "detected_at"


def test_charts_are_identical_across_two_builds(sites: Path) -> None:
    first = sorted((sites / "site/trends/charts").glob("*.svg"))
    assert len(first) == 12  # six charts, each for the light and the dark scheme
    for chart in first:
        assert chart.read_bytes() == (sites / "again/trends/charts" / chart.name).read_bytes(), chart.name
        assert "<text" in chart.read_text(encoding="utf-8"), chart.name  # the chart, not its placeholder


def test_trend_and_report_pages_are_published(sites: Path) -> None:
    site = sites / "site"
    overview = (site / "trends/index.html").read_text(encoding="utf-8")
    assert "2026-Q3 against 2026-Q2" in overview  # the last complete quarter, as of 2026-11-23
    assert 'src="charts/incidents-per-month.svg#only-light"' in overview
    assert 'src="charts/incidents-per-month.dark.svg#only-dark"' in overview
    for page in ("response-times", "privacy", "root-causes", "action-items", "postmortems", "definitions"):
        assert (site / "trends" / page / "index.html").is_file(), page
    reports = (site / "reports/index.html").read_text(encoding="utf-8")
    assert 'href="2026-Q2/"' in reports
    report = (site / "reports/2026-Q2/index.html").read_text(encoding="utf-8")
    assert "Quarterly report 2026-Q2" in report and "Headline" in report
