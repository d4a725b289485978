"""An unknown count is a value, never a zero: people in a jurisdiction whose number is not known
still make a rule without a threshold apply, and a rule with a threshold "may apply" (a warning
asking for a decision), never nothing. Sums count only what is known."""

from __future__ import annotations

from datetime import datetime

import pytest

from conftest import PRIVACY, Repo
from pirsite.exports import incident_rows
from pirsite.metrics import compute
from pirsite.pipeline import check

PATH = "incidents/2026/PIR-2026-0002/incident.yaml"
NOW = datetime.fromisoformat("2026-05-20T00:00:00+00:00")
NO_NOTICES = PRIVACY.replace(
    'notifications:\n  - rule: gdpr-art33\n    required: "yes"\n    sent_at: 2026-05-06T10:00:00+02:00\n', ""
)


def record(repo: Repo, people: str, data: str = "contact-details") -> list[tuple[str, str, str]]:
    text = NO_NOTICES.replace("    - {jurisdiction: DE, count: 1}\n", people).replace(
        "role: controller", "role: [controller, covered_entity]"
    ).replace(
        "{category: contact-details, records: 1}",
        f"{{category: {data}, records: 1}}\n  data_states:\n    - {{state: in_transit, encrypted: false}}",
    )
    repo.record(text, PATH)
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    return [(p.level, p.code, p.message) for p in result.problems]


def test_an_unknown_count_in_spain_still_needs_a_gdpr_decision(repo: Repo) -> None:
    """GDPR Art. 33 has no threshold: people are affected in Spain, how many is not known."""
    found = record(repo, "    - {jurisdiction: ES, count: unknown}\n")
    assert any(code == "notification-missing" and "GDPR Art. 33" in msg for _, code, msg in found)


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ("    - {jurisdiction: US-OH, count: unknown}\n", "may"),
        ("    - {jurisdiction: US-OH, count: 10}\n    - {jurisdiction: US-TX, count: unknown}\n", "may"),
        ("    - {jurisdiction: US-OH, count: 499}\n", "no"),
        ("    - {jurisdiction: US-OH, count: 500}\n", "yes"),
        ("    - {jurisdiction: US-OH, count: 600}\n    - {jurisdiction: US-TX, count: unknown}\n", "yes"),
    ],
)
def test_a_threshold_that_depends_on_an_unknown_count_may_apply(
    repo: Repo, people: str, expected: str
) -> None:
    """HIPAA 164.408(b) (notice to HHS) from 500 individuals: one below, at, and unknown. (Fewer
    than 500 go to HHS's annual log, 164.408(c), which an unknown count may also need.)"""
    found = record(repo, people, data="health")
    # a rule's duties that may apply share one warning; the annual log's own error is left out
    hhs = [
        (level, code)
        for level, code, msg in found
        if "HIPAA 164.408" in msg and ("annual" not in msg or code == "notification-undecided")
    ]
    want = {
        "may": [("warning", "notification-undecided")],
        "no": [],
        "yes": [("error", "notification-missing")],
    }[expected]
    assert hhs == want
    if expected == "may":
        [msg] = [m for _, _, m in found if "HIPAA 164.408" in m]
        assert "Secretary of HHS (OCR breach portal)" in msg
        assert "is recorded as unknown" in msg


def test_unknown_is_the_only_word_a_count_may_be(repo: Repo) -> None:
    found = record(repo, "    - {jurisdiction: ES, count: many}\n")
    assert any(
        level == "error" and code == "wrong-type" and "whole number" in msg
        for level, code, msg in found
    )


def test_sums_count_only_known_individuals(repo: Repo) -> None:
    repo.record(
        PRIVACY.replace(
            "    - {jurisdiction: DE, count: 1}\n",
            "    - {jurisdiction: DE, count: 3}\n    - {jurisdiction: ES, count: unknown}\n",
        ),
        PATH,
    )
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    assert [p for p in result.problems if p.level == "error" and p.code != "postmortem-missing"] == []
    metrics = compute(result.incidents, result.postmortems, result.policy, now=NOW)
    assert metrics.overall.individuals_by_jurisdiction == {"DE": 3}
    [row] = incident_rows(metrics)
    assert row["individuals_affected"] == 3


def test_unknown_spelled_with_an_escape_is_still_unknown(repo: Repo) -> None:
    """The check skips looking for `unknown` values in a text that cannot hold one; a count
    written "unkn\\x6fwn" (a YAML escape) is still an unknown count, not missed."""
    record(repo, '    - {jurisdiction: ES, count: "unkn\\x6fwn"}\n')
    text = (repo.root / PATH).read_text().replace("an unknown private person", "a private person")
    assert "unknown" not in text
    repo.record(text, PATH)
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    assert any(p.code == "notification-missing" and "GDPR Art. 33" in p.message for p in result.problems)
    [incident] = [i for i in result.incidents if i.path == PATH]
    assert "privacy.individuals_by_jurisdiction.0.count" in incident.unknown
