"""A rule that hangs on a classification (DORA major, NIS2 significant, SEC material) is never
silently off: for incidents the policy says must be classified (the classification's
``consider_when``), it may apply until the classification or a decision is recorded. One
decision can settle a whole rule: ``rule: dora-art19`` with ``required: "no"`` and a rationale."""

from __future__ import annotations

from datetime import datetime

from conftest import BASE, Repo
from pirsite.pipeline import check

NOW = datetime.fromisoformat("2026-03-10T00:00:00+00:00")
SEV1 = (
    BASE.replace("severity: sev3", "severity: sev1")
    .replace("impact: medium", "impact: high")
    .replace("urgency: medium", "urgency: high")
    .replace("priority: p3", "priority: p1")
    .replace("status: resolved", "status: contained")
    .replace("resolved_at: 2026-03-02T10:40:00Z\n", "")
)
DECLINED = """notifications:
  - rule: dora-art19
    required: "no"
    rationale: Classified under Delegated Regulation 2024/1772 on 2 March; no critical service, 40 minutes, not major.
"""


def notices(repo: Repo, text: str) -> list[tuple[str, str, str]]:
    repo.record(text)
    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    return [(p.level, p.code, p.message) for p in result.problems if p.code.startswith("notification")]


def test_a_sev1_ict_incident_at_a_dora_entity_asks_for_the_classification(repo: Repo) -> None:
    [(level, code, message)] = notices(repo, SEV1)
    assert (level, code) == ("warning", "notification-undecided")
    assert message.startswith("DORA Art. 19 may apply (")
    assert "the incident is not classified yet as dora-major (the policy asks for it)" in message
    # one warning for the rule, naming each of its duties
    assert "(initial)" in message and "(intermediate)" in message and "(final report)" in message


def test_a_sev3_incident_is_not_asked(repo: Repo) -> None:
    assert notices(repo, BASE) == []


def test_one_decision_settles_the_whole_rule(repo: Repo) -> None:
    text = SEV1.replace("cause:\n", DECLINED + "cause:\n")
    assert notices(repo, text) == []


def test_declining_a_rule_needs_a_rationale(repo: Repo) -> None:
    text = SEV1.replace("cause:\n", DECLINED.split("    rationale")[0] + "cause:\n")
    [(level, code, message)] = notices(repo, text)
    assert (level, code) == ("error", "notification")
    assert message == "deciding that DORA Art. 19 does not apply needs a rationale"


def test_once_classified_major_the_initial_notification_is_due_in_four_hours(repo: Repo) -> None:
    text = SEV1.replace(
        "cause:\n",
        "classifications:\n  - {id: dora-major, determined_at: 2026-03-02T11:00:00Z}\ncause:\n",
    )
    found = notices(repo, text)
    missing = [m for level, code, m in found if code == "notification-missing"]
    assert any(
        "Financial competent authority (Art. 46) (initial), due at most 4h after classification:dora-major "
        "and at most 24h after detected_at" in m
        for m in missing
    )
    assert all(level == "error" for level, code, _ in found if code == "notification-missing")


def test_a_classification_cannot_be_asked_for_in_terms_of_itself(repo: Repo) -> None:
    policy = repo.root / "schemas/policy.yaml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(
        text.replace(
            "      severities: [sev1]\n      domains: [security",
            "      classified: [sec-material]\n      domains: [security",
            1,
        ),
        encoding="utf-8",
    )
    code, lines = repo.check()
    assert code == 2
    assert any("consider_when cannot test classifications itself" in line for line in lines)
