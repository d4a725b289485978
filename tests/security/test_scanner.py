"""The personal-data and secrets scanner: planted values are found at file:line:col,
the value is never printed, allow markers accept one finding with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pirsite.scan import ScanSettings, scan_text

SETTINGS = ScanSettings.from_raw(
    {
        "phone_regions": ["US", "GB", "DE"],
        "national_ids": [
            {"name": "US SSN", "pattern": r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b"}
        ],
        "patterns": [
            {"name": "customer id", "pattern": r"\bCUS-\d{7}\b"},
            {"name": "employee id", "pattern": r"\bE\d{6}\b"},
        ],
        "deny_names": ["Dana Whitfield", "Priya Raman"],
    }
)
PLANTED = {
    "email": "export sent to j.baker@outlook.com by mistake",
    "phone": "caller left +44 20 7946 0958 for a call back",
    "card": "card 4111 1111 1111 1111 was in the log",
    "iban": "refund to GB82 WEST 1234 5698 7654 32 stalled",
    "ip": "attacker address 81.2.69.142 was blocked",
    "national-id": "form held SSN 123-45-6789 in clear",
    "pattern": "ticket mentions CUS-4820193",
    "name": "Dana Whitfield asked for erasure",
    "secret": 'config had aws_key = "AKIAIOSFODNN7EXAMPLE"',
}
CLEAN = [
    "Contained at 2026-03-31T23:30:00-05:00, 4h 12m after detection (PIR-2026-0012).",
    "Upgraded to v2.14.3 and 3.11.7; CVE-2024-3094 patched; 1,234,567 records checked.",
    "Order 4111111111111112 failed Luhn; 10.0.0.4 and 192.0.2.10 are internal or documentation.",
    "Mail privacy@example.com; commit 3f2a9c1d0b7e4f5a6c8d9e0f1a2b3c4d5e6f7a8b deployed.",
    "No exception under 164.402 applies; rules hipaa-164-404 and hipaa-164-408 were recorded.",
]


@pytest.mark.parametrize("kind", PLANTED)
def test_each_kind_is_found_where_it_is(kind: str) -> None:
    text = "title: fine\nsummary: " + PLANTED[kind] + "\n"
    findings = scan_text(text, SETTINGS)
    assert [(f.kind, f.line) for f in findings] == [(kind, 2)]
    assert findings[0].column > len("summary: ")


def test_dates_versions_ids_and_documentation_values_are_clean() -> None:
    assert scan_text("\n".join(CLEAN), SETTINGS) == []


def test_identifiers_are_not_phone_numbers() -> None:
    """UUIDs, digests and ticket ids hold long digit runs; some are valid numbers somewhere."""
    import random
    import uuid

    rng = random.Random(15)
    uuids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(5000)]
    text = "\n".join(f"detail: request {u} failed" for u in uuids)
    assert [f for f in scan_text(text, SETTINGS) if f.kind == "phone"] == []
    ids = "Tickets INC0012345, CHG0034567 and REQ-1234567; SR#20251104 escalated; digest 9f86d081884c7d65."
    assert scan_text(ids, SETTINGS) == []
    # a phone number beside them is still one
    [finding] = scan_text(ids + " Call +44 20 7946 0958.", SETTINGS)
    assert finding.kind == "phone"


def test_the_value_is_never_in_the_problem() -> None:
    text = "\n".join(PLANTED.values())
    problems = [f.problem("incidents/2026/PIR-2026-0001/incident.yaml") for f in scan_text(text, SETTINGS)]
    assert len(problems) == len(PLANTED)
    rendered = json.dumps([[p.message, p.hint, p.code] for p in problems])
    for value in (
        "j.baker@outlook.com",
        "7946 0958",
        "4111 1111",
        "GB82",
        "81.2.69.142",
        "123-45-6789",
        "CUS-4820193",
        "AKIAIOSFODNN7EXAMPLE",
    ):
        assert value not in rendered


def test_allow_marker_accepts_one_finding_with_a_reason() -> None:
    line = "contact a@outlook.com or b@outlook.com  # pirsite: allow email: role addresses of the DPO"
    findings = scan_text(line, SETTINGS)
    assert [(f.code, f.column) for f in findings] == [("pii-email", 26)]  # the second one still counts


def test_allow_marker_needs_a_reason_and_a_known_kind() -> None:
    assert [f.code for f in scan_text("x a@outlook.com # pirsite: allow email", SETTINGS)] == [
        "pii-email",
        "allow-without-reason",
    ]
    assert [f.code for f in scan_text("x # pirsite: allow mail: because", SETTINGS)] == ["allow-unknown-kind"]


def test_unused_marker_is_a_warning_and_markers_in_code_blocks_are_examples() -> None:
    [unused] = scan_text("nothing here <!-- pirsite: allow ip: our own gateway -->", SETTINGS)
    assert unused.code == "allow-unused"
    assert unused.problem("x.md").level == "warning"
    assert scan_text("```\n# pirsite: allow email: example\n```", SETTINGS) == []


CORPUS = Path(__file__).with_name("pii_corpus.yaml")


@pytest.mark.skipif(not CORPUS.exists(), reason="labelled corpus not present")
def test_precision_and_recall_on_the_labelled_corpus() -> None:
    cases = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    assert len(cases) >= 200
    true_pos = false_pos = false_neg = 0
    for case in cases:
        expected = sorted(case["kinds"])
        found = sorted(
            f.kind for f in scan_text(case["text"], SETTINGS) if f.code.startswith(("pii-", "secret"))
        )
        remaining = list(found)
        for kind in expected:
            if kind in remaining:
                remaining.remove(kind)
                true_pos += 1
            else:
                false_neg += 1
        false_pos += len(remaining)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    assert precision >= 0.9, (precision, recall)
    assert recall >= 0.85, (precision, recall)
