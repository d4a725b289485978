"""A long or old history gets a report for each quarter with incidents, not one per calendar
quarter since the first record, and the default report is never a quarter of zeros while
there is data (an imported history that ends years ago shows its last quarter)."""

from __future__ import annotations

from datetime import datetime

from click.testing import CliRunner

from conftest import BASE, Repo
from pirsite.cli import main
from pirsite.metrics import compute
from pirsite.metrics.report import default_quarter, reported_quarters
from pirsite.pipeline import check

NOW = datetime.fromisoformat("2026-11-23T12:00:00+00:00")


def old(repo: Repo, number: int, month: str) -> None:
    """The base incident, detected in ``month`` of 2014."""
    text = BASE.replace("2026-03-", f"2014-{month}-").replace("2026-04-01", f"2014-{month}-28")
    text = text.replace("id: PIR-2026-0001", f"id: PIR-2014-{number:04d}")
    repo.record(text, f"incidents/2014/PIR-2014-{number:04d}/incident.yaml")


def history(repo: Repo) -> None:
    old(repo, 1, "02")  # 2014Q1
    old(repo, 2, "08")  # 2014Q3: nothing in 2014Q2, nor since
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    assert result.errors == 0, [p for p in result.problems if p.level == "error"]


def test_reports_exist_only_for_quarters_with_incidents(repo: Repo) -> None:
    history(repo)
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    assert len(metrics.quarters) > 40  # the trend charts still run to today
    assert reported_quarters(metrics) == ["2014Q1", "2014Q3"]
    assert default_quarter(metrics) == "2014Q3"


def test_the_default_report_is_the_latest_quarter_with_incidents(repo: Repo) -> None:
    history(repo)
    result = CliRunner().invoke(main, ["--root", str(repo.root), "report", "--as-of", "2026-11-23T12:00:00Z"])
    assert result.exit_code == 0, result.output
    assert "title: Quarterly report 2014-Q3" in result.output
