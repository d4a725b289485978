"""The review panel of a postmortem: every approval the policy requires for its incident, met
(by whom) or outstanding (who can give it), change requests still open, the due date and
whether it is overdue, the required sections; and the index's awaiting, due and overdue."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import PROJECT
from pirsite.pipeline import check
from pirsite.site.review import review_panel

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def example():
    return check(PROJECT, now=NOW, use_cache=False, git_history=False)


def panel_of(example, incident_id: str):
    incident = next(i for i in example.incidents if i.id == incident_id)
    return review_panel(example.postmortems[incident_id], incident, example.policy, NOW)


def test_an_outstanding_privacy_approval_names_who_can_give_it(example) -> None:
    panel = panel_of(example, "PIR-2025-0036")
    [privacy] = [r for r in panel.requirements if r.what == "a privacy approval"]
    assert not privacy.met and "a.okafor" in privacy.could
    assert panel.overdue and panel.due is not None and panel.due < NOW
    assert panel.outstanding >= 1


def test_an_open_change_request_is_outstanding(example) -> None:
    panel = panel_of(example, "PIR-2025-0018")
    assert panel.changes_requested == ("g.alvarez",)
    assert panel.outstanding >= 1


def test_an_approved_postmortem_has_every_requirement_met(example) -> None:
    approved = [i for i, pm in example.postmortems.items() if pm.status == "approved"]
    assert approved
    for incident_id in approved:
        panel = panel_of(example, incident_id)
        assert all(r.met for r in panel.requirements), incident_id  # check enforces it
        assert not panel.overdue
        assert all(present for _, present in panel.sections)


def test_the_pages_show_the_panel_and_the_index_its_columns(example_site: Path) -> None:
    page = (example_site / "postmortems/PIR-2025-0036/index.html").read_text(encoding="utf-8")
    assert 'id="review"' in page
    assert "<strong>outstanding</strong>" in page and "Adaeze Okafor" in page and "can approve" in page
    assert "<strong>overdue</strong>" in page
    assert "<td>a privacy approval</td>" in page  # a table, not a paragraph of pipes
    assert "☑ Summary" in page
    approved = (example_site / "postmortems/PIR-2025-0007/index.html").read_text(encoding="utf-8")
    assert re.search(r"<td>a \w+ approval</td>", approved) and "met by" in approved
    index = (example_site / "postmortems/index.html").read_text(encoding="utf-8")
    assert re.search(r"<th>Awaiting</th>\s*<th>Due</th>\s*<th>Overdue</th>", index)
    row = re.search(r"PIR-2025-0036</a></td>.*?</tr>", index, re.S).group(0)
    assert "<strong>overdue</strong>" in row
