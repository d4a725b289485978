"""Typed, frozen records, built only from schema-valid data.

Later stages (rules, metrics, pages) work with these and never see raw
dictionaries or re-read files. Timestamps become aware datetimes here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .moments import UNKNOWN, parse

STATUSES = ("reported", "triage", "investigating", "contained", "resolved", "closed")
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
DISPOSITIONS = (
    "confirmed",
    "suspected",
    "near_miss",
    "false_positive",
    "duplicate",
    "not_an_incident",
    "unknown",
)
NOT_REAL = frozenset({"false_positive", "duplicate", "not_an_incident"})
TIME_FIELDS = (
    "occurred_at",
    "detected_at",
    "reported_at",
    "acknowledged_at",
    "aware_at",
    "contained_at",
    "restored_at",
    "resolved_at",
    "closed_at",
)
POSTMORTEM_STATUSES = ("draft", "in_review", "changes_requested", "approved")
ACTION_OPEN = frozenset({"open", "in_progress", "blocked"})


def ts(value: str | int | None) -> datetime | None:
    """A schema-valid time -> aware datetime, a partial `Moment`, or None (absent or unknown)."""
    return parse(value)


def known(value: Any) -> Any:
    """A value recorded as `unknown` -> None (never zero, never false)."""
    return None if value == UNKNOWN else value


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: the system, its id there, and what the import filled in."""

    system: str
    id: str | None
    imported_at: datetime | None
    references: tuple[str, ...]
    defaults: tuple[str, ...]
    dropped: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Escalation:
    at: datetime
    to: str
    reason: str


@dataclass(frozen=True, slots=True)
class Detection:
    method: str  # or "unknown"
    internal: bool | None  # None: unknown
    detail: str | None


@dataclass(frozen=True, slots=True)
class Scope:
    services: tuple[str, ...] = ()
    customers_affected: int | None = None
    users_affected: int | None = None
    sla_breached: bool | None = None


@dataclass(frozen=True, slots=True)
class DataItem:
    category: str
    records: int | None
    count_confidence: str | None


@dataclass(frozen=True, slots=True)
class SubjectCount:
    type: str
    count: int | None


@dataclass(frozen=True, slots=True)
class JurisdictionCount:
    """People affected in one jurisdiction, or one total shared by several (how it splits
    between them is not known)."""

    jurisdictions: tuple[str, ...]
    count: int | None  # None: recorded as `unknown`, never read as zero

    @property
    def jurisdiction(self) -> str:
        return self.jurisdictions[0] if len(self.jurisdictions) == 1 else " + ".join(self.jurisdictions)

    @property
    def shared(self) -> bool:
        return len(self.jurisdictions) > 1


@dataclass(frozen=True, slots=True)
class DataState:
    state: str
    encrypted: bool | None  # None: unknown, never counted as secured
    detail: str | None
    key_safe: bool | None = None  # None: not recorded; encryption then does not count as secure


@dataclass(frozen=True, slots=True)
class Risk:
    overall: str
    rationale: str
    likelihood: str | None
    harm_severity: str | None
    assessed_by: str | None
    assessed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Privacy:
    roles: tuple[str, ...]  # e.g. (controller,) or (processor, business_associate); () unknown
    personal_data_disclosed: str
    data: tuple[DataItem, ...]
    data_subjects: tuple[SubjectCount, ...]
    individuals_by_jurisdiction: tuple[JurisdictionCount, ...]
    data_states: tuple[DataState, ...]
    recipient_type: str | None
    recipient_description: str | None
    risk: Risk | None
    data_elements: frozenset[str] | None = None  # None: not recorded (so not known)

    @property
    def role(self) -> str:
        return ", ".join(self.roles)


@dataclass(frozen=True, slots=True)
class Notification:
    """A recorded obligation: which duty of which rule (recipient, stage, jurisdiction)."""

    rule: str
    required: str
    recipient: str | None
    rationale: str | None
    sent_at: datetime | None
    reference: str | None
    late_reason: str | None
    stage: str | None = None
    jurisdiction: str | None = None
    addressee: str | None = None  # who exactly, e.g. "Data Protection Commission (Ireland)"
    decided_at: datetime | None = None  # when `required` was decided (yes or no)


@dataclass(frozen=True, slots=True)
class Classification:
    """A regime's classification of the incident (DORA major, SEC material...), and when
    it was determined: several deadlines run from that instant."""

    id: str
    determined_at: datetime
    by: str | None
    rationale: str | None


@dataclass(frozen=True, slots=True)
class LawEnforcementDelay:
    """A documented request by law enforcement to delay notice; pauses the clocks that allow it."""

    start: datetime
    end: datetime
    requested_by: str
    reference: str | None


@dataclass(frozen=True, slots=True)
class ContributingFactor:
    category: str
    description: str


@dataclass(frozen=True, slots=True)
class Cause:
    trigger: str | None = None
    root_cause_category: str | None = None
    root_cause: str | None = None
    contributing_factors: tuple[ContributingFactor, ...] = ()
    changes: tuple[str, ...] = ()
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """A change (ITIL) an incident names: one that caused it (`cause.changes`) or one made to
    respond (`changes`)."""

    id: str
    role: str  # "cause" or "response"
    type: str | None  # standard | normal | emergency; None when only the id is recorded
    description: str | None = None
    at: datetime | None = None
    reviewed_at: datetime | None = None  # the post-implementation review
    review: str | None = None


def changes_of(raw: dict[str, Any]) -> tuple[Change, ...]:
    """Every change a record names, with its role; a bare id is a change of unknown type."""

    def one(item: str | dict[str, Any], role: str) -> Change:
        if isinstance(item, str):
            return Change(item, role, None)
        return Change(
            item["id"],
            role,
            item.get("type"),
            item.get("description"),
            ts(item.get("at")),
            ts(item.get("reviewed_at")),
            item.get("review"),
        )

    caused = (raw.get("cause") or {}).get("changes", ())
    return tuple(one(c, "cause") for c in caused) + tuple(one(c, "response") for c in raw.get("changes", ()))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    type: str
    description: str
    actor: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Communication:
    at: datetime
    audience: str
    type: str
    summary: str
    author: str | None


@dataclass(frozen=True, slots=True)
class ActionItem:
    id: str
    title: str
    type: str
    owner: str
    due: date
    status: str
    team: str | None
    link: str | None
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status in ACTION_OPEN


@dataclass(frozen=True, slots=True)
class Incident:
    path: str  # repository-relative path of incident.yaml
    id: str
    title: str
    summary: str
    visibility: str
    tags: tuple[str, ...]
    status: str
    disposition: str | None
    domains: tuple[str, ...]
    category: str
    severity: str
    impact: str
    urgency: str
    priority: str
    priority_override: str | None
    reporter: str
    commander: str | None
    teams: tuple[str, ...]
    participants: tuple[Participant, ...]
    escalations: tuple[Escalation, ...]
    occurred_at: datetime | None
    detected_at: datetime | None  # None only when recorded as `unknown`
    reported_at: datetime | None
    acknowledged_at: datetime | None
    aware_at: datetime | None
    contained_at: datetime | None
    restored_at: datetime | None  # service restored for its users (ITIL time to restore)
    resolved_at: datetime | None
    closed_at: datetime | None
    detection: Detection
    scope: Scope
    privacy: Privacy | None
    notifications: tuple[Notification, ...]
    classifications: tuple[Classification, ...]
    law_enforcement_delays: tuple[LawEnforcementDelay, ...]
    cause: Cause
    related: tuple[str, ...]
    duplicate_of: str | None
    timeline: tuple[TimelineEntry, ...]
    communications: tuple[Communication, ...]
    action_items: tuple[ActionItem, ...]
    historical: bool = False
    source: Source | None = None
    unknown: frozenset[str] = frozenset()  # dotted paths of the fields recorded as `unknown`
    changes: tuple[Change, ...] = ()  # those that caused it, then those made to respond
    reopened: tuple[tuple[datetime, str], ...] = ()  # (when, why) each time it was reopened

    @property
    def decided_at(self) -> datetime | None:
        """When the first notification decision (required yes or no) was recorded."""
        times = [n.decided_at for n in self.notifications if n.decided_at and n.required in ("yes", "no")]
        return min(times) if times else None

    @property
    def restricted(self) -> bool:
        return self.visibility == "restricted"

    @property
    def unknown_fields(self) -> list[str]:
        """The fields recorded as `unknown`, for readers: `privacy.data[].records`, each once."""
        return sorted({field_name(path) for path in self.unknown})

    @property
    def when(self) -> datetime:
        """When the incident is dated in indexes and trends: detected, else reported, else
        occurred (a historical record may know only the year it happened)."""
        moment = self.detected_at or self.reported_at or self.occurred_at
        assert moment is not None, "check requires one known time"
        return moment

    def reached(self, status: str) -> bool:
        """True once the incident's status is ``status`` or later."""
        return STATUS_RANK[self.status] >= STATUS_RANK[status]

    def time(self, field: str) -> datetime | None:
        """A timestamp by field name, including ``privacy.risk.assessed_at`` and
        ``classification:<id>`` (when that classification was determined)."""
        if field == "privacy.risk.assessed_at":
            return self.privacy.risk.assessed_at if self.privacy and self.privacy.risk else None
        if field.startswith("classification:"):
            wanted = field.partition(":")[2]
            return next((c.determined_at for c in self.classifications if c.id == wanted), None)
        return getattr(self, field)


@dataclass(frozen=True, slots=True)
class Approval:
    by: str
    role: str
    at: datetime
    decision: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Postmortem:
    path: str
    incident: str
    title: str | None
    status: str
    authors: tuple[str, ...]
    reviewers: tuple[str, ...]
    meeting_at: datetime | None
    approvals: tuple[Approval, ...]
    body: str
    body_line: int  # line of the file where the Markdown body starts
    sections: tuple[str, ...]  # level-2 headings, in order


def _privacy(raw: dict[str, Any] | None) -> Privacy | None:
    if raw is None:
        return None
    risk = raw.get("risk")
    recipient = raw.get("recipient") or {}
    role = raw["role"]
    elements = raw.get("data_elements")
    return Privacy(
        roles=() if role == UNKNOWN else (role,) if isinstance(role, str) else tuple(role),
        personal_data_disclosed=raw["personal_data_disclosed"],
        data=tuple(
            DataItem(d["category"], known(d.get("records")), d.get("count_confidence"))
            for d in raw.get("data", ())
        ),
        data_subjects=tuple(
            SubjectCount(s["type"], known(s.get("count"))) for s in raw.get("data_subjects", ())
        ),
        individuals_by_jurisdiction=tuple(
            JurisdictionCount(
                (j["jurisdiction"],) if "jurisdiction" in j else tuple(j["jurisdictions"]),
                None if j["count"] == "unknown" else j["count"],
            )
            for j in raw.get("individuals_by_jurisdiction", ())
        ),
        data_states=tuple(
            DataState(s["state"], known(s["encrypted"]), s.get("detail"), _key_safe(s.get("key_safe")))
            for s in raw.get("data_states", ())
        ),
        recipient_type=recipient.get("type"),
        recipient_description=recipient.get("description"),
        risk=Risk(
            risk["overall"],
            risk["rationale"],
            risk.get("likelihood"),
            risk.get("harm_severity"),
            risk.get("assessed_by"),
            ts(risk.get("assessed_at")),
        )
        if risk
        else None,
        data_elements=None if elements in (None, "unknown") else frozenset(elements),
    )


def _key_safe(value: bool | str | None) -> bool | None:
    return value if isinstance(value, bool) else None


def _cause(raw: dict[str, Any] | None) -> Cause:
    if not raw:
        return Cause()
    return Cause(
        trigger=raw.get("trigger"),
        root_cause_category=raw.get("root_cause_category"),
        root_cause=raw.get("root_cause"),
        contributing_factors=tuple(
            ContributingFactor(f["category"], f["description"]) for f in raw.get("contributing_factors", ())
        ),
        changes=tuple(c if isinstance(c, str) else c["id"] for c in raw.get("changes", ())),
        problem=raw.get("problem"),
    )


def action_item(raw: dict[str, Any]) -> ActionItem:
    """One action item, the same shape on incidents and on problem records."""
    return ActionItem(
        raw["id"],
        raw["title"],
        raw["type"],
        raw["owner"],
        date.fromisoformat(raw["due"]),
        raw["status"],
        raw.get("team"),
        raw.get("link"),
        ts(raw.get("closed_at")),
    )


def build_incident(raw: dict[str, Any], path: str, text: str | None = None) -> Incident:
    """An Incident from a record that passed the schema; ``text``, the YAML it was parsed from,
    spares the walk for `unknown` values when it cannot hold one."""
    get = raw.get
    detection = raw["detection"]
    scope = get("scope") or {}
    return Incident(
        path=path,
        id=raw["id"],
        title=raw["title"],
        summary=raw["summary"],
        visibility=raw["visibility"],
        tags=tuple(get("tags", ())),
        status=raw["status"],
        disposition=get("disposition"),
        domains=tuple(raw["domains"]),
        category=raw["category"],
        severity=raw["severity"],
        impact=raw["impact"],
        urgency=raw["urgency"],
        priority=raw["priority"],
        priority_override=get("priority_override"),
        reporter=raw["reporter"],
        commander=get("commander"),
        teams=tuple(get("teams", ())),
        participants=tuple(Participant(p["name"], p["role"]) for p in get("participants", ())),
        escalations=tuple(
            Escalation(ts(e["at"]), e["to"], e["reason"])  # type: ignore[arg-type]
            for e in get("escalations", ())
        ),
        occurred_at=ts(get("occurred_at")),
        detected_at=ts(raw["detected_at"]),  # type: ignore[arg-type]
        reported_at=ts(raw["reported_at"]),
        acknowledged_at=ts(get("acknowledged_at")),  # type: ignore[arg-type]
        aware_at=ts(get("aware_at")),
        contained_at=ts(get("contained_at")),
        restored_at=ts(get("restored_at")),
        resolved_at=ts(get("resolved_at")),
        closed_at=ts(get("closed_at")),
        detection=Detection(detection["method"], known(detection["internal"]), detection.get("detail")),
        scope=Scope(
            tuple(scope.get("services", ())),
            known(scope.get("customers_affected")),
            known(scope.get("users_affected")),
            scope.get("sla_breached"),
        ),
        privacy=_privacy(get("privacy")),
        notifications=tuple(
            Notification(
                n["rule"],
                n["required"],
                n.get("recipient"),
                n.get("rationale"),
                ts(n.get("sent_at")),
                n.get("reference"),
                n.get("late_reason"),
                n.get("stage"),
                n.get("jurisdiction"),
                n.get("addressee"),
                ts(n.get("decided_at")),
            )
            for n in get("notifications", ())
        ),
        classifications=tuple(
            Classification(c["id"], ts(c["determined_at"]), c.get("by"), c.get("rationale"))  # type: ignore[arg-type]
            for c in get("classifications", ())
        ),
        law_enforcement_delays=tuple(
            LawEnforcementDelay(ts(d["from"]), ts(d["until"]), d["requested_by"], d.get("reference"))  # type: ignore[arg-type]
            for d in get("law_enforcement_delays", ())
        ),
        cause=_cause(get("cause")),
        related=tuple(get("related", ())),
        duplicate_of=get("duplicate_of"),
        timeline=tuple(
            TimelineEntry(
                ts(t["at"]),
                t["type"],
                t["description"],
                t.get("actor"),  # type: ignore[arg-type]
                t.get("source"),
            )
            for t in get("timeline", ())
        ),
        communications=tuple(
            Communication(
                ts(c["at"]),
                c["audience"],
                c["type"],
                c["summary"],  # type: ignore[arg-type]
                c.get("author"),
            )
            for c in get("communications", ())
        ),
        action_items=tuple(action_item(a) for a in get("action_items", ())),
        historical=bool(get("historical", False)),
        changes=changes_of(raw),
        reopened=tuple((ts(r["at"]), r["reason"]) for r in get("reopened", ())),
        source=_source(get("source")),
        unknown=frozenset(unknown_paths(raw)) if text is None or _may_say_unknown(text) else frozenset(),
    )


def _may_say_unknown(text: str) -> bool:
    """Whether a YAML text can hold the value `unknown`: only written as such, or spelled with
    an escape in a double-quoted string ("unkn\\x6fwn")."""
    return UNKNOWN in text or "\\" in text


def _source(raw: dict[str, Any] | None) -> Source | None:
    if raw is None:
        return None
    return Source(
        raw["system"],
        raw.get("id"),
        ts(raw.get("imported_at")),
        tuple(raw.get("references", ())),
        tuple(raw.get("defaults", ())),
        tuple(raw.get("dropped", ())),
    )


def field_name(path: str) -> str:
    """A dotted path as a field name, list indices folded: `privacy.data.0.records` ->
    `privacy.data[].records`."""
    return re.sub(r"\.\d+(?=\.|$)", "[]", path)


def unknown_paths(value: Any, prefix: str = "") -> list[str]:
    """Dotted paths (list items by index) of every value written as `unknown`."""
    if value == UNKNOWN:
        return [prefix]
    if isinstance(value, dict):
        return [
            p
            for key, item in value.items()
            for p in unknown_paths(item, f"{prefix}.{key}" if prefix else key)
        ]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in unknown_paths(item, f"{prefix}.{index}")]
    return []


def build_postmortem(
    raw: dict[str, Any], path: str, body: str, body_line: int, sections: tuple[str, ...]
) -> Postmortem:
    """A Postmortem from front matter that passed the schema."""
    return Postmortem(
        path=path,
        incident=raw["incident"],
        title=raw.get("title"),
        status=raw["status"],
        authors=tuple(raw["authors"]),
        reviewers=tuple(raw["reviewers"]),
        meeting_at=ts(raw.get("meeting_at")),
        approvals=tuple(
            Approval(a["by"], a["role"], ts(a["at"]), a["decision"], a.get("note"))  # type: ignore[arg-type]
            for a in raw.get("approvals", ())
        ),
        body=body,
        body_line=body_line,
        sections=sections,
    )
