"""A long, sparse history (19 years of real public breaches) reads as years and skips empty
quarters, while a short one keeps its months; an incident known only by its year counts
in the yearly figures."""

from __future__ import annotations

from datetime import UTC, datetime

from click.testing import CliRunner

from conftest import BASE, PROJECT, Repo
from pirsite.cli import main
from pirsite.metrics.compute import compute
from pirsite.pipeline import check
from pirsite.site.trends import charts, shown_quarters, volume_periods

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _metrics(repo: Repo):
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    assert [p for p in result.problems if p.level == "error"] == []
    return compute(result.incidents, result.postmortems, result.policy, now=NOW), result.policy


def test_a_long_history_is_drawn_per_year_with_empty_quarters_skipped(repo: Repo) -> None:
    imported = CliRunner().invoke(
        main,
        ["--root", str(repo.root), "import", str(PROJECT / "tests/data/vcdb/records"), "--extend-policy"],
    )
    assert imported.exit_code == 0, imported.output
    metrics, policy = _metrics(repo)
    unit, periods = volume_periods(metrics)
    assert unit == "Year"
    assert list(periods) == [str(y) for y in range(2006, 2027)]
    assert sum(m.incidents for m in periods.values()) == metrics.overall.incidents == 63
    chart = charts(metrics, policy, {})["incidents-per-month"]
    assert chart.title == "Incidents per year, by severity" and len(chart.categories) == 21
    kept = shown_quarters(metrics)
    assert len(kept) < len(metrics.quarters) / 2
    assert all(m.incidents for q, m in kept.items() if q not in list(metrics.quarters)[-4:])
    contain = charts(metrics, policy, {})["time-to-contain"]
    assert contain.x_label == "Quarter (those without incidents skipped)"


def test_a_short_history_keeps_its_months(repo: Repo) -> None:
    repo.record(BASE)
    metrics, _policy = _metrics(repo)
    unit, periods = volume_periods(metrics)
    assert unit == "Month" and next(iter(periods)) == "2026-03"
    assert shown_quarters(metrics) == metrics.quarters


def test_an_incident_known_only_by_its_year_makes_the_volume_chart_yearly(repo: Repo) -> None:
    repo.record(BASE)
    old = BASE.replace("id: PIR-2026-0001", "id: PIR-2024-0001").replace(
        "occurred_at: 2026-03-02T09:55:00Z", "historical: true\noccurred_at: 2024"
    )
    for field in ("detected_at", "reported_at", "acknowledged_at", "contained_at", "resolved_at"):
        old = "\n".join(
            f"{field}: unknown" if line.startswith(f"{field}:") else line for line in old.splitlines()
        )
    old = old.replace("- {at: 2026-03-02T10:00:00Z", "- {at: 2024").replace(
        "- {at: 2026-03-02T10:30:00Z", "- {at: 2024"
    )
    repo.record(old + "\n", "incidents/2024/PIR-2024-0001/incident.yaml")
    metrics, _policy = _metrics(repo)
    unit, periods = volume_periods(metrics)
    assert unit == "Year"  # months alone would leave it out
    assert periods["2024"].incidents == 1 and periods["2026"].incidents == 1
