"""Real history: unknown values, partial times, provenance and historical records pass
check without inventing anything, and the rules that need exactness or a live response
say so instead of guessing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import BASE
from pirsite.moments import Moment, parse, precision, show, surely_before

RECORD = "incidents/2014/PIR-2014-0001/incident.yaml"

# A breach known from a public register: year and month only, most facts unknown.
HISTORICAL = """\
schema_version: 1
id: PIR-2014-0001
title: Laptop with patient records stolen from a clinic
summary: A laptop holding patient records was stolen from an employee's car.
visibility: internal
historical: true
source:
  system: veris
  id: 0001AA7F-C601-424A-B2B8-BE6C9F5164E7
  imported_at: 2026-12-03T10:00:00Z
  references: [https://example.org/news/clinic-laptop]
  defaults: [visibility]
  dropped: ["actor.external.motive: Financial"]
status: closed
disposition: confirmed
domains: [privacy, security]
category: lost-or-stolen-device
severity: unknown
impact: unknown
urgency: unknown
priority: unknown
reporter: unknown
occurred_at: 2014-06
detected_at: 2014-06
reported_at: unknown
contained_at: unknown
resolved_at: unknown
closed_at: 2014
detection:
  method: unknown
  internal: unknown
privacy:
  role: unknown
  personal_data_disclosed: potentially
  data:
    - {category: health, records: unknown}
  data_subjects:
    - {type: patients, count: unknown}
  individuals_by_jurisdiction:
    - {jurisdiction: US, count: unknown}
  data_states:
    - {state: at_rest, encrypted: unknown}
cause:
  root_cause_category: unknown
timeline:
  - {at: 2014-06, type: cause, description: The laptop is stolen from a car.}
  - {at: 2014-06-20, type: communication, description: The clinic announces the theft.}
notifications:
  - {rule: hipaa-164-404, required: "yes", sent_at: 2014-07-02}
"""


def test_a_historical_record_with_unknowns_passes_check(repo):
    repo.record(HISTORICAL, RECORD)
    code, lines = repo.check()
    assert lines == []
    assert code == 0


def test_the_same_record_as_a_live_incident_is_asked_for_what_a_response_records(repo):
    repo.record(HISTORICAL.replace("historical: true\n", ""), RECORD)
    code, lines = repo.check()
    text = "\n".join(lines)
    assert code == 1
    assert "severity `unknown` is only for historical records" in text
    assert "`commander` is required" in text
    assert "`acknowledged_at` is required" in text
    assert "risk assessment is required" in text


def test_an_unknown_disposition_is_for_history_only(repo):
    repo.record(HISTORICAL.replace("disposition: confirmed", "disposition: unknown"), RECORD)
    assert repo.check() == (0, [])
    repo.record(BASE.replace("disposition: confirmed", "disposition: unknown"))
    code, lines = repo.check()
    assert code == 1 and any("disposition `unknown` is only for historical records" in line for line in lines)


def test_unknown_does_not_satisfy_a_field_that_is_simply_missing(repo):
    record = HISTORICAL.replace("contained_at: unknown\n", "")
    repo.record(record, RECORD)
    code, lines = repo.check()
    assert code == 1
    assert any("`contained_at` is required" in line and "`unknown` if the record" in line for line in lines)


def test_an_incident_must_be_datable(repo):
    record = HISTORICAL.replace("occurred_at: 2014-06\n", "occurred_at: unknown\n")
    record = record.replace("detected_at: 2014-06\n", "detected_at: unknown\n")
    repo.record(record, RECORD)
    code, lines = repo.check()
    assert code == 1
    assert any("unknown-time" in line and "cannot be dated" in line for line in lines)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2014", True),
        ("2014-06", True),
        ("2014-06-30", True),
        ("2014-06-31", False),
        ("2014-13", False),
        ("14-06", False),
        ("June 2014", False),
    ],
)
def test_partial_times_are_checked_as_dates(repo, value, ok):
    repo.record(HISTORICAL.replace("detected_at: 2014-06\n", f'detected_at: "{value}"\n'), RECORD)
    code, lines = repo.check()
    if ok:
        assert (code, lines) == (0, [])
    else:
        assert code == 1
        assert any(
            "detected_at" in line and "bad-timestamp" in line and "2014-06 or 2014" in line for line in lines
        ), lines


def test_a_bare_year_is_read_as_a_year(repo):
    repo.record(HISTORICAL.replace("detected_at: 2014-06\n", "detected_at: 2014\n"), RECORD)
    assert repo.check() == (0, [])


def test_chronology_compares_what_the_precisions_allow(repo):
    # a month-precision occurrence is not after a detection within that month
    record = BASE.replace("occurred_at: 2026-03-02T09:55:00Z", "occurred_at: 2026-03")
    repo.record(record)
    code, lines = repo.check()
    assert code == 0
    assert [line.split()[2] for line in lines] == ["partial-time"]  # a live record is told, not refused
    # but a day after the detection is surely after it
    repo.record(BASE.replace("occurred_at: 2026-03-02T09:55:00Z", "occurred_at: 2026-03-03"))
    code, lines = repo.check()
    assert code == 1
    assert any(
        "chronology" in line
        and "`detected_at` (2026-03-02T10:00:00Z) is before `occurred_at` (2026-03-03)" in line
        for line in lines
    ), lines


def test_notification_lateness_of_a_live_record_is_judged_by_the_date_only_when_sure():
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    same_day = parse("2026-03-01")
    assert not surely_before(start, same_day)
    assert surely_before(start, parse("2026-03-02"))


def test_moments_keep_their_precision():
    month = parse("2014-06")
    assert isinstance(month, Moment)
    assert precision(month) == "month"
    assert show(month) == "2014-06"
    assert show(parse(2014)) == "2014"
    assert show(parse("2014-06-01")) == "2014-06-01"
    assert show(parse("2014-06-01T10:00:00+02:00")) == "2014-06-01 08:00 UTC"
    assert show(None) == "unknown"
    # arithmetic gives a plain time: a derived time is never shown as if recorded
    assert not isinstance(month + (parse("2014-07") - month), Moment)
    assert precision(parse("2014-06-01T10:00:00Z")) == "exact"


# --- metrics and pages ---------------------------------------------------------------

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def _metrics(repo):
    from pirsite.metrics.compute import compute
    from pirsite.pipeline import check

    result = check(repo.root, now=NOW, use_cache=False, git_history=False)
    assert [p for p in result.problems if p.level == "error"] == []
    return compute(result.incidents, result.postmortems, result.policy, now=NOW)


def test_metrics_count_history_in_volumes_but_measure_only_exact_durations(repo):
    repo.record()  # BASE: a live, exactly timed incident
    repo.record(HISTORICAL, RECORD)
    metrics = _metrics(repo)
    overall = metrics.overall
    assert overall.incidents == 2
    assert overall.historical == 1
    # time to contain: one measured (BASE), the historical one is not guessed
    assert (overall.times["contain"].count, overall.times["contain"].missing) == (1, 1)
    # time to detect: BASE measured; 2014-06 -> 2014-06 is not a duration
    assert overall.times["detect"].count == 1
    # the historical notice is not an on-time figure, its SLA clocks do not exist
    assert overall.notifications["all"].obligations == 0
    assert overall.slas["acknowledge"].applicable == 1  # BASE only
    assert overall.slas["contain"].applicable == 1
    assert metrics.years["2014"].incidents == 1
    assert metrics.months["2014-06"].incidents == 1
    # unknown root cause is not a recurring class; unknown values are counted as unknown
    assert overall.volume["root_cause"] == {"hardware-failure": 1, "unknown": 1}
    assert overall.volume["severity"] == {"sev3": 1, "unknown": 1}
    # the unknown counts add nothing, and say that they are unknown instead of reading as zero
    assert (overall.individuals_affected, overall.individuals_unknown) == (0, 1)
    assert (overall.records_affected, overall.records_unknown) == (0, 1)


def test_an_incident_known_only_by_its_year_counts_in_its_year_not_in_a_month(repo):
    repo.record()
    record = HISTORICAL.replace("occurred_at: 2014-06\n", "occurred_at: 2014\n")
    record = record.replace("detected_at: 2014-06\n", "detected_at: 2014\n")
    record = record.replace("{at: 2014-06, type: cause", "{at: 2014, type: cause")
    repo.record(record, RECORD)
    metrics = _metrics(repo)
    assert metrics.overall.incidents == 2
    assert metrics.years["2014"].incidents == 1
    assert min(metrics.months) == "2026-03"  # no month invented for it
    assert sum(m.incidents for m in metrics.months.values()) == 1


def test_the_page_of_a_historical_record_shows_what_is_known_as_it_is_known(repo, tmp_path):
    from pirsite.mkdocs_commands import build_site
    from site_fixtures import MKDOCS_YML, SITE_AS_OF

    repo.record()
    repo.record(HISTORICAL, RECORD)
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("docs/index.md", "# Program\n")
    site = build_site(repo.root, tmp_path / "site", audience="internal", as_of=SITE_AS_OF)
    page = (site / "incidents/PIR-2014-0001/index.html").read_text(encoding="utf-8")
    assert "Historical record" in page
    assert "imported from veris" in page
    assert "<td>2014-06</td>" in page  # detected: the month, not 2014-06-01 00:00
    assert "2014-06-01 00:00" not in page
    assert "<td>Contained</td>\n<td>unknown</td>" in page
    assert "encryption unknown" in page
    assert "internal or external: unknown" in page
    assert "https://example.org/news/clinic-laptop" in page
    assert "actor.external.motive: Financial" in page


def test_report_figures_say_how_many_incidents_they_cover(repo):
    from pirsite.metrics.report import quarterly_report

    repo.record()
    second = BASE.replace("id: PIR-2026-0001", "id: PIR-2026-0002").replace(
        "contained_at: 2026-03-02T10:30:00Z", "contained_at: unknown"
    )
    repo.record(second, "incidents/2026/PIR-2026-0002/incident.yaml")
    report = quarterly_report(_metrics(repo), "2026Q1")
    kpis = {k.key: k for k in report.kpis}
    assert kpis["incidents"].value == 2
    assert (kpis["contain_median"].value, kpis["contain_median"].n) == (0.5, 1)  # one of two measured
    assert kpis["resolve_median"].n == 2
    assert kpis["contain_sla"].n == 1  # the unknown containment is no SLA verdict
    assert kpis["incidents"].n == 2  # a count rests on the quarter's incidents
