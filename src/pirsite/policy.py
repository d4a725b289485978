"""The program policy as a typed, validated object.

The policy file (``schemas/policy.yaml``) is the one source of vocabularies,
severities, the priority matrix, SLAs, the postmortem rule, the reviewer roster
and notification rules. It is validated by ``schemas/policy.schema.json`` and
then for internal consistency, and only then becomes a :class:`Policy`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from .moments import UNKNOWN
from .obligations.rules import Condition, NotificationRule, build_rule, rule_problems
from .problems import Problem, error
from .scan.settings import ScanSettings

_DURATION = re.compile(r"^([1-9][0-9]*)([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
RISK_ORDER = {"no_risk": 0, "risk": 1, "high_risk": 2}


def parse_duration(text: str) -> timedelta:
    """``15m``/``4h``/``30d`` -> timedelta (the schema has already checked the form)."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration: {text!r}")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Category(Term):
    domains: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DataCategory(Term):
    special: bool


@dataclass(frozen=True, slots=True)
class DetectionMethod(Term):
    internal: bool


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    code: str
    name: str
    groups: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Severity(Term):
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Person:
    handle: str
    name: str
    team: str
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EscalationPath:
    """Who is reached for one trigger, in order (the on-call and escalation page)."""

    id: str
    when: str
    reach: tuple[str, ...]  # handles, first to last
    severities: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class ClassificationTerm(Term):
    """A classification a regime defines; ``consider_when``: incidents for which the program
    wants the classification decided and recorded (until then, rules that hang on it may apply)."""

    consider_when: Condition | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    """Facts about the organisation that rules test: where it is established, its EU main
    establishment (the one-stop shop of GDPR Art. 56 exists only with one), its statuses."""

    name: str = ""
    established_in: tuple[str, ...] = ()
    main_establishment: str | None = None
    statuses: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ApprovalRule:
    """Approvals a postmortem needs when ``when`` holds for its incident."""

    description: str
    when: Condition
    roles: tuple[str, ...]
    min_approvals: int


@dataclass(frozen=True, slots=True)
class Policy:
    program: str
    id_prefix: str
    domains: tuple[Term, ...]
    categories: tuple[Category, ...]
    root_cause_categories: tuple[Term, ...]
    contributing_factor_categories: tuple[Term, ...]
    data_categories: tuple[DataCategory, ...]
    data_subject_types: tuple[Term, ...]
    detection_methods: tuple[DetectionMethod, ...]
    jurisdictions: tuple[Jurisdiction, ...]
    teams: tuple[Term, ...]
    severities: tuple[Severity, ...]
    impact_levels: tuple[str, ...]
    urgency_levels: tuple[str, ...]
    priority_matrix: dict[str, dict[str, str]]
    sla_acknowledge: dict[str, timedelta]
    sla_contain: dict[str, timedelta]
    sla_postmortem_due: dict[str, timedelta]
    sla_action_item_due: dict[str, timedelta]
    # Clocks that keep an incident from going silent before it is assessed (see clocks.triage_clocks).
    assess_within: timedelta  # from reported_at until the severity is assessed
    aware_within: timedelta  # from detected_at until aware_at is recorded, when personal data may be out
    recurrence_window: timedelta
    postmortem_required_when: Condition
    postmortem_sections: tuple[str, ...]
    reviewer_roles: tuple[str, ...]
    people: dict[str, Person]
    notification_rules: dict[str, NotificationRule]
    jurisdiction_groups: dict[str, tuple[str, ...]]  # code -> groups, for rule conditions
    organisation: Organisation = field(default_factory=Organisation)
    statuses: tuple[Term, ...] = ()
    classifications: tuple[ClassificationTerm, ...] = ()
    data_elements: tuple[Term, ...] = ()
    jurisdiction_members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> codes
    subdivided: frozenset[str] = frozenset()  # countries whose subdivisions are listed (US for US-CA)
    descriptions: dict[str, dict[str, str]] = field(default_factory=dict)  # impact/urgency/reviewer_role
    sla_texts: dict[str, dict[str, str]] = field(default_factory=dict)  # as written: "15m", "4h"
    approval_rules: tuple[ApprovalRule, ...] = ()
    scanning: ScanSettings = field(default_factory=ScanSettings)
    targets: dict[str, float] = field(default_factory=dict)  # the program's goals (see TARGETS)
    minimum_sample: int = 5  # fewer incidents or clocks than this: no better/worse verdict
    recurrence_tags: tuple[str, ...] = ()  # incident tags naming a mechanism that recurs as one class
    sla_restore: dict[str, timedelta] = field(default_factory=dict)  # detected -> restored (optional)
    sla_basis: str = "severity"  # or "priority": what the response targets are keyed by
    escalation: tuple[EscalationPath, ...] = ()

    def target_key(self, incident_severity: str, incident_priority: str | None) -> str | None:
        """The key an incident's response targets are looked up by: its severity, or (ITIL 4,
        `sla_basis: priority`) its priority; None when that is not assessed yet."""
        key = incident_priority if self.sla_basis == "priority" else incident_severity
        return None if key in (None, "unassessed", "unknown") else key

    @property
    def priorities(self) -> tuple[str, ...]:
        return tuple(sorted({p for row in self.priority_matrix.values() for p in row.values()}))

    def vocabularies(self) -> dict[str, list[str]]:
        """The enums the record schemas take from this policy, by ``$defs`` name."""
        return {
            "domain": [t.id for t in self.domains],
            "category": [t.id for t in self.categories] + [UNKNOWN],
            "severity": [s.id for s in self.severities] + ["unassessed", UNKNOWN],
            "impact": [*self.impact_levels, UNKNOWN],
            "urgency": [*self.urgency_levels, UNKNOWN],
            "priority": [*self.priorities, UNKNOWN],
            "team": [t.id for t in self.teams],
            "detection_method": [t.id for t in self.detection_methods] + [UNKNOWN],
            "root_cause_category": [t.id for t in self.root_cause_categories] + [UNKNOWN],
            "contributing_factor_category": [t.id for t in self.contributing_factor_categories],
            "data_category": [t.id for t in self.data_categories],
            "data_subject_type": [t.id for t in self.data_subject_types],
            "jurisdiction": [j.code for j in self.jurisdictions],
            "notification_rule": list(self.notification_rules),
            "notification_recipient": sorted(
                {d.recipient for r in self.notification_rules.values() for d in r.duties}
            ),
            "notification_stage": sorted(
                {d.stage for r in self.notification_rules.values() for d in r.duties if d.stage}
            ),
            "classification": [t.id for t in self.classifications],
            "data_element": [t.id for t in self.data_elements],
            "person": list(self.people),
            "reviewer_role": list(self.reviewer_roles),
        }

    def jurisdiction_matches(self, code: str, wanted: tuple[str, ...]) -> bool:
        """True when ``code`` is listed in ``wanted`` directly or through one of its groups."""
        if code in wanted:
            return True
        return any(group in wanted for group in self.jurisdiction_groups.get(code, ()))

    def jurisdiction_match(self, code: str, wanted: tuple[str, ...]) -> bool | None:
        """As :meth:`jurisdiction_matches`, but None (may) for a country whose subdivision is
        not known when ``wanted`` names one of its subdivisions: people recorded in `US` may
        live in `US-CA`."""
        if self.jurisdiction_matches(code, wanted):
            return True
        if "-" in code:
            return False
        prefix = code + "-"
        for item in wanted:
            members = self.jurisdiction_members.get(item, (item,))
            if any(member.startswith(prefix) for member in members):
                return None
        return False

    @property
    def severity_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.severities)

    @property
    def special_data_categories(self) -> frozenset[str]:
        return frozenset(d.id for d in self.data_categories if d.special)


def _terms(raw: list[dict[str, Any]]) -> tuple[Term, ...]:
    return tuple(Term(t["id"], t["name"], t["description"]) for t in raw)


TRIAGE_DEFAULT = "1d"  # when the policy sets no triage targets: late, but never silent


def _durations(raw: dict[str, str]) -> dict[str, timedelta]:
    return {key: parse_duration(value) for key, value in raw.items()}


def build_policy(raw: dict[str, Any]) -> Policy:
    """A Policy from schema-valid raw data (call :func:`consistency` first)."""
    slas = raw["slas"]
    return Policy(
        program=raw["program"],
        id_prefix=raw["id_prefix"],
        domains=_terms(raw["domains"]),
        categories=tuple(
            Category(c["id"], c["name"], c["description"], tuple(c["domains"])) for c in raw["categories"]
        ),
        root_cause_categories=_terms(raw["root_cause_categories"]),
        contributing_factor_categories=_terms(raw["contributing_factor_categories"]),
        data_categories=tuple(
            DataCategory(d["id"], d["name"], d["description"], d["special"]) for d in raw["data_categories"]
        ),
        data_subject_types=_terms(raw["data_subject_types"]),
        detection_methods=tuple(
            DetectionMethod(d["id"], d["name"], d["description"], d["internal"])
            for d in raw["detection_methods"]
        ),
        jurisdictions=tuple(
            Jurisdiction(j["code"], j["name"], tuple(j["groups"])) for j in raw["jurisdictions"]
        ),
        teams=tuple(Term(t["id"], t["name"], "") for t in raw["teams"]),
        severities=tuple(
            Severity(s["id"], s["name"], s["description"], tuple(s["examples"])) for s in raw["severities"]
        ),
        impact_levels=tuple(level["id"] for level in raw["impact_levels"]),
        urgency_levels=tuple(level["id"] for level in raw["urgency_levels"]),
        priority_matrix={k: dict(v) for k, v in raw["priority_matrix"].items()},
        sla_acknowledge=_durations(slas["acknowledge"]),
        sla_contain=_durations(slas["contain"]),
        sla_postmortem_due=_durations(slas["postmortem_due"]),
        sla_action_item_due=_durations(slas["action_item_due"]),
        sla_restore=_durations(slas.get("restore", {})),
        sla_basis=raw.get("sla_basis", "severity"),
        escalation=tuple(
            EscalationPath(
                e["id"],
                e["when"],
                tuple(e["reach"]),
                tuple(e.get("severities", ())),
                tuple(e.get("domains", ())),
                e.get("channel"),
            )
            for e in raw.get("escalation", ())
        ),
        assess_within=parse_duration(raw.get("triage", {}).get("assess_severity_within", TRIAGE_DEFAULT)),
        aware_within=parse_duration(raw.get("triage", {}).get("record_awareness_within", TRIAGE_DEFAULT)),
        recurrence_window=parse_duration(raw["recurrence_window"]),
        recurrence_tags=tuple(raw.get("recurrence_tags", ())),
        scanning=ScanSettings.from_raw(raw.get("scanning"), raw["people"]),
        postmortem_required_when=Condition.from_raw(raw["postmortem"]["required_when"]),
        postmortem_sections=tuple(raw["postmortem"]["required_sections"]),
        reviewer_roles=tuple(r["id"] for r in raw["reviewer_roles"]),
        people={
            p["handle"]: Person(p["handle"], p["name"], p["team"], tuple(p["roles"])) for p in raw["people"]
        },
        notification_rules={r["id"]: build_rule(r) for r in raw["notification_rules"]},
        jurisdiction_groups={j["code"]: tuple(j["groups"]) for j in raw["jurisdictions"]},
        jurisdiction_members=_members(raw["jurisdictions"]),
        subdivided=frozenset(j["code"].partition("-")[0] for j in raw["jurisdictions"] if "-" in j["code"]),
        organisation=_organisation(raw.get("organisation")),
        statuses=_terms(raw.get("statuses", ())),
        classifications=tuple(
            ClassificationTerm(
                c["id"],
                c["name"],
                c["description"],
                Condition.from_raw(c["consider_when"]) if "consider_when" in c else None,
            )
            for c in raw.get("classifications", ())
        ),
        data_elements=_terms(raw.get("data_elements", ())),
        descriptions={
            kind: {item["id"]: item["description"] for item in raw[section]}
            for kind, section in (
                ("impact", "impact_levels"),
                ("urgency", "urgency_levels"),
                ("reviewer_role", "reviewer_roles"),
            )
        },
        sla_texts={name: dict(values) for name, values in slas.items()},
        targets={k: float(v) for k, v in raw.get("targets", {}).items() if k != "minimum_sample"},
        minimum_sample=int(raw.get("targets", {}).get("minimum_sample", 5)),
        approval_rules=tuple(
            ApprovalRule(
                rule["description"],
                Condition.from_raw(rule["when"]),
                tuple(rule.get("roles", ())),
                rule.get("min_approvals", 1),
            )
            for rule in raw["postmortem"].get("approvals", ())
        ),
    )


def _members(jurisdictions: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    members: dict[str, list[str]] = {}
    for j in jurisdictions:
        for group in j["groups"]:
            members.setdefault(group, []).append(j["code"])
    return {group: tuple(codes) for group, codes in members.items()}


def _organisation(raw: dict[str, Any] | None) -> Organisation:
    if not raw:
        return Organisation()
    return Organisation(
        raw.get("name", ""),
        tuple(raw.get("established_in", ())),
        raw.get("main_establishment"),
        frozenset(raw.get("statuses", ())),
    )


def consistency(raw: dict[str, Any], path: str) -> list[Problem]:
    """Rules a schema cannot state: unique ids, references between sections,
    a complete priority matrix and complete SLAs."""
    problems: list[Problem] = []

    def bad(field: tuple[str | int, ...], message: str, hint: str) -> None:
        problems.append(error(path, "policy", message, hint, field=field))

    for index, rule in enumerate(raw.get("notification_rules", ())):
        for field_path, message, hint in rule_problems(rule):
            bad(("notification_rules", index, *field_path), message, hint)
    for key in ("national_ids", "patterns"):
        for index, item in enumerate(raw.get("scanning", {}).get(key, ())):
            try:
                re.compile(item["pattern"])
            except re.error as exc:
                bad(
                    ("scanning", key, index, "pattern"),
                    f"not a valid regular expression: {exc}",
                    "write a Python regular expression, e.g. '\\bCUS-\\d{7}\\b'",
                )
    ids: dict[str, set[str]] = {}
    for section, key in (
        ("domains", "id"),
        ("categories", "id"),
        ("root_cause_categories", "id"),
        ("contributing_factor_categories", "id"),
        ("data_categories", "id"),
        ("data_subject_types", "id"),
        ("detection_methods", "id"),
        ("jurisdictions", "code"),
        ("teams", "id"),
        ("severities", "id"),
        ("impact_levels", "id"),
        ("urgency_levels", "id"),
        ("reviewer_roles", "id"),
        ("people", "handle"),
        ("notification_rules", "id"),
        ("statuses", "id"),
        ("classifications", "id"),
        ("data_elements", "id"),
    ):
        seen: set[str] = set()
        for index, item in enumerate(raw.get(section, ())):
            if item[key] in seen:
                bad(
                    (section, index, key),
                    f"duplicate {key} `{item[key]}` in {section}",
                    "every entry needs its own id",
                )
            seen.add(item[key])
        ids[section] = seen

    def known(field: tuple[str | int, ...], value: str, section: str) -> None:
        if value not in ids[section]:
            bad(field, f"`{value}` is not defined in {section}", f"add it to {section} or fix the spelling")

    for i, cat in enumerate(raw["categories"]):
        for j, domain in enumerate(cat["domains"]):
            known(("categories", i, "domains", j), domain, "domains")
    for i, person in enumerate(raw["people"]):
        known(("people", i, "team"), person["team"], "teams")
        for j, role in enumerate(person["roles"]):
            known(("people", i, "roles", j), role, "reviewer_roles")
    for impact in ids["impact_levels"]:
        row = raw["priority_matrix"].get(impact)
        if row is None:
            bad(
                ("priority_matrix",),
                f"no row for impact `{impact}`",
                "give a priority for every impact and urgency",
            )
            continue
        for urgency in ids["urgency_levels"]:
            if urgency not in row:
                bad(
                    ("priority_matrix", impact),
                    f"no priority for impact `{impact}` x urgency `{urgency}`",
                    "give a priority for every impact and urgency",
                )
    basis = raw.get("sla_basis", "severity")
    keys = (
        sorted(ids["severities"])
        if basis == "severity"
        else sorted({p for row in raw["priority_matrix"].values() for p in row.values()})
    )
    for sla in ("acknowledge", "contain", "postmortem_due", "restore"):
        if sla == "restore" and sla not in raw["slas"]:
            continue  # optional
        for key in keys:
            if key not in raw["slas"][sla]:
                bad(("slas", sla), f"no {sla} target for `{key}`", f"set one for every {basis} (sla_basis)")
        for key in raw["slas"][sla]:
            if key not in keys:
                hint = f"the targets are keyed by {basis} (sla_basis)"
                bad(("slas", sla, key), f"`{key}` is not a {basis}", hint)
    handles = {p["handle"] for p in raw["people"]}
    for index, entry in enumerate(raw.get("escalation", ())):
        for n, handle in enumerate(entry["reach"]):
            if handle not in handles:
                hint = "list handles from people"
                bad(("escalation", index, "reach", n), f"`{handle}` is not in people", hint)
        for n, value in enumerate(entry.get("severities", ())):
            known(("escalation", index, "severities", n), value, "severities")
        for n, value in enumerate(entry.get("domains", ())):
            known(("escalation", index, "domains", n), value, "domains")
    groups = {g for j in raw["jurisdictions"] for g in j["groups"]}

    def check_condition(cond: dict[str, Any], field: tuple[str | int, ...]) -> None:
        for j, value in enumerate(cond.get("severities", [])):
            known((*field, "severities", j), value, "severities")
        for j, value in enumerate(cond.get("domains", [])):
            known((*field, "domains", j), value, "domains")
        for j, value in enumerate(cond.get("data_categories", [])):
            known((*field, "data_categories", j), value, "data_categories")
        for j, value in enumerate(cond.get("jurisdictions", [])):
            if value not in ids["jurisdictions"] and value not in groups:
                bad(
                    (*field, "jurisdictions", j),
                    f"`{value}` is neither a jurisdiction code nor a group",
                    "use a code from jurisdictions or one of their groups",
                )
        for key in ("established_in", "main_establishment_in"):
            for j, value in enumerate(cond.get(key, [])):
                if value not in ids["jurisdictions"] and value not in groups:
                    bad(
                        (*field, key, j),
                        f"`{value}` is neither a jurisdiction code nor a group",
                        "use a code from jurisdictions or one of their groups",
                    )
        for j, value in enumerate(cond.get("statuses", [])):
            known((*field, "statuses", j), value, "statuses")
        for j, value in enumerate(cond.get("classified", [])):
            known((*field, "classified", j), value, "classifications")
        for j, combination in enumerate(cond.get("data_elements", [])):
            for k, value in enumerate(combination):
                known((*field, "data_elements", j, k), value, "data_elements")
        for key in ("any_of", "none_of"):
            for j, sub in enumerate(cond.get(key, [])):
                check_condition(sub, (*field, key, j))

    check_condition(raw["postmortem"]["required_when"], ("postmortem", "required_when"))
    for i, rule in enumerate(raw["postmortem"].get("approvals", ())):
        check_condition(rule["when"], ("postmortem", "approvals", i, "when"))
        for j, role in enumerate(rule.get("roles", ())):
            known(("postmortem", "approvals", i, "roles", j), role, "reviewer_roles")
    for i, term in enumerate(raw.get("classifications", ())):
        if "consider_when" in term:
            check_condition(term["consider_when"], ("classifications", i, "consider_when"))
            if "classified" in Condition.from_raw(term["consider_when"]).keys:
                bad(
                    ("classifications", i, "consider_when"),
                    "consider_when cannot test classifications itself",
                    "test severities, domains, categories or the data instead",
                )
    for i, rule in enumerate(raw["notification_rules"]):
        check_condition(rule["applies_when"], ("notification_rules", i, "applies_when"))
        for j, duty in enumerate(rule.get("notify", ())):
            if "when" in duty:
                check_condition(duty["when"], ("notification_rules", i, "notify", j, "when"))
            for clock in (
                duty.get("clock_starts", ""),
                (duty.get("at_latest") or {}).get("clock_starts", ""),
            ):
                if clock.startswith("classification:"):
                    known(
                        ("notification_rules", i, "notify", j, "clock_starts"),
                        clock.partition(":")[2],
                        "classifications",
                    )
    org = raw.get("organisation") or {}
    for j, code in enumerate(org.get("established_in", ())):
        known(("organisation", "established_in", j), code, "jurisdictions")
    if org.get("main_establishment"):
        known(("organisation", "main_establishment"), org["main_establishment"], "jurisdictions")
    for j, status in enumerate(org.get("statuses", ())):
        known(("organisation", "statuses", j), status, "statuses")
    return problems
