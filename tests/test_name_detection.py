"""People's names in published text: found with the name lists and their context, never when they
are the roster's or allowed, always when deny-listed, and never shown in a finding."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

from pirsite.scan import ScanSettings, scan_text
from pirsite.scan.detectors import Hit, personal_data
from pirsite.scan.redact import Redactor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from names_accuracy import DEV, HELDOUT, PROJECT, load, score_corpus  # the benchmark's own scoring

# Floors for the held-out corpus (written by someone who never saw the detector, and scored
# once with the detector frozen), a little under the measured figures.
HELDOUT_PRECISION_FLOOR = 0.93  # measured 0.968 on 289 held-out names (2026-12-03)
HELDOUT_RECALL_FLOOR = 0.80  # measured 0.837
# The development corpus the detector was tuned on: a regression guard, a little under the figures.
DEV_PRECISION_FLOOR = 0.95
DEV_RECALL_FLOOR = 0.93

ROSTER = [
    {"handle": "p.haddad", "name": "Priya Haddad", "team": "platform-sre", "roles": ["engineering"]},
    {"handle": "a.okafor", "name": "Adaeze Okafor", "team": "privacy-office", "roles": ["privacy"]},
]
DEFAULT = ScanSettings()


def names_in(text: str, settings: ScanSettings = DEFAULT) -> list[str]:
    return [text[h.start : h.end] for h in personal_data(text, settings) if h.kind == "name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The export was emailed to Chinedu Okeke by mistake.", "Chinedu Okeke"),
        ("Researcher Jan van der Berg reported the open bucket.", "Jan van der Berg"),
        ("The claim of Siobhán O'Neill-McCarthy was sent to another customer.", "Siobhán O'Neill-McCarthy"),
        ("Reviewed by J. Smith on Tuesday.", "J. Smith"),
        ("Dear Mr. Okonkwo, we are writing about your claim.", "Okonkwo"),
        ("Officer Jenkins took the report.", "Jenkins"),
        ("Plaintiff Zyskowski alleges the bank was negligent.", "Zyskowski"),
        ("The vendor engineer Zhang Wei sent a hotfix.", "Zhang Wei"),
        ("The laptop was left in a taxi; Siobhan noticed at 18:00.", "Siobhan"),
        ("CLAIMANT: JOHN A. MERCER", "JOHN A. MERCER"),
    ],
)
def test_a_name_is_found(text: str, name: str) -> None:
    assert names_in(text) == [name]


def test_a_finding_is_a_persons_name_at_its_line_and_column() -> None:
    [finding] = scan_text("title: fine\nsummary: misdirected letter for Rosa Delgado\n", DEFAULT)
    assert (finding.kind, finding.code, finding.label, finding.line) == (
        "name",
        "pii-name",
        "a person's name",
        2,
    )
    assert finding.column == len("summary: misdirected letter for ") + 1


def test_a_surname_after_a_full_name_is_the_same_person() -> None:
    text = "A former nurse, Linda Marsh, was charged. Marsh pleaded not guilty."
    assert names_in(text) == ["Linda Marsh", "Marsh"]


def test_roster_names_and_handles_are_not_findings() -> None:
    settings = ScanSettings.from_raw({}, people=ROSTER)
    text = "Priya Haddad paged a.okafor; Adaeze Okafor approved. Priya's notes and Ms Okafor's reply are attached."
    assert names_in(text, settings) == []
    assert names_in("Priya Haddad handed over to Kwame Mensah.", settings) == ["Kwame Mensah"]
    assert names_in("Chidi Okafor called.", settings) == ["Chidi Okafor"]  # a surname alone allows no one


def test_allowed_names_are_not_findings() -> None:
    settings = ScanSettings.from_raw({"allow_names": ["Camille Dubois"]})
    assert (
        names_in("Our spokesperson Camille Dubois said the site is safe; Ms Dubois took questions.", settings)
        == []
    )
    assert names_in("Spokesperson Camille Dubois named Paul Martin as the contact.", settings) == [
        "Paul Martin"
    ]


def test_deny_listed_names_are_always_findings() -> None:
    settings = ScanSettings.from_raw(
        {"deny_names": ["Priya Haddad"], "allow_names": ["Priya Haddad"], "detect_names": False},
        people=ROSTER,
    )
    [finding] = scan_text("summary: Priya Haddad's payslip was in the export\n", settings)
    assert (finding.kind, finding.label) == ("name", "a name on the deny list")
    both = ScanSettings.from_raw({"deny_names": ["Dana Whitfield"]})
    [finding] = scan_text("Dana Whitfield asked for erasure", both)  # found twice, reported once
    assert finding.label == "a name on the deny list"


def test_detect_names_false_turns_the_detector_off() -> None:
    settings = ScanSettings.from_raw({"detect_names": False})
    assert names_in("The export was emailed to Chinedu Okeke by mistake.", settings) == []
    assert ScanSettings.from_raw({}).detect_names is True


@pytest.mark.parametrize(
    "text",
    [
        "Morgan Stanley and Wells Fargo reported the same vulnerability; so did Charles Schwab.",
        "The deputy's laptop was stolen in Jackson County; St. Mary's Hospital was not affected.",
        "Offices in San Jose, St. Louis, Lake Charles and Port Elizabeth; the Virginia Beach site too.",
        "George Washington University and Johns Hopkins Hospital were on the list.",
        "Smith & Sons Ltd. and Baker Street Clinic were the vendors; Grant Thornton audited them.",
        "The Gramm-Leach-Bliley Act and the Sarbanes-Oxley Act apply.",
        "Backups failed on Monday, June 3; the May, June and August reports are attached.",
        "Will the job run before the freeze? Mark it resolved. Grant access to on-call only. May we publish?",
        "The Jenkins pipeline, the Okta tenant and the Alexa skill were in scope; Akira claimed the attack.",
        "We use GitHub Actions, PowerShell and JavaScript; AWS GuardDuty and the SOC raised alerts.",
        "Summary Of Findings\nKey Risks Identified\nAction Items And Owners",
    ],
)
def test_companies_places_laws_months_and_products_are_not_names(text: str) -> None:
    assert names_in(text) == []


def test_a_hit_never_carries_the_name() -> None:
    assert {f.name for f in dataclasses.fields(Hit)} == {"kind", "start", "end", "label"}
    text = "summary: Chinedu Okeke's claim went to Rosa Delgado"
    findings = scan_text(text, DEFAULT)
    assert [f.label for f in findings] == ["a person's name", "a person's name"]
    rendered = json.dumps([[p.message, p.hint] for p in (f.problem("x.yaml") for f in findings)])
    assert "Okeke" not in rendered and "Delgado" not in rendered and "Chinedu" not in rendered
    assert Redactor(DEFAULT).text("unknown owner Rosa Delgado") == "unknown owner <a person's name>"


def test_the_roster_changes_the_scan_cache_key() -> None:
    assert ScanSettings.from_raw({}, people=ROSTER).fingerprint != ScanSettings.from_raw({}).fingerprint


def test_the_policy_schema_describes_the_name_options() -> None:
    schema = json.loads((PROJECT / "schemas/policy.schema.json").read_text(encoding="utf-8"))
    scanning = schema["properties"]["scanning"]["properties"]
    assert scanning["detect_names"]["type"] == "boolean" and scanning["detect_names"]["description"]
    assert scanning["allow_names"]["type"] == "array" and scanning["allow_names"]["description"]


def test_the_development_corpus_stays_found() -> None:
    total = score_corpus(load(DEV))["all"]
    assert total.labelled >= 80
    assert total.precision >= DEV_PRECISION_FLOOR, (total.precision, total.recall)
    assert total.recall >= DEV_RECALL_FLOOR, (total.precision, total.recall)


def test_precision_and_recall_on_the_held_out_corpus() -> None:
    if not HELDOUT.exists():
        pytest.skip(f"held-out corpus {HELDOUT.relative_to(PROJECT)} does not exist yet")
    total = score_corpus(load(HELDOUT))["all"]
    assert total.labelled > 0
    assert total.precision >= HELDOUT_PRECISION_FLOOR, (total.precision, total.recall)
    assert total.recall >= HELDOUT_RECALL_FLOOR, (total.precision, total.recall)
