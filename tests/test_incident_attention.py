"""Incident pages say what needs attention: a strip atop the page with status and severity
badges, age, when the record last changed, what is overdue and the next deadline; the
recurrence class under related incidents; action items completed late flagged."""

from __future__ import annotations

from pathlib import Path


def page(site: Path, incident_id: str) -> str:
    return (site / f"incidents/{incident_id}/index.html").read_text(encoding="utf-8")


def strip(html: str) -> str:
    start = html.index('class="pirsite-strip"')
    return html[start : html.index("</div>", start)]


def test_the_strip_gives_status_severity_age_and_the_next_deadline(example_site: Path) -> None:
    top = strip(page(example_site, "PIR-2026-0022"))
    assert 'pirsite-badge--investigating">investigating<' in top
    assert 'pirsite-badge--sev2">sev2' in top
    assert "open 1 day" in top  # reported 2026-11-21, built 2026-11-23
    assert "next deadline: GDPR Art. 33, 2026-11-24 16:05 +01:00" in top
    assert "overdue" not in top


def test_the_strip_names_what_is_overdue(example_site: Path) -> None:
    top = strip(page(example_site, "PIR-2026-0024"))  # unassessed for 10 days
    assert 'pirsite-badge--overdue">overdue: Acknowledge, Assess severity<' in top


def test_a_recurrence_is_shown_under_related_incidents(example_site: Path) -> None:
    html = page(example_site, "PIR-2025-0017")
    assert "Recurs</strong>" in html
    assert '<li>root cause capacity on service broker-portal, after <a href="../PIR-2025-0003/">' in html


def test_an_action_item_done_after_its_due_date_is_flagged(example_site: Path) -> None:
    assert "done late" in page(example_site, "PIR-2025-0002")
    assert "done late" not in page(example_site, "PIR-2026-0022")
