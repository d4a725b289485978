"""Personal data and secrets planted in each kind of published field are found by `pirsite check`
at the field's line, of the right kind, and no output format ever shows the value."""

from __future__ import annotations

import json

import pytest

from conftest import POSTMORTEM, PRIVACY, Repo

VALUES = {  # kind -> a value of that kind (synthetic or well-known test values)
    "pii-email": "j.baker@outlook.com",
    "pii-phone": "+44 20 7946 0958",
    "pii-card": "4111 1111 1111 1111",
    "pii-iban": "GB82 WEST 1234 5698 7654 32",
    "pii-ip": "81.2.69.142",
    "pii-national-id": "123-45-6789",
    "pii-pattern": "CUS-4820193",
    "pii-name": "Dana Whitfield",
    "secret": "AKIAIOSFODNN7EXAMPLE",
}
PLANTED = " ; ".join(VALUES.values())
INCIDENT = "incidents/2026/PIR-2026-0002/incident.yaml"
POSTMORTEM_PATH = "incidents/2026/PIR-2026-0002/postmortem.md"

# field -> (file, text to replace, replacement): each puts PLANTED into one kind of field.
FIELDS = {
    "title": (INCIDENT, "title: Invoice emailed to the wrong customer", f"title: '{PLANTED}'"),
    "summary": (INCIDENT, "summary: One customer's invoice", f"summary: {PLANTED} One customer's invoice"),
    "reporter": (INCIDENT, "reporter: customer via support", f"reporter: '{PLANTED}'"),
    "risk rationale": (INCIDENT, "rationale: Name and address only", f"rationale: {PLANTED} Name"),
    "root cause": (
        INCIDENT,
        "  root_cause_category: human-error\n",
        f"  root_cause_category: human-error\n  root_cause: '{PLANTED}'\n",
    ),
    "timeline": (
        INCIDENT,
        "cause:\n",
        f"timeline:\n  - {{at: 2026-05-04T09:05:00+02:00, type: detection, description: '{PLANTED}'}}\ncause:\n",
    ),
    "communications": (
        INCIDENT,
        "cause:\n",
        "communications:\n  - {at: 2026-05-04T12:00:00+02:00, audience: leadership, type: email, "
        f"summary: '{PLANTED}'}}\ncause:\n",
    ),
    "action item": (
        INCIDENT,
        "cause:\n",
        f"action_items:\n  - {{id: AI-1, title: '{PLANTED}', type: process, owner: m.lindqvist, "
        "due: 2026-06-01, status: done, closed_at: 2026-05-20T12:00:00Z}\ncause:\n",
    ),
    "postmortem body": (POSTMORTEM_PATH, "## Impact\ni", f"## Impact\n{PLANTED}"),
    "procedure page": ("docs/procedures/triage.md", "", f"# Triage\n\nCall {PLANTED} first.\n"),
}


FIELD_NAMES = {  # the field each finding names (the body of a page has none)
    "title": "title",
    "summary": "summary",
    "reporter": "reporter",
    "risk rationale": "privacy.risk.rationale",
    "root cause": "cause.root_cause",
    "timeline": "timeline[0].description",
    "communications": "communications[0].summary",
    "action item": "action_items[0].title",
    "postmortem body": "",
    "procedure page": "",
}


@pytest.fixture
def planted_repo(repo: Repo) -> Repo:
    policy = repo.root / "schemas/policy.yaml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("  deny_names: []", "  deny_names: [Dana Whitfield]"), encoding="utf-8")
    repo.record(PRIVACY, INCIDENT)
    repo.write(POSTMORTEM_PATH, POSTMORTEM)
    return repo


def plant(repo: Repo, field: str) -> tuple[str, int]:
    """Put every value into ``field``; returns (file, line of the field)."""
    rel, old, new = FIELDS[field]
    path = repo.root / rel
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    assert old in text, f"{field}: fixture text not found"
    text = text.replace(old, new, 1) if old else new
    repo.write(rel, text)
    line = next(n for n, line in enumerate(text.splitlines(), 1) if VALUES["secret"] in line)
    return rel, line


def test_the_fixture_policy_scans_for_every_kind(planted_repo: Repo) -> None:
    assert planted_repo.check() == (0, [])


@pytest.mark.parametrize("field", FIELDS)
def test_every_kind_is_found_in(planted_repo: Repo, field: str) -> None:
    rel, line = plant(planted_repo, field)
    code, lines = planted_repo.check("--format", "json")
    assert code == 1
    problems = json.loads("\n".join(lines))
    other = {"too-long"} if field == "title" else set()  # all nine make a title over 160 characters
    found = {p["code"] for p in problems if p["path"] == rel and p["line"] == line}
    assert found == set(VALUES) | other, (field, found)
    assert {p["code"] for p in problems} <= set(VALUES) | other  # nothing else is reported
    named = {p["field"] for p in problems if p["code"] in VALUES}
    assert named == {FIELD_NAMES[field]}, named


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_no_output_format_shows_a_value(planted_repo: Repo, fmt: str) -> None:
    for field in ("summary", "postmortem body", "procedure page"):
        plant(planted_repo, field)
    code, lines = planted_repo.check("--format", fmt)
    assert code == 1 and len(lines) >= 27
    output = "\n".join(lines)
    for value in VALUES.values():
        for shown in (value, value.replace(" ", ""), value.split()[0] if " " in value else value):
            assert shown not in output, (fmt, value)
