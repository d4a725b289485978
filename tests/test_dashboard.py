"""The program dashboard on the home page and atop each quarterly report: each figure with
its value, its target from the policy, how many incidents or clocks it rests on, its last
quarters, and a link to the page that explains it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from conftest import PROJECT
from pirsite.metrics import compute
from pirsite.metrics.report import default_quarter
from pirsite.pipeline import check
from pirsite.site.dashboard import dashboard
from pirsite.site.templates import spark
from pirsite.site.trends import reports

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def example():
    result = check(PROJECT, now=NOW, use_cache=False, git_history=False)
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    by_quarter = reports(metrics)
    quarter = default_quarter(metrics)
    return result, metrics, by_quarter, quarter


def test_the_tiles_carry_value_target_sample_and_link(example) -> None:
    result, metrics, by_quarter, quarter = example
    report = by_quarter[quarter]
    tiles = {t.key: t for t in dashboard(metrics, result.policy, report, by_quarter)}
    assert list(tiles) == [
        "open",
        "contain_sla",
        "notifications",
        "actions_overdue",
        "postmortem_backlog",
        "recurring",
    ]
    kpis = {k.key: k for k in report.kpis}
    contain = tiles["contain_sla"]
    assert (contain.value, contain.n) == (kpis["contain_sla"].value, kpis["contain_sla"].n)
    assert contain.target == 0.90  # policy targets.contained_within_sla: 90
    assert contain.meets == (contain.value >= 0.90)
    assert tiles["notifications"].target == 1.0
    assert tiles["actions_overdue"].target == 0 and tiles["actions_overdue"].higher_is_better is False
    assert tiles["actions_overdue"].value == kpis["actions_overdue"].value
    # the sparkline covers the last quarters up to the report's, oldest first
    assert contain.spark_quarters[-1] == quarter[:4] + "-" + quarter[4:]
    assert len(contain.spark) == len(contain.spark_quarters) <= 8
    assert contain.spark[-1] == contain.value
    for tile in tiles.values():
        assert tile.link.endswith(".md") and (tile.link.startswith(("trends/", "incidents/")))


def test_open_incidents_are_those_open_at_the_quarters_end(example) -> None:
    result, metrics, by_quarter, quarter = example
    report = by_quarter[quarter]
    [tile] = [t for t in dashboard(metrics, result.policy, report, by_quarter) if t.key == "open"]
    at = report.at
    expected = [
        i
        for i in result.incidents
        if not i.historical
        and i.when <= at
        and (i.status not in ("resolved", "closed") or (i.resolved_at is not None and i.resolved_at > at))
    ]
    assert tile.value == len(expected)
    assert sum(int(part.split()[-1]) for part in tile.detail.split(" · ")) == len(expected)


def test_a_target_missed_or_met_is_said_in_words_not_only_colour() -> None:
    from pirsite.site.dashboard import Tile

    missed = Tile("x", "X", 0.8, "share", 10, 0.9, True, "", (), (), "trends/index.md")
    met = Tile("x", "X", 0, "count", None, 0, False, "", (), (), "trends/index.md")
    nothing = Tile("x", "X", None, "share", 0, 0.9, True, "", (), (), "trends/index.md")
    assert (missed.meets, met.meets, nothing.meets) == (False, True, None)


def test_the_sparkline_is_text_with_gaps_for_unmeasured_quarters() -> None:
    assert spark([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert spark([1, None, 1]) == "▄·▄"
    assert spark([None, None]) == ""


def test_home_and_reports_show_the_dashboard(example_site) -> None:
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert home.count('class="pirsite-tile') >= 6
    assert "Contained within SLA" in home and "target 90%" in home
    assert re.search(r'href="trends/response-times/"', home)
    assert 'href="reports/"' in home and 'href="trends/"' in home
    report = sorted((example_site / "reports").glob("20*/index.html"))[-1].read_text(encoding="utf-8")
    assert report.count('class="pirsite-tile') >= 6
    assert 'href="../../trends/privacy/"' in report


def test_the_home_dashboard_shows_states_as_of_the_build(example) -> None:
    result, metrics, by_quarter, quarter = example
    tiles = {t.key: t for t in dashboard(metrics, result.policy, by_quarter[quarter], by_quarter, now=True)}
    open_now = [i for i in result.incidents if not i.historical and i.status not in ("resolved", "closed")]
    assert tiles["open"].value == len(open_now)  # the count the home page's header gives
    assert tiles["actions_overdue"].value == metrics.actions_over_time[-1].overdue
