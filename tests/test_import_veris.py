"""`pirsite import` of VERIS JSON: real public VCDB records become historical records that
pass check with nothing invented, every VERIS enumeration is accounted for, and
`pirsite export --format veris` writes records the VERIS 1.3.7 schema accepts."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from conftest import PROJECT, Repo
from pirsite.cli import main
from pirsite.importing import veris
from pirsite.importing.run import redact, settle_gaps
from pirsite.pipeline import load_config

VCDB = PROJECT / "tests/data/vcdb/records"
VERIS_SCHEMA = PROJECT / "tests/data/veris/verisc-merged.json"
ENUMS = json.loads((PROJECT / "tests/data/veris/verisc-enum.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def run(repo: Repo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(repo.root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def written(repo: Repo) -> dict[str, dict]:
    return {
        p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((repo.root / "incidents").glob("*/*/incident.yaml"))
    }


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_vcdb_corpus_imports_and_passes_check_with_nothing_invented(repo: Repo, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, out = run(repo, "import", str(VCDB), "--extend-policy", "--report", str(report))
    assert code == 0, out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["records"] == 64
    assert data["duplicates"] == 1  # 001a011b repeats 00163384's incident id
    assert data["passed_check"] == 63 and data["failed_check"] == 0
    assert repo.check() == (0, [])
    records = written(repo)
    assert len(records) == 63
    sources = {
        json.loads(p.read_text())["incident_id"]: json.loads(p.read_text()) for p in VCDB.glob("*.json")
    }
    for record in records.values():
        assert record["historical"] is True
        original = sources[record["source"]["id"]]
        when = original["timeline"]["incident"]
        # the occurrence is exactly as precise as VERIS knows it: never padded to a day or an instant
        expected = f"{when['year']:04d}"
        if "month" in when:
            expected += f"-{when['month']:02d}"
            if "day" in when:
                expected += f"-{when['day']:02d}"
        assert str(record["occurred_at"]) == expected
        # VERIS records no detection, report or containment instants: they are unknown, not guessed
        for field in ("detected_at", "reported_at", "contained_at", "resolved_at", "closed_at"):
            assert record[field] == "unknown"
        assert record["severity"] == "unknown"
        assert record["id"].split("-")[1] == f"{when['year']:04d}"
        assert set(record["source"]["defaults"]) <= {"status", "visibility", "summary"}
    text = "".join(p.read_text() for p in (repo.root / "incidents").glob("*/*/incident.yaml"))
    assert "T00:00:00" not in text  # no instant made up from a date
    # the report counts every unknown by field
    assert data["unknown_by_field"]["detected_at"] == 63
    assert data["unknown_by_field"]["privacy.role"] >= 40


def test_a_second_import_writes_nothing_and_changes_nothing(repo: Repo) -> None:
    run(repo, "import", str(VCDB), "--extend-policy")
    before = tree(repo.root)
    code, out = run(repo, "import", str(VCDB))
    assert code == 0, out
    assert "wrote 0, skipped 64 already imported" in out
    assert tree(repo.root) == before


def test_a_dry_run_writes_nothing_and_reports_what_a_run_would(repo: Repo) -> None:
    before = tree(repo.root)
    code, out = run(repo, "import", str(VCDB), "--dry-run", "--extend-policy")
    assert code == 0, out
    assert out.startswith("dry run: 64 record(s) read")
    assert "would write 63" in out and "check: 63 pass, 0 fail" in out
    assert tree(repo.root) == before


def test_without_extend_policy_the_gaps_are_named_and_the_values_stay_unknown(repo: Repo) -> None:
    code, out = run(repo, "import", str(VCDB))
    assert code == 0, out
    assert "policy vocabulary to extend (run again with --extend-policy" in out
    assert "data_categories: personal-information" in out
    assert repo.check() == (0, [])
    policy = (repo.root / "schemas/policy.yaml").read_text(encoding="utf-8")
    assert "personal-information" not in policy
    dropped = [d for r in written(repo).values() for d in r["source"].get("dropped", ())]
    assert any("data.variety: Personal (no policy data categor" in d for d in dropped)


def test_extend_policy_adds_the_vocabulary_for_review_and_keeps_the_file_intact(repo: Repo) -> None:
    before = (repo.root / "schemas/policy.yaml").read_text(encoding="utf-8")
    run(repo, "import", str(VCDB), "--extend-policy")
    after = (repo.root / "schemas/policy.yaml").read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert any(line.strip().startswith("# added by pirsite import") for line in added)
    assert any("id: personal-information" in line for line in added)
    assert any("id: external-actor-disclosure" in line and "internal: false" in line for line in added)
    assert [line for line in before.splitlines() if line not in after.splitlines()] == []  # nothing removed
    schema = json.loads((repo.root / "schemas/incident.schema.json").read_text(encoding="utf-8"))
    assert "personal-information" in schema["$defs"]["data_category"]["enum"]


def test_personal_data_in_a_summary_is_removed_and_counted() -> None:
    policy = load_config(PROJECT).policy
    record = json.loads((VCDB / "0001aa7f-c601-424a-b2b8-be6c9f5164e7.json").read_text())
    record["summary"] = "The clerk emailed records to billing.help@gmail.com before it was noticed."
    draft = veris.to_draft(record, "x.json", policy, NOW)
    redact(draft, policy)
    assert "gmail.com" not in draft.record["summary"]
    assert "(email address, removed on import)" in draft.record["summary"]
    assert draft.redacted == ["summary: email address"]


def test_a_file_that_is_not_veris_stops_the_import_with_a_clear_error(repo: Repo, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"incident": "not veris"}', encoding="utf-8")
    code, out = run(repo, "import", str(bad))
    assert code == 1
    assert "import stopped, nothing was written: bad.json: not a VERIS incident" in out
    assert "Traceback" not in out
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, out = run(repo, "import", str(broken))
    assert code == 1 and "not readable as JSON" in out
    assert not list((repo.root / "incidents").rglob("*.yaml"))


def _values(enum: dict, *path: str) -> list[str]:
    node = enum
    for part in path:
        node = node[part]
    return list(node)


def _base() -> dict:
    return {
        "incident_id": "TEST",
        "timeline": {"incident": {"year": 2015}},
        "action": {"unknown": {}},
        "security_incident": "Confirmed",
        "summary": "A test incident built from the VERIS enumerations.",
    }


CASES = (
    [
        ("action", a, v)
        for a in veris.ACTIONS
        if a != "unknown"
        for v in _values(ENUMS, "action", a, "variety")
    ]
    + [
        ("discovery", f, v)
        for f in ("internal", "external", "partner")
        for v in _values(ENUMS, "discovery_method", f, "variety")
    ]
    + [("data", None, v) for v in _values(ENUMS, "attribute", "confidentiality", "data", "variety")]
    + [("victim", None, v) for v in _values(ENUMS, "attribute", "confidentiality", "data_victim")]
    + [("state", None, v) for v in _values(ENUMS, "attribute", "confidentiality", "state")]
    + [("disclosure", None, v) for v in _values(ENUMS, "attribute", "confidentiality", "data_disclosure")]
    + [("security_incident", None, v) for v in ENUMS["security_incident"]]
)


@pytest.fixture(scope="module")
def config():
    return load_config(PROJECT)


@pytest.mark.parametrize(("kind", "family", "value"), CASES, ids=lambda v: str(v))
def test_every_veris_enumeration_value_is_mapped_unknown_or_kept_as_text(config, kind, family, value) -> None:
    """Each VERIS 1.3.7 value: the record is schema-valid (gaps degraded as without
    --extend-policy), and the value is either translated, `unknown`, or visible in
    source.dropped, the title or the report's gaps: never silently lost."""
    data = _base()
    if kind == "action":
        data["action"] = {family: {"variety": [value]}}
    elif kind == "discovery":
        data["discovery_method"] = {family: {"variety": [value]}}
    elif kind == "security_incident":
        data["security_incident"] = value
    else:
        confidentiality = {"data_disclosure": "Yes", "data": [{"variety": "Medical"}]}
        key = {"data": "data", "victim": "data_victim", "state": "state", "disclosure": "data_disclosure"}[
            kind
        ]
        confidentiality[key] = (
            [{"variety": value}] if kind == "data" else [value] if kind != "disclosure" else value
        )
        data["attribute"] = {"confidentiality": confidentiality}
    draft = veris.to_draft(data, "case.json", config.policy, NOW)
    gaps = [g.source_value for g in draft.gaps]
    settle_gaps(draft, config.policy, extend=False)
    record = {"id": "PIR-2015-0001", **draft.record}
    errors = list(config.incident_schema._detailed.iter_errors(record))
    assert errors == [], [e.message for e in errors]
    shown = json.dumps(record) + " ".join(gaps) + " ".join(draft.dropped)
    tables = {
        "action": {**veris.CATEGORY.get(family or "", {}), **veris.ROOT_CAUSE.get(family or "", {})},
        "discovery": veris.DETECTION.get(family or "", {}),
        "data": veris.DATA_CATEGORY,
        "victim": veris.SUBJECT_TYPE,
        "state": {k: v[0] for k, v in veris.DATA_STATE.items()},
    }.get(kind, {})
    if value in tables:  # translated by its table: the translation is in the record
        assert f'"{tables[value]}"' in shown, (kind, value, tables[value])
        return
    unknowns = {"Unknown", "Other", "NA"}
    translated = {
        "security_incident": veris.DISPOSITION,
        "disclosure": veris.DISCLOSED,
    }.get(kind)
    if translated is not None:
        assert (
            record.get("disposition") == translated.get(value) or record["privacy"]["personal_data_disclosed"]
        )
    elif value not in unknowns:
        lowered = shown.lower()
        assert value.lower() in lowered or re.sub(r"[^a-z]+", "-", value.lower()) in lowered, (kind, value)


def test_export_writes_records_the_veris_schema_accepts(tmp_path: Path) -> None:
    out = tmp_path / "veris"
    result = CliRunner().invoke(
        main, ["--root", str(PROJECT), "export", "--format", "veris", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.json"))
    assert len(files) >= 50
    validator = jsonschema.Draft4Validator(json.loads(VERIS_SCHEMA.read_text(encoding="utf-8")))
    for path in files:
        errors = [e.message for e in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
        assert errors == [], (path.name, errors)
    restricted = [
        p for p in PROJECT.glob("incidents/*/*/incident.yaml") if "visibility: restricted" in p.read_text()
    ]
    assert restricted and not any((out / f"{p.parent.name}.json").exists() for p in restricted)
    again = CliRunner().invoke(main, ["--root", str(PROJECT), "export", "--out", str(out)])
    assert again.exit_code != 0 and "not empty" in again.output  # never overwrites


def test_an_imported_record_exports_back_with_what_it_knows(repo: Repo, tmp_path: Path) -> None:
    source = VCDB / "0001aa7f-c601-424a-b2b8-be6c9f5164e7.json"
    run(repo, "import", str(source))
    out = tmp_path / "back"
    code, output = run(repo, "export", "--out", str(out))
    assert code == 0, output
    [path] = out.glob("*.json")
    back = json.loads(path.read_text(encoding="utf-8"))
    original = json.loads(source.read_text(encoding="utf-8"))
    assert back["incident_id"] == original["incident_id"]
    assert back["timeline"]["incident"] == original["timeline"]["incident"]
    assert back["timeline"]["discovery"] == {"unit": "Unknown"}  # no lag made up from unknown times
    assert list(back["action"]) == list(original["action"])
