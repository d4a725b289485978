"""No message, field path or output format repeats a value the scanner would flag: personal
data in an enum field, a person field, an id, a key, or the policy reaches the output only
as what it is (``<email address>``), in every output format of `pirsite check` and `build`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import BASE, PROJECT, Repo
from site_fixtures import pirsite_build, program

EMAIL, OTHER, PHONE, CARD = (
    "jane.doe@gmail.com",
    "bob.smith@corp.io",
    "+44 20 7946 0958",
    "4111 1111 1111 1111",
)
VALUES = re.compile(r"jane\.doe|bob\.smith|gmail|corp\.io|7946|4111 1111")

# (what, how the record is changed): each puts a value the scanner flags where a message quotes it
HOSTILE = {
    "enum value": ("category: performance-degradation", f"category: {EMAIL}"),
    "enum phone": ("impact: medium", f"impact: '{PHONE}'"),
    "person field": ("commander: j.whitfield", f"commander: {OTHER}"),
    "id": ("id: PIR-2026-0001", f"id: {EMAIL}"),
    "key": ("visibility: internal", f"visibility: internal\n{EMAIL}: x"),
    "nested key": ("  internal: true\n", f"  internal: true\n  {OTHER}: y\n"),
    "card in a count": ("  services: [search]\n", f"  services: [search]\n  users_affected: '{CARD}'\n"),
    "tag": ("domains: [availability]", f"domains: [availability]\ntags: [{EMAIL}]"),
}


@pytest.fixture
def hostile(repo: Repo) -> Repo:
    text = BASE
    for old, new in HOSTILE.values():
        assert old in text, old
        text = text.replace(old, new, 1)
    repo.record(text)
    return repo


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_output_never_repeats_personal_data(hostile: Repo, fmt: str) -> None:
    code, lines = hostile.check("--format", fmt)
    output = "\n".join(lines)
    assert code == 1
    assert VALUES.findall(output) == []
    assert "<email address>" in output and "<phone number>" in output  # said what it was


def test_each_hostile_value_is_still_reported_where_it_is(hostile: Repo) -> None:
    _, lines = hostile.check("--format", "json")
    problems = json.loads("\n".join(lines))
    codes = {(p["code"], p["field"]) for p in problems}
    assert ("invalid-value", "category") in codes and ("invalid-value", "impact") in codes
    assert ("unknown-field", "<email address>") in codes  # the key, in the field path too
    assert ("unknown-field", "detection.<email address>") in codes
    assert any(p["field"] == "commander" and p["code"] != "pii-email" for p in problems)


def test_the_build_failure_repeats_no_personal_data(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    repo.record(BASE.replace("category: performance-degradation", f"category: {EMAIL}"))
    result = pirsite_build(tmp_path)
    assert result.returncode == 1
    assert "<email address>" in result.stderr and VALUES.findall(result.stdout + result.stderr) == []


def test_a_policy_problem_repeats_no_personal_data(tmp_path: Path) -> None:
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    policy = tmp_path / "schemas/policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + f"\n{EMAIL}: 1\n", encoding="utf-8")
    code, lines = Repo(tmp_path).check()
    assert code == 2
    assert VALUES.findall("\n".join(lines)) == [] and "<email address>" in "\n".join(lines)


def test_allowed_domains_and_plain_values_are_shown_as_they_are(repo: Repo) -> None:
    """Redaction follows the scanner: a value it does not flag is still quoted, so the message helps."""
    repo.record(BASE.replace("category: performance-degradation", "category: team@example.com"))
    _, lines = repo.check()
    assert any("`team@example.com` is not an allowed value" in line for line in lines)
