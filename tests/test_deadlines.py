"""Deadlines counted as the law counts them: exact periods, calendar days and business days
with public holidays (from the `holidays` library), across weekends, holidays and daylight
saving changes; and a policy that cannot be counted is refused with a clear message."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import PRIVACY, PROJECT, Repo
from pirsite.obligations.deadlines import Calendar, DeadlineError, parse_deadline
from pirsite.pipeline import check

NEW_YORK = Calendar("America/New_York", "US", "NY")
BRAZIL = Calendar("America/Sao_Paulo", "BR")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("deadline", "calendar", "start", "due", "why"),
    [
        ("72h", None, "2026-03-27T10:00:00+01:00", "2026-03-30T10:00:00+01:00", "exact, whatever the clock"),
        # 72 hours across the EU change to summer time (29 March 2026): 72 real hours, so the
        # wall clock in Berlin reads 11:00, not 10:00
        ("72h", None, "2026-03-27T10:00:00+01:00", "2026-03-30T11:00:00+02:00", "across DST"),
        ("30d", None, "2026-01-31T12:00:00Z", "2026-03-02T12:00:00Z", "30 x 24h"),
        # SEC 8-K Item 1.05: 4 business days; Thursday -> Fri, Mon, Tue, Wed
        ("4 business days", NEW_YORK, "2026-05-14T16:00:00-04:00", "2026-05-20T23:59:59-04:00", "weekend"),
        # Memorial Day, Monday 25 May 2026, is not a business day
        ("4 business days", NEW_YORK, "2026-05-21T09:00:00-04:00", "2026-05-28T23:59:59-04:00", "holiday"),
        # the day is the calendar's: 02:00 UTC on Friday is still Thursday in New York
        ("1 business day", NEW_YORK, "2026-05-15T02:00:00Z", "2026-05-15T23:59:59-04:00", "time zone"),
        # LGPD (ANPD Resolution 15/2024): 3 working days; Tiradentes, Tuesday 21 April 2026
        ("3 working days", BRAZIL, "2026-04-17T10:00:00-03:00", "2026-04-23T23:59:59-03:00", "holiday, BR"),
        ("60 calendar days", NEW_YORK, "2026-01-05T15:00:00Z", "2026-03-06T23:59:59-05:00", "calendar days"),
        # across the US change to summer time (8 March 2026): the end of the day in local time
        ("7 calendar days", NEW_YORK, "2026-03-05T12:00:00-05:00", "2026-03-12T23:59:59-04:00", "DST, days"),
    ],
)
def test_due_times(deadline: str, calendar: Calendar | None, start: str, due: str, why: str) -> None:
    assert parse_deadline(deadline, calendar).due(at(start)) == at(due), why


def test_the_due_time_is_the_last_second_of_the_last_day_in_the_calendar_zone() -> None:
    due = parse_deadline("1 business day", NEW_YORK).due(at("2026-07-02T12:00:00-04:00"))
    assert due.astimezone(UTC) == at(
        "2026-07-07T03:59:59+00:00"
    )  # Fri 3 July 2026 is a holiday, then a weekend


def test_without_undue_delay_is_described_as_a_limit() -> None:
    deadline = parse_deadline("60 calendar days", NEW_YORK, undue_delay=True)
    assert deadline.described == "without undue delay, at most 60 calendar days"
    assert parse_deadline("72h").described == "72h"


@pytest.mark.parametrize(
    ("deadline", "calendar", "message"),
    [
        ("4 business days", None, "needs a calendar with its timezone"),
        ("4 business days", Calendar("America/New_York"), "needs a country"),
        ("10 calendar days", Calendar("Mars/Olympus_Mons"), "is not a time zone"),
        ("2 fortnights", None, "is not a deadline"),
    ],
)
def test_a_deadline_that_cannot_be_counted_is_refused(
    deadline: str, calendar: Calendar | None, message: str
) -> None:
    with pytest.raises(DeadlineError, match=message):
        parse_deadline(deadline, calendar)


def test_a_country_without_a_holiday_calendar_is_refused_at_its_first_due_time() -> None:
    """The holidays library is imported at the first business-day due time, not when the policy
    loads (it would cost more than the whole example check); its refusal is a DeadlineError."""
    deadline = parse_deadline("2 business days", Calendar("Europe/Paris", "XX"))
    with pytest.raises(DeadlineError, match="no calendar for country `XX`"):
        deadline.due(datetime.fromisoformat("2026-05-04T10:00:00+02:00"))


def with_rule(root: Path, rule: str, *, valid: bool = True) -> None:
    policy = root / "schemas/policy.yaml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(
        text.replace("notification_rules:\n", "notification_rules:\n" + rule, 1), encoding="utf-8"
    )
    from click.testing import CliRunner

    from pirsite.cli import main

    result = CliRunner().invoke(main, ["--root", str(root), "schema", "--write"])  # the id is a vocabulary
    assert result.exit_code == (0 if valid else 2), result.output


SEC_RULE = """\
  - id: sec-8k
    name: SEC Form 8-K Item 1.05
    citation: Form 8-K Item 1.05
    description: Test rule counted in business days.
    applies_when: {domains: [privacy], jurisdictions: [us]}
    notify:
      - recipient: sec
        to: SEC (EDGAR filing)
        clock_starts: aware_at
        deadline: 4 business days
        calendar: {timezone: America/New_York, country: US}
"""


WITH_SEC_NOTICE = PRIVACY.replace(
    "    sent_at: 2026-05-06T10:00:00+02:00\n",
    '    sent_at: 2026-05-06T10:00:00+02:00\n  - rule: sec-8k\n    required: "yes"\n'
    "    sent_at: 2026-05-08T20:00:00Z\n",
)


def test_a_business_day_rule_in_the_policy_gives_the_statutory_due_time(repo: Repo) -> None:
    with_rule(repo.root, SEC_RULE)
    text = WITH_SEC_NOTICE.replace(
        "    - {jurisdiction: DE, count: 1}\n",
        "    - {jurisdiction: DE, count: 1}\n    - {jurisdiction: US-CA, count: 1}\n",
    )
    repo.record(text, "incidents/2026/PIR-2026-0002/incident.yaml")
    result = check(repo.root, now=at("2026-06-01T00:00:00Z"), use_cache=False, git_history=False)
    assert [p for p in result.problems if p.level == "error" and p.code.startswith("notification")] == []
    # aware Monday 4 May 11:00 +02:00 (05:00 in New York): Tue, Wed, Thu, Fri -> Fri 8 May 23:59:59 EDT
    from pirsite.obligations.clocks import notification_states

    states = {
        s.rule.id: (s.due, s.state) for s in notification_states(result.incidents[0], result.policy, result_now())
    }
    assert states["sec-8k"] == (at("2026-05-08T23:59:59-04:00"), "met")


def test_a_business_day_rule_whose_country_has_no_calendar_is_a_policy_error_not_a_crash(repo: Repo) -> None:
    with_rule(repo.root, SEC_RULE.replace("country: US}", "country: XX}"))
    text = WITH_SEC_NOTICE
    repo.record(text, "incidents/2026/PIR-2026-0002/incident.yaml")
    code, lines = repo.check()
    assert code == 1
    [line] = [line for line in lines if "XX" in line]
    assert line.startswith("schemas/policy.yaml:") and "error policy notification_rules[0].notify[0].calendar" in line
    assert "no calendar for country `XX`" in line and "fix calendar.country" in line


def result_now() -> datetime:
    return at("2026-06-01T00:00:00Z")


def test_a_rule_whose_deadline_cannot_be_counted_is_a_policy_error(repo: Repo) -> None:
    with_rule(
        repo.root,
        SEC_RULE.replace("        calendar: {timezone: America/New_York, country: US}\n", ""),
        valid=False,
    )
    code, lines = repo.check()
    assert code == 2
    assert any("notification_rules[0].notify[0].deadline" in line and "needs a calendar" in line for line in lines)


def test_the_policy_page_says_how_days_are_counted(tmp_path: Path) -> None:
    from pirsite.mkdocs_commands import build_site
    from site_fixtures import SITE_AS_OF, program, site_files

    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    program(Repo(tmp_path))
    with_rule(tmp_path, SEC_RULE)
    page = site_files(build_site(tmp_path, tmp_path / "site", audience="internal", as_of=SITE_AS_OF))[
        "policy/notification-rules/index.html"
    ]
    assert "days are counted in America/New_York" in page and "public holidays of US" in page


def test_the_incident_page_shows_a_due_time_in_its_zone_and_in_utc(tmp_path: Path) -> None:
    from pirsite.mkdocs_commands import build_site
    from site_fixtures import SITE_AS_OF, program, site_files

    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    program(Repo(tmp_path))  # PIR-2026-0002: GDPR Art. 33, aware 2026-05-04 11:00 +02:00
    page = site_files(build_site(tmp_path, tmp_path / "site", audience="internal", as_of=SITE_AS_OF))[
        "incidents/PIR-2026-0002/index.html"
    ]
    assert "2026-05-07 11:00 +02:00 (2026-05-07 09:00 UTC)" in page


def test_a_law_enforcement_delay_that_ends_before_it_begins_is_an_error(repo: Repo) -> None:
    text = PRIVACY.replace(
        "cause:\n",
        "law_enforcement_delays:\n  - {from: 2026-05-10T00:00:00Z, until: 2026-05-01T00:00:00Z, "
        "requested_by: FBI field office}\ncause:\n",
    )
    repo.record(text, "incidents/2026/PIR-2026-0002/incident.yaml")
    code, lines = repo.check()
    assert code == 1
    [line] = [line for line in lines if "law_enforcement_delays" in line]
    assert "error chronology law_enforcement_delays[0].until" in line and "ends" in line
