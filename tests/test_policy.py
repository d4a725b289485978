"""The policy is the one source of vocabularies; schemas and code must agree with it."""

from __future__ import annotations

import dataclasses
import json
import re

from click.testing import CliRunner

from conftest import PROJECT, Repo
from pirsite.cli import main
from pirsite.obligations.rules import TIME_STARTS
from pirsite.pipeline import load_config
from pirsite.policy import Condition
from pirsite.records import DISPOSITIONS, POSTMORTEM_STATUSES, STATUSES, TIME_FIELDS


def test_shipped_schemas_match_the_shipped_policy() -> None:
    config = load_config(PROJECT)
    assert config.drift == ()


def test_code_constants_agree_with_the_schemas() -> None:
    incident = json.loads((PROJECT / "schemas/incident.schema.json").read_text())
    postmortem = json.loads((PROJECT / "schemas/postmortem.schema.json").read_text())
    policy = json.loads((PROJECT / "schemas/policy.schema.json").read_text())
    assert tuple(incident["properties"]["status"]["enum"]) == STATUSES
    assert tuple(incident["properties"]["disposition"]["enum"]) == DISPOSITIONS
    assert tuple(postmortem["properties"]["status"]["enum"]) == POSTMORTEM_STATUSES
    assert set(TIME_FIELDS) <= set(incident["properties"])
    duty = policy["properties"]["notification_rules"]["items"]["properties"]["notify"]["items"]
    clock = re.compile(duty["properties"]["clock_starts"]["pattern"])
    starts = set(TIME_FIELDS) - {"closed_at"} | {"privacy.risk.assessed_at", "classification:sec-material"}
    assert all(clock.match(field) for field in starts | {"stage:early_warning"})
    assert not clock.match("closed_at") and not clock.match("stage:") and set(TIME_STARTS) <= starts
    condition_keys = set(policy["$defs"]["condition"]["properties"])
    assert condition_keys == {f.name for f in dataclasses.fields(Condition)}


def test_every_field_has_a_description() -> None:
    def described(sub: dict, defs: dict) -> bool:
        if "description" in sub:
            return True
        ref = sub.get("$ref", "")
        return ref.startswith("#/$defs/") and "description" in defs[ref.removeprefix("#/$defs/")]

    def walk(node, defs, path="$"):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert described(sub, defs), f"{path}.{name} has no description"
            for key, value in node.items():
                walk(value, defs, f"{path}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, defs, f"{path}[{index}]")

    for name in ("incident.schema.json", "postmortem.schema.json", "policy.schema.json", "problem.schema.json"):
        schema = json.loads((PROJECT / "schemas" / name).read_text())
        walk(schema, schema.get("$defs", {}))


def test_drifted_schema_is_reported_and_fixed_by_schema_write(repo: Repo) -> None:
    path = repo.root / "schemas/incident.schema.json"
    schema = json.loads(path.read_text())
    schema["$defs"]["category"]["enum"].remove("malware")
    path.write_text(json.dumps(schema))
    assert repo.check() == (
        1,
        [
            "schemas/incident.schema.json:1:1: error schema-drift: the vocabularies in incident.schema.json differ "
            "from policy.yaml (run `pirsite schema --write` to copy them from the policy)"
        ],
    )
    result = CliRunner().invoke(main, ["--root", str(repo.root), "schema", "--write"])
    assert result.output.splitlines() == [
        "updated schemas/incident.schema.json",
        "unchanged schemas/postmortem.schema.json",
        "unchanged schemas/problem.schema.json",
    ]
    assert repo.check() == (0, [])


def test_policy_vocabulary_is_enforced_on_records(repo: Repo) -> None:
    from conftest import BASE

    policy = repo.root / "schemas/policy.yaml"
    policy.write_text(policy.read_text().replace("  - id: performance-degradation\n", "  - id: slowness\n"))
    repo.record(BASE)
    code, lines = repo.check()
    assert code == 1
    assert lines[0].startswith(
        "incidents/2026/PIR-2026-0001/incident.yaml:9:1: error invalid-value category: "
        "`performance-degradation` is not an allowed value"
    )


def test_invalid_policy_is_a_configuration_error_with_its_line(repo: Repo) -> None:
    policy = repo.root / "schemas/policy.yaml"
    policy.write_text(policy.read_text().replace('{code: "NO", name: Norway', "{code: NO, name: Norway"))
    result = CliRunner().invoke(main, ["--root", str(repo.root), "check"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "schemas/policy.yaml:311:6: error yaml-bool jurisdictions[22].code: unquoted `NO` is read by YAML as the "
        'boolean false, not as text (quote it: "NO")',
        "pirsite: configuration error: schemas/policy.yaml is not a valid policy",
    ]


def test_inconsistent_policy_is_a_configuration_error(repo: Repo) -> None:
    policy = repo.root / "schemas/policy.yaml"
    policy.write_text(
        policy.read_text().replace(
            "    domains: [privacy]\n    description: Personal data sent",
            "    domains: [privcy]\n    description: Personal data sent",
        )
    )
    result = CliRunner().invoke(main, ["--root", str(repo.root), "check"])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        "schemas/policy.yaml:35:15: error policy categories[0].domains[0]: `privcy` is not defined in domains "
        "(add it to domains or fix the spelling)"
    )


def test_broken_schema_file_is_a_configuration_error(repo: Repo) -> None:
    (repo.root / "schemas/incident.schema.json").write_text("{ not json")
    result = CliRunner().invoke(main, ["--root", str(repo.root), "check"])
    assert result.exit_code == 2
    assert result.output.startswith("pirsite: configuration error: cannot load schemas/incident.schema.json:")


def test_a_schema_that_breaks_its_metaschema_is_a_configuration_error(repo: Repo) -> None:
    path = repo.root / "schemas/incident.schema.json"
    path.write_text(path.read_text().replace('"type": "object"', '"type": 5', 1))
    result = CliRunner().invoke(main, ["--root", str(repo.root), "check"])
    assert result.exit_code == 2
    assert result.output.startswith("pirsite: configuration error: cannot load schemas/incident.schema.json:")
    assert "Traceback" not in result.output


def test_the_example_policy_s_jurisdiction_groups_are_complete() -> None:
    """GDPR applies in all 30 EEA states and HIPAA in every state, DC and territory: a group
    that lists only some makes a rule silently not apply (a Greek exposure got no GDPR notice)."""
    from pirsite.pipeline import load_config

    groups = load_config(PROJECT).policy.jurisdiction_groups
    eea = {code for code, of in groups.items() if "eea" in of}
    us = {code for code, of in groups.items() if "us" in of}
    assert len(eea) == 30 and {"GR", "BG", "HR", "CY", "MT", "IS", "LI", "NO"} <= eea
    # every state, DC and the five territories, and `US` for people whose state is not known yet
    assert len(us - {"US"}) == 56 and {"US-DC", "US-PR", "US-GU", "US-VI", "US-AS", "US-MP", "US-WY"} <= us


def test_an_exposure_in_a_newly_listed_eea_state_needs_a_gdpr_decision(repo: Repo) -> None:
    from conftest import PRIVACY

    text = PRIVACY.replace("{jurisdiction: DE, count: 1}", "{jurisdiction: GR, count: 1}").replace(
        'notifications:\n  - rule: gdpr-art33\n    required: "yes"\n    sent_at: 2026-05-06T10:00:00+02:00\n', ""
    )
    repo.record(text, "incidents/2026/PIR-2026-0002/incident.yaml")
    code, lines = repo.check()
    assert code == 1 and any("notification-missing" in line and "GDPR Art. 33" in line for line in lines)


def test_every_shipped_rule_cites_its_source_and_says_when_it_is_in_force() -> None:
    """A rule a counsel can check: citation, a link to the official text, the dates in force,
    a one-line description, and each duty's recipient in words."""
    from pirsite.pipeline import load_config

    rules = load_config(PROJECT).policy.notification_rules.values()
    assert len(rules) >= 25
    for rule in rules:
        assert rule.citation and rule.source and rule.source.startswith("https://"), rule.id
        assert rule.in_force.start is not None, rule.id
        assert rule.description and "\n" not in rule.description.strip(), rule.id
        assert all(duty.to for duty in rule.duties), rule.id
    regimes = {rule.regime for rule in rules}
    assert {"GDPR", "UK GDPR", "HIPAA", "NIS2", "DORA"} <= regimes
