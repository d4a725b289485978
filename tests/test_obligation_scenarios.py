"""The example policy's rule library as a table of cases: facts -> the obligations expected,
each with its exact due instant, each citing where the law says so.

A case lists the duties it expects ("rule/recipient[/stage][@jurisdiction]": the due instant,
NO_DUE when the law sets a standard without a number, or MAY when a fact is unknown) and the
rules that must not fire at all. Every record is checked against the incident schema first,
so a case can only state facts an analyst could record.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import pytest

from conftest import PROJECT
from pirsite.obligations.clocks import duty_clock
from pirsite.obligations.expected import entries_by_key, expected_duties
from pirsite.pipeline import load_config
from pirsite.policy import Organisation
from pirsite.records import build_incident
from pirsite.yamlsafe import Locator

CONFIG = load_config(PROJECT)
POLICY = CONFIG.policy
EXAMPLE_CORP = POLICY.organisation  # main establishment IE; also US-NY, GB, SG
NON_EU = Organisation("US Corp", ("US-NY",), None, frozenset())
NO_DUE = "no due instant"
MAY = "may apply"

BASE: dict[str, Any] = {
    "schema_version": 1,
    "id": "PIR-2026-0100",
    "title": "Scenario",
    "summary": "A scenario for the notification rules.",
    "visibility": "internal",
    "status": "investigating",
    "disposition": "confirmed",
    "domains": ["privacy"],
    "category": "data-exposure",
    "severity": "sev2",
    "impact": "high",
    "urgency": "medium",
    "priority": "p2",
    "reporter": "monitoring",
    "detected_at": "2026-03-02T09:00:00+00:00",  # a Monday, before the US and EU DST changes
    "reported_at": "2026-03-02T09:10:00+00:00",
    "aware_at": "2026-03-02T12:00:00+00:00",
    "detection": {"method": "monitoring-alert", "internal": True},
    "privacy": {
        "role": "controller",
        "personal_data_disclosed": "yes",
        "data": [{"category": "contact-details"}],
        "data_elements": ["name", "email"],
        "individuals_by_jurisdiction": [{"jurisdiction": "DE", "count": 10}],
        "data_states": [{"state": "at_rest", "encrypted": False}],
        "risk": {
            "overall": "risk",
            "rationale": "Names and emails reached an unknown third party.",
            "assessed_at": "2026-03-03T10:00:00+00:00",
        },
    },
}


@dataclass(frozen=True)
class Case:
    name: str
    source: str  # where the law says so
    facts: dict[str, Any]  # top-level fields; "privacy" entries are merged into the base privacy
    expect: dict[str, str]  # duty -> due (RFC 3339), NO_DUE or MAY
    absent: tuple[str, ...] = ()  # rule ids (or duty keys) that must not be expected
    organisation: Organisation = EXAMPLE_CORP
    exact: bool = False  # True: the expected duties (other than records kept) are all there is
    notes: dict[str, str] = field(default_factory=dict)


def people(*entries: tuple[str | list[str], int | str]) -> dict[str, Any]:
    rows = [
        {"jurisdictions": code, "count": count} if isinstance(code, list) else {"jurisdiction": code, "count": count}
        for code, count in entries
    ]
    return {"privacy": {"individuals_by_jurisdiction": rows}}


def merge(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if key == "privacy" and value is not None and out.get("privacy", {}) is not None:
                out.setdefault("privacy", {}).update(value)
            else:
                out[key] = value
    return out


def elements(*ids: str) -> dict[str, Any]:
    return {"privacy": {"data_elements": list(ids)}}


def risk(level: str | None) -> dict[str, Any]:
    if level is None:
        return {"privacy": {"risk": None}}
    return {
        "privacy": {
            "risk": {"overall": level, "rationale": f"Assessed as {level}.", "assessed_at": "2026-03-03T10:00:00+00:00"}
        }
    }


HEALTH_CE = {"privacy": {"role": "covered_entity", "data": [{"category": "health"}]}}
SSN = elements("name", "ssn")


def classified(cid: str, at: str) -> dict[str, Any]:
    return {"classifications": [{"id": cid, "determined_at": at}], "domains": ["security"], "privacy": None}


def sent(rule: str, recipient: str, stage: str | None, at: str) -> dict[str, Any]:
    entry = {"rule": rule, "recipient": recipient, "required": "yes", "sent_at": at}
    if stage:
        entry["stage"] = stage
    return {"notifications": [entry]}


def status(*held: str) -> Organisation:
    return replace(EXAMPLE_CORP, statuses=frozenset(held))


CASES = [
    # --- GDPR: where the organisation is established decides, not only where people live
    Case(
        "eu-established controller, everyone affected in the US",
        "GDPR Art. 3(1), 33(1); EDPB Guidelines 9/2022",
        people(("US-CA", 10)),
        {"gdpr-art33/authority/initial": "2026-03-05T12:00:00+00:00"},
        absent=("gdpr-art33-no-main", "ca-civ-1798-82"),
    ),
    Case(
        "non-EU controller, people in three EU states: every authority",
        "GDPR Art. 3(2), 33(1), 55(1); EDPB Guidelines 9/2022 para 73",
        people(("DE", 4), ("FR", 3), ("ES", 2)),
        {
            "gdpr-art33-no-main/authority/initial@DE": "2026-03-05T12:00:00+00:00",
            "gdpr-art33-no-main/authority/initial@ES": "2026-03-05T12:00:00+00:00",
            "gdpr-art33-no-main/authority/initial@FR": "2026-03-05T12:00:00+00:00",
        },
        absent=("gdpr-art33",),
        organisation=NON_EU,
    ),
    Case(
        "non-EU controller, no one in the EEA: GDPR does not apply",
        "GDPR Art. 3(2)",
        people(("US-OH", 10)),
        {},
        absent=("gdpr-art33", "gdpr-art33-no-main", "gdpr-art34"),
        organisation=NON_EU,
    ),
    Case(
        "processor: tell the controller, without undue delay, no hours",
        "GDPR Art. 33(2)",
        {"privacy": {"role": "processor"}},
        {"gdpr-art33-2/controller": NO_DUE},
        absent=("gdpr-art33", "gdpr-art34"),
    ),
    Case(
        "high risk: tell the people, without undue delay",
        "GDPR Art. 34(1)",
        risk("high_risk"),
        {"gdpr-art33/authority/initial": "2026-03-05T12:00:00+00:00", "gdpr-art34/individuals": NO_DUE},
    ),
    Case(
        "unlikely to result in a risk: no notice, but the breach is documented",
        "GDPR Art. 33(1), 33(5)",
        risk("no_risk"),
        {"gdpr-art33/record": NO_DUE},
        absent=("gdpr-art33/authority/initial", "gdpr-art34"),
    ),
    Case(
        "risk not assessed yet: the authority notice may apply",
        "GDPR Art. 33(1)",
        risk(None),
        {"gdpr-art33/authority/initial": MAY, "gdpr-art34/individuals": MAY},
    ),
    Case(
        "72 hours across the EU daylight-saving change are 72 elapsed hours",
        "GDPR Art. 33(1); Regulation 1182/71 Art. 3(1)",
        {"aware_at": "2026-03-27T10:00:00+01:00", "detected_at": "2026-03-27T09:00:00+01:00"},
        {"gdpr-art33/authority/initial": "2026-03-30T09:00:00+00:00"},  # 11:00 CEST, not 10:00
    ),
    Case(
        "one total shared by EU countries: all in the EEA, so GDPR applies",
        "GDPR Art. 3(1), 33(1)",
        people((["DE", "FR"], 1200)),
        {"gdpr-art33/authority/initial": "2026-03-05T12:00:00+00:00"},
    ),
    Case(
        "non-EU controller, one total shared by three countries: each authority may be owed",
        "GDPR Art. 33(1); EDPB Guidelines 9/2022 para 73",
        people((["DE", "FR", "ES"], 1200)),
        {
            "gdpr-art33-no-main/authority/initial@DE": MAY,
            "gdpr-art33-no-main/authority/initial@FR": MAY,
            "gdpr-art33-no-main/authority/initial@ES": MAY,
        },
        organisation=NON_EU,
    ),
    Case(
        "an unknown count in Spain still needs the GDPR notice",
        "GDPR Art. 33(1) (no threshold)",
        people(("ES", "unknown")),
        {"gdpr-art33/authority/initial": "2026-03-05T12:00:00+00:00"},
    ),
    Case(
        "disclosure not known yet: GDPR may apply",
        "GDPR Art. 33(1)",
        {"privacy": {"personal_data_disclosed": "unknown"}},
        {"gdpr-art33/authority/initial": MAY},
    ),
    # --- UK GDPR
    Case(
        "UK residents affected",
        "UK GDPR Art. 33(1)",
        people(("GB", 5)),
        {"uk-gdpr-art33/ico/initial": "2026-03-05T12:00:00+00:00", "gdpr-art33/authority/initial": "2026-03-05T12:00:00+00:00"},
    ),
    # --- HIPAA
    Case(
        "encrypted with the key safe: not unsecured PHI, no HIPAA notice",
        "45 CFR 164.402 (unsecured PHI), 164.404(a)",
        merge(HEALTH_CE, people(("US-OH", 600)), {"privacy": {"data_states": [{"state": "at_rest", "encrypted": True, "key_safe": True}]}}),
        {},
        absent=("hipaa-164-404", "hipaa-164-406", "hipaa-164-408"),
    ),
    Case(
        "encrypted but the key's safety not recorded: HIPAA may apply",
        "45 CFR 164.402; HHS guidance on unsecured PHI",
        merge(HEALTH_CE, people(("US-OH", 10)), {"privacy": {"data_states": [{"state": "at_rest", "encrypted": True}]}}),
        {"hipaa-164-404/individuals": MAY},
    ),
    Case(
        "covered entity: 60 calendar days from discovery, in New York time",
        "45 CFR 164.404(b)",
        merge(HEALTH_CE, people(("US-OH", 10))),
        {"hipaa-164-404/individuals": "2026-05-01T23:59:59-04:00"},
        absent=("hipaa-164-406",),
    ),
    Case(
        "500 in one state is not more than 500: no media notice",
        "45 CFR 164.406(a)",
        merge(HEALTH_CE, people(("US-OH", 500))),
        {"hipaa-164-408/hhs": "2026-05-01T23:59:59-04:00"},
        absent=("hipaa-164-406",),
    ),
    Case(
        "501 in one state: media notice",
        "45 CFR 164.406(a)",
        merge(HEALTH_CE, people(("US-OH", 501))),
        {"hipaa-164-406/media": "2026-05-01T23:59:59-04:00"},
    ),
    Case(
        "1,200 shared by two states: one of them has at least 600, so more than 500",
        "45 CFR 164.406(a)",
        merge(HEALTH_CE, people((["US-OH", "US-PA"], 1200))),
        {"hipaa-164-406/media": "2026-05-01T23:59:59-04:00"},
    ),
    Case(
        "499 in total: HHS by the annual log, 60 days after the year ends",
        "45 CFR 164.408(c)",
        merge(HEALTH_CE, people(("US-OH", 499))),
        {"hipaa-164-408/hhs/annual_log": "2027-03-01T23:59:59-05:00"},
        absent=("hipaa-164-408/hhs",),
    ),
    Case(
        "business associate: tell the covered entity within 60 days of discovery",
        "45 CFR 164.410(b)",
        merge(HEALTH_CE, {"privacy": {"role": ["processor", "business_associate"]}}, people(("US-OH", 10))),
        {"hipaa-164-410/covered_entity": "2026-05-01T23:59:59-04:00"},
        absent=("hipaa-164-404", "hipaa-164-408"),
    ),
    Case(
        "a documented law-enforcement delay of 10 days moves the HIPAA limit by 10 days",
        "45 CFR 164.412(a)",
        merge(
            HEALTH_CE,
            people(("US-OH", 10)),
            {
                "law_enforcement_delays": [
                    {"from": "2026-03-10T00:00:00-05:00", "until": "2026-03-20T00:00:00-04:00", "requested_by": "FBI field office"}
                ]
            },
        ),
        {"hipaa-164-404/individuals": "2026-05-11T22:59:59-04:00"},  # 10 days less the DST hour
    ),
    # --- US states: their own definitions of personal information and thresholds
    Case(
        "name and email only: no US state law fires",
        "Cal. Civ. Code 1798.82(h); N.Y. GBL 899-aa(1); Tex. BCC 521.002; Fla. Stat. 501.171(1)(g)",
        people(("US-CA", 1000), ("US-NY", 1000), ("US-TX", 1000), ("US-FL", 1000)),
        {},
        absent=("ca-civ-1798-82", "ny-gbl-899-aa", "tx-bcc-521-053", "fl-stat-501-171"),
    ),
    Case(
        "email and password: Florida's residents within 30 days",
        "Fla. Stat. 501.171(1)(g)(1)(b), (4)(a)",
        merge(people(("US-FL", 10)), elements("email", "password")),
        {"fl-stat-501-171/individuals": "2026-04-01T23:59:59-04:00"},
        absent=("fl-stat-501-171/legal_affairs",),
    ),
    Case(
        "Florida, 499 residents: no Department of Legal Affairs notice",
        "Fla. Stat. 501.171(3)(a)",
        merge(people(("US-FL", 499)), SSN),
        {"fl-stat-501-171/individuals": "2026-04-01T23:59:59-04:00"},
        absent=("fl-stat-501-171/legal_affairs",),
    ),
    Case(
        "Florida, 500 residents: the Department of Legal Affairs within 30 days",
        "Fla. Stat. 501.171(3)(a)",
        merge(people(("US-FL", 500)), SSN),
        {"fl-stat-501-171/legal_affairs": "2026-04-01T23:59:59-04:00"},
        absent=("fl-stat-501-171/consumer_reporting_agencies",),
    ),
    Case(
        "Florida, 1,001 residents: consumer reporting agencies too",
        "Fla. Stat. 501.171(5)",
        merge(people(("US-FL", 1001)), SSN),
        {"fl-stat-501-171/consumer_reporting_agencies": NO_DUE},
    ),
    Case(
        "Florida, count unknown: residents surely, the Department may",
        "Fla. Stat. 501.171(3)(a), (4)(a)",
        merge(people(("US-FL", "unknown")), SSN),
        {"fl-stat-501-171/individuals": "2026-04-01T23:59:59-04:00", "fl-stat-501-171/legal_affairs": MAY},
    ),
    Case(
        "400 shared by Florida and Georgia: never 500 in Florida",
        "Fla. Stat. 501.171(3)(a)",
        merge(people((["US-FL", "US-GA"], 400)), SSN),
        {"fl-stat-501-171/individuals": MAY},
        absent=("fl-stat-501-171/legal_affairs",),
    ),
    Case(
        "data elements not recorded: the state laws may apply",
        "Fla. Stat. 501.171(1)(g)",
        merge(people(("US-FL", 10)), {"privacy": {"data_elements": "unknown"}}),
        {"fl-stat-501-171/individuals": MAY},
    ),
    Case(
        "people in the US, state not known: state laws may apply",
        "Fla. Stat. 501.171; N.Y. GBL 899-aa (residents of the state)",
        merge(people(("US", 100)), SSN),
        {"fl-stat-501-171/individuals": MAY, "ny-gbl-899-aa/individuals": MAY},
    ),
    Case(
        "California from 2026: 30 calendar days, Pacific time",
        "Cal. Civ. Code 1798.82(a) as amended by SB 446",
        merge(people(("US-CA", 10)), SSN),
        {"ca-civ-1798-82/individuals": "2026-04-01T23:59:59-07:00"},
        absent=("ca-civ-1798-82/attorney_general",),
    ),
    Case(
        "California before 2026: most expedient time, no number",
        "Cal. Civ. Code 1798.82(a) before SB 446",
        merge(
            people(("US-CA", 10)),
            SSN,
            {"detected_at": "2025-06-02T09:00:00+00:00", "reported_at": "2025-06-02T09:10:00+00:00", "aware_at": "2025-06-02T12:00:00+00:00"},
        ),
        {"ca-civ-1798-82/individuals": NO_DUE},
    ),
    Case(
        "California, 501 residents notified on 20 March: the AG copy within 15 days",
        "Cal. Civ. Code 1798.82(f)",
        merge(people(("US-CA", 501)), SSN, sent("ca-civ-1798-82", "individuals", None, "2026-03-20T17:00:00-07:00")),
        {"ca-civ-1798-82/attorney_general": "2026-04-04T23:59:59-07:00"},
    ),
    Case(
        "New York, 47 residents: residents within 30 days, and the state agencies",
        "N.Y. GBL 899-aa(2), (8)(a)",
        merge(people(("US-NY", 47)), SSN),
        {"ny-gbl-899-aa/individuals": "2026-04-01T23:59:59-04:00", "ny-gbl-899-aa/state_agencies": NO_DUE},
        absent=("ny-gbl-899-aa/consumer_reporting_agencies",),
    ),
    Case(
        "Texas, 249 residents: no attorney-general notice",
        "Tex. Bus. & Com. Code 521.053(i)",
        merge(people(("US-TX", 249)), SSN),
        {"tx-bcc-521-053/individuals": "2026-05-01T23:59:59-05:00"},
        absent=("tx-bcc-521-053/attorney_general",),
    ),
    Case(
        "Texas, 250 residents: the attorney general within 30 days",
        "Tex. Bus. & Com. Code 521.053(i)",
        merge(people(("US-TX", 250)), SSN),
        {"tx-bcc-521-053/attorney_general": "2026-04-01T23:59:59-05:00"},
    ),
    Case(
        "Washington, 501 residents: residents and attorney general within 30 days",
        "RCW 19.255.010(7)-(8)",
        merge(people(("US-WA", 501)), SSN),
        {
            "wa-rcw-19-255-010/individuals": "2026-04-01T23:59:59-07:00",
            "wa-rcw-19-255-010/attorney_general": "2026-04-01T23:59:59-07:00",
        },
    ),
    Case(
        "Colorado, 500 residents: the attorney general within 30 days of determination",
        "C.R.S. 6-1-716(2)(f)",
        merge(people(("US-CO", 500)), SSN),
        {"co-crs-6-1-716/attorney_general": "2026-04-01T23:59:59-06:00"},
    ),
    Case(
        "Massachusetts: as soon as practicable, attorney general and OCABR",
        "M.G.L. c. 93H s. 3(b)",
        merge(people(("US-MA", 10)), elements("name", "account_number")),
        {"ma-gl-93h-3/attorney_general": NO_DUE, "ma-gl-93h-3/ocabr": NO_DUE},
    ),
    # --- Security regimes, from a classification's determination
    Case(
        "SEC 8-K: four business days across a weekend and the US DST change",
        "Form 8-K Item 1.05; General Instruction B.1",
        classified("sec-material", "2026-03-05T15:00:00-05:00"),
        {"sec-8k-1-05/sec/initial": "2026-03-11T23:59:59-04:00"},
        organisation=status("listed_us_exchange"),
    ),
    Case(
        "SEC 8-K: Thanksgiving is not a business day",
        "Form 8-K Item 1.05; 17 CFR 240.0-3 (business day)",
        classified("sec-material", "2026-11-25T10:00:00-05:00"),
        {"sec-8k-1-05/sec/initial": "2026-12-02T23:59:59-05:00"},
        organisation=status("listed_us_exchange"),
    ),
    Case(
        "not listed: no 8-K whatever the classification",
        "Form 8-K Item 1.05 (registrants only)",
        classified("sec-material", "2026-03-05T15:00:00-05:00"),
        {},
        absent=("sec-8k-1-05",),
    ),
    Case(
        "NIS2: early warning 24 h, notification 72 h, final report one month after the notification",
        "Directive (EU) 2022/2555 Art. 23(4)(a), (b), (d)",
        merge(
            classified("nis2-significant", "2026-03-02T12:00:00+00:00"),
            sent("nis2-art23", "csirt", "notification", "2026-03-04T10:00:00+00:00"),
        ),
        {
            "nis2-art23/csirt/early_warning": "2026-03-03T12:00:00+00:00",
            "nis2-art23/csirt/notification": "2026-03-05T12:00:00+00:00",
            "nis2-art23/csirt/final_report": "2026-04-04T23:59:59+01:00",
        },
        organisation=status("nis2_important_entity"),
    ),
    Case(
        "DORA: 4 h after classification, but never later than 24 h after detection",
        "Regulation (EU) 2022/2554 Art. 19(4); Delegated Regulation (EU) 2025/301 Art. 5(1)",
        classified("dora-major", "2026-03-03T08:00:00+00:00"),
        {"dora-art19/competent_authority/initial": "2026-03-03T09:00:00+00:00"},
        organisation=status("dora_financial_entity"),
    ),
    Case(
        "DORA: classified early, 4 h from classification; intermediate 72 h after the initial",
        "Delegated Regulation (EU) 2025/301 Art. 5(1)-(2)",
        merge(
            classified("dora-major", "2026-03-02T10:00:00+00:00"),
            sent("dora-art19", "competent_authority", "initial", "2026-03-02T13:00:00+00:00"),
        ),
        {
            "dora-art19/competent_authority/initial": "2026-03-02T14:00:00+00:00",
            "dora-art19/competent_authority/intermediate": "2026-03-05T13:00:00+00:00",
        },
        organisation=status("dora_financial_entity"),
    ),
    Case(
        "NYDFS: an extortion payment within 24 h, the explanation within 30 days",
        "23 NYCRR 500.17(c)",
        classified("extortion-payment-made", "2026-03-10T15:00:00-04:00"),
        {
            "nydfs-500-17/superintendent/extortion_notice": "2026-03-11T19:00:00+00:00",
            "nydfs-500-17/superintendent/extortion_explanation": "2026-04-09T23:59:59-04:00",
        },
        organisation=status("dfs_regulated"),
    ),
    Case(
        "CERT-In: six hours from noticing a cyber incident",
        "CERT-In Directions of 28 April 2022, para (ii)",
        merge({"domains": ["security", "privacy"]}, people(("IN", 10))),
        {"in-certin/cert_in": "2026-03-02T15:00:00+00:00"},
        absent=("in-dpdp-r7",),  # the DPDP Rules' breach duties start in May 2027
    ),
    # --- Asia-Pacific, the Americas, China
    Case(
        "Singapore, 600 people: the PDPC within 3 days of the assessment",
        "PDPA s. 26B(1)(b), 26D(1); Data Breach Notification Regulations 2021 reg. 4",
        people(("SG", 600)),
        {"sg-pdpa-26d/pdpc": "2026-03-06T23:59:59+08:00", "sg-pdpa-26d/assessment": "2026-04-01T23:59:59+08:00"},
        absent=("sg-pdpa-26d/individuals",),
    ),
    Case(
        "Singapore, 499 people, names and emails: not notifiable, but assessed",
        "PDPA s. 26B(1), 26C",
        people(("SG", 499)),
        {"sg-pdpa-26d/assessment": "2026-04-01T23:59:59+08:00"},
        absent=("sg-pdpa-26d/pdpc", "sg-pdpa-26d/individuals"),
    ),
    Case(
        "Singapore, 10 people with card numbers: harm is deemed significant",
        "PDPA s. 26B(2); Data Breach Notification Regulations 2021 reg. 3 and Schedule",
        merge(people(("SG", 10)), elements("name", "card_number")),
        {"sg-pdpa-26d/pdpc": "2026-03-06T23:59:59+08:00", "sg-pdpa-26d/individuals": NO_DUE},
    ),
    Case(
        "Brazil: 3 working days, across a weekend and Independence Day",
        "LGPD art. 48; Resolution CD/ANPD 15/2024 art. 6",
        merge(people(("BR", 10)), risk("high_risk"), {"aware_at": "2026-09-03T12:00:00+00:00", "detected_at": "2026-09-03T09:00:00+00:00", "reported_at": "2026-09-03T09:10:00+00:00"}),
        {"lgpd-art48/anpd/initial": "2026-09-09T23:59:59-03:00", "lgpd-art48/individuals": "2026-09-09T23:59:59-03:00"},
    ),
    Case(
        "Australia: the assessment within 30 days",
        "Privacy Act 1988 (Cth) s. 26WH(2)",
        people(("AU", 10)),
        {"au-ndb/assessment": "2026-04-01T23:59:59+11:00"},
        absent=("au-ndb/oaic",),
    ),
    Case(
        "Canada, real risk of significant harm: the Commissioner and the people, as soon as feasible",
        "PIPEDA s. 10.1(1), (3), 10.3",
        merge(people(("CA", 10)), risk("high_risk")),
        {"pipeda-10-1/opc": NO_DUE, "pipeda-10-1/individuals": NO_DUE, "pipeda-10-1/record": NO_DUE},
    ),
    Case(
        "China: immediately, to the authorities and the people",
        "PIPL Art. 57",
        people(("CN", 10)),
        {"cn-pipl-57/authorities": NO_DUE, "cn-pipl-57/individuals": NO_DUE},
    ),
    Case(
        "India DPDP Rules in force: the Board's report within 72 hours",
        "DPDP Rules 2025 r. 7(2)(b)",
        merge(
            people(("IN", 10)),
            {"detected_at": "2027-06-01T09:00:00+00:00", "reported_at": "2027-06-01T09:10:00+00:00", "aware_at": "2027-06-01T12:00:00+00:00"},
        ),
        {"in-dpdp-r7/board/report": "2027-06-04T12:00:00+00:00", "in-dpdp-r7/board/initial": NO_DUE},
    ),
]


def record(case: Case) -> dict[str, Any]:
    raw = copy.deepcopy(BASE)
    for key, value in case.facts.items():
        if key == "privacy" and value is not None:
            raw["privacy"].update(value)
            if raw["privacy"].get("risk") is None:
                raw["privacy"].pop("risk")
        elif value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    return raw


def outcomes(case: Case) -> dict[str, str]:
    raw = record(case)
    assert CONFIG.incident_schema.is_valid(raw), CONFIG.incident_schema.problems(raw, "case", Locator(""))
    incident = build_incident(raw, "case.yaml")
    policy = replace(POLICY, organisation=case.organisation)
    entries = entries_by_key(incident, policy)
    found = {}
    for expected in expected_duties(incident, policy):
        rule, duty = expected.rule, expected.duty
        key = "/".join(filter(None, (rule.id, duty.recipient, duty.stage)))
        key += f"@{expected.jurisdiction}" if expected.jurisdiction else ""
        if expected.applies is None:
            found[key] = MAY
            continue
        _, due = duty_clock(incident, rule, duty, expected.jurisdiction, entries)
        found[key] = due.isoformat() if due else NO_DUE
    return found


def _same(got: str | None, want: str) -> bool:
    """Due instants compare as instants; NO_DUE and MAY as themselves."""
    if got is None or NO_DUE in (got, want) or MAY in (got, want):
        return got == want
    return datetime.fromisoformat(got) == datetime.fromisoformat(want)


def _names(absent: str, key: str) -> bool:
    """A rule id names all its duties; a duty key names that duty (in any jurisdiction)."""
    if "/" not in absent:
        return key.startswith(absent + "/")
    return key == absent or key.startswith(absent + "@")


def test_the_table_has_at_least_forty_cases_each_citing_its_source() -> None:
    assert len(CASES) >= 40
    assert all(case.source for case in CASES)
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_scenario(case: Case) -> None:
    found = outcomes(case)
    for duty, want in case.expect.items():
        assert _same(found.get(duty), want), f"{duty}: expected {want}, got {found.get(duty)} ({case.source})"
    for absent in case.absent:
        hits = [key for key in found if _names(absent, key)]
        assert hits == [], f"{absent} must not apply ({case.source}), found {hits}"
