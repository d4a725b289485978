"""The leadership presentation: one offline slide deck per quarterly report, made from the
report's own figures, with the asks the figures raise and every record value escaped."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import PROJECT
from pirsite.metrics import compute
from pirsite.metrics.report import IncidentLine, OverdueAction, default_quarter
from pirsite.pipeline import check
from pirsite.site.deck import asks, deck_context
from pirsite.site.pages import _shared
from pirsite.site.templates import environment, renderer
from pirsite.site.trends import charts, deck_uri, kpi_value, reports

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def example():
    result = check(PROJECT, now=NOW, use_cache=False, git_history=False)
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    return result, metrics, reports(metrics)


def _render(result, report, found=None) -> str:
    shared = _shared(result.policy, {"person": {}, "category": {}}, NOW, "internal", 0)
    render = renderer(environment(None, PROJECT).overlay(autoescape=True), shared)
    uri = deck_uri(report.quarter)
    return render("deck.html.j2", uri, **deck_context(report, lambda h: h, found or {}))


def _slides(html: str) -> list[str]:
    return re.findall(r'<section class="slide" aria-label="([^"]+)">', html)


def test_every_report_quarter_has_a_deck_with_the_reports_figures(example_site: Path, example) -> None:
    _, _, by_quarter = example
    for quarter in by_quarter:
        assert (example_site / deck_uri(quarter)).is_file(), quarter
    report = by_quarter[default_quarter(example[1])]
    html = (example_site / deck_uri(report.quarter)).read_text(encoding="utf-8")
    assert _slides(html) == [
        "Title",
        "Headline",
        "Headline, continued",
        "Trend",
        "Notable incidents",
        "Recurring classes",
        "Overdue actions",
        "Asks",
    ]
    for kpi in report.kpis:  # the headline is the report's, value for value
        assert f"<td>{kpi.label}</td>" in html
        assert kpi_value(kpi, kpi.value) in html
    for line in report.notable:
        assert line.id in html
    assert "Internal · " in html and "built 2026-11-23 12:00 UTC" in html
    assert html.count("<footer>") == 8 and "8 / 8" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from elsewhere
    assert 'src="../trends/charts/incidents-per-month.svg"' in html
    assert (example_site / "trends/charts/incidents-per-month.svg").is_file()


def test_the_report_page_and_the_index_link_the_deck(example_site: Path) -> None:
    report = (example_site / "reports/2026-Q3/index.html").read_text(encoding="utf-8")
    assert 'href="../2026-Q3-slides.html"' in report
    index = (example_site / "reports/index.html").read_text(encoding="utf-8")
    assert 'href="2026-Q3-slides.html"' in index


def test_the_asks_come_from_the_figures(example) -> None:
    result, metrics, by_quarter = example
    report = by_quarter[default_quarter(metrics)]
    found = asks(report, lambda h: h.upper())
    overdue = sum(len(a) for a in report.overdue_actions.values())
    assert overdue and any(a.startswith(f"Unblock {overdue} overdue action items") for a in found)
    owner = max(report.overdue_actions, key=lambda o: len(report.overdue_actions[o]))
    assert owner.upper() in next(a for a in found if a.startswith("Unblock"))
    assert not any("action items overdue at quarter end" in a for a in found)  # not asked twice

    calm = replace(
        report,
        kpis=tuple(replace(k, target=None) for k in report.kpis),
        overdue_actions={},
        late_notifications=(),
        postmortem_backlog=(),
        recurring=(),
        hidden={},
    )
    assert asks(calm, str) == []
    assert "No decision is needed this quarter" in _render(result, calm)

    missing = replace(
        calm,
        kpis=tuple(replace(k, target=0.9, value=0.5) if k.key == "contain_sla" else k for k in calm.kpis),
    )
    n = next(k.n for k in missing.kpis if k.key == "contain_sla")
    assert asks(missing, str) == [
        f"Back a plan to meet the target for “Contained within SLA”: 50% against ≥ 90% (n={n})."
    ]


def test_restricted_overdue_actions_are_asked_for_but_not_named(example) -> None:
    _, metrics, by_quarter = example
    report = by_quarter[default_quarter(metrics)]
    hidden_only = replace(report, overdue_actions={}, hidden={"overdue_actions": 2})
    assert "Unblock 2 overdue action items." in asks(hidden_only, str)


def test_record_text_in_the_deck_is_escaped(example) -> None:
    result, metrics, by_quarter = example
    report = by_quarter[default_quarter(metrics)]
    evil = "<img src=x onerror=alert(1)> & <script>alert(2)</script>"
    poisoned = replace(
        report,
        notable=(IncidentLine("PIR-2026-0999", evil, "sev1", "triage", "malware"),),
        overdue_actions={
            "<b>owner</b>": (
                OverdueAction("PIR-2026-0999", "A1", evil, "<b>owner</b>", "t", "2026-01-01", 5),
            )
        },
    )
    html = _render(result, poisoned)
    assert "<img src=x" not in html and "<script>alert" not in html and "<b>owner" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;" in html


def test_a_quarter_in_progress_says_so_on_every_slide(example) -> None:
    result, metrics, by_quarter = example
    running = next(r for r in by_quarter.values() if not r.complete)
    html = _render(result, running, charts(metrics, result.policy, {}))
    assert "Quarter in progress" in html
    assert html.count("(so far) · built") == len(_slides(html))
