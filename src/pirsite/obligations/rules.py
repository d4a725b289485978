"""Rules as data: conditions on an incident, and notification rules with their duties.

A notification rule says when it applies (``applies_when``) and whom it obliges to tell what
by when (``notify``: one duty per recipient and stage). Built from schema-valid policy data;
:func:`rule_problems` reports what the schema cannot state.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .deadlines import Calendar, Deadline, DeadlineError, parse_deadline

_COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
_COMPARISON = re.compile(r"(>=|<=|>|<)\s*([0-9]+)")
TIME_STARTS = (
    "occurred_at",
    "detected_at",
    "reported_at",
    "acknowledged_at",
    "aware_at",
    "contained_at",
    "restored_at",
    "resolved_at",
    "privacy.risk.assessed_at",
)


@dataclass(frozen=True, slots=True)
class Threshold:
    """A count test such as ``>= 500`` or ``> 500``, as the statute words it."""

    op: str
    value: int

    @classmethod
    def parse(cls, text: str) -> Threshold:
        match = _COMPARISON.fullmatch(text.strip())
        if not match:
            raise ValueError(f'`{text}` is not a threshold; write e.g. ">= 500" or "> 1000"')
        return cls(match.group(1), int(match.group(2)))

    def holds(self, count: int) -> bool:
        return _COMPARE[self.op](count, self.value)

    @property
    def upward(self) -> bool:
        """True for ">" and ">=": more people can only make it hold."""
        return self.op.startswith(">")

    def __str__(self) -> str:
        return f"{self.op} {self.value}"


@dataclass(frozen=True, slots=True)
class Condition:
    """A test on an incident and the organisation, written as data (all keys must hold)."""

    any_of: tuple[Condition, ...] = ()
    none_of: tuple[Condition, ...] = ()
    severities: tuple[str, ...] | None = None
    domains: tuple[str, ...] | None = None
    personal_data_disclosed: tuple[str, ...] | None = None
    roles: tuple[str, ...] | None = None
    established_in: tuple[str, ...] | None = None
    main_establishment_in: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    jurisdictions: tuple[str, ...] | None = None
    individuals: Threshold | None = None
    individuals_each: Threshold | None = None
    data_categories: tuple[str, ...] | None = None
    data_elements: tuple[frozenset[str], ...] | None = None
    risk_at_least: str | None = None
    unsecured: bool | None = None
    classified: tuple[str, ...] | None = None

    @property
    def keys(self) -> frozenset[str]:
        """The keys this condition and its sub-conditions test."""
        own = {
            name
            for name in self.__slots__  # type: ignore[attr-defined]
            if name not in ("any_of", "none_of") and getattr(self, name) is not None
        }
        for sub in (*self.any_of, *self.none_of):
            own |= sub.keys
        return frozenset(own)

    @classmethod
    def from_raw(cls, raw: dict[str, Any], scope: tuple[str, ...] | None = None) -> Condition:
        """A condition from policy data. A threshold counts people in the jurisdictions of
        its own condition or, when that names none, of the nearest enclosing one (``scope``):
        the California attorney-general duty's "> 500" counts Californians, not everyone."""
        values: dict[str, Any] = {}
        jurisdictions = tuple(raw["jurisdictions"]) if "jurisdictions" in raw else None
        inner = jurisdictions if jurisdictions is not None else scope
        for key, value in raw.items():
            if key in ("any_of", "none_of"):
                values[key] = tuple(cls.from_raw(item, inner) for item in value)
            elif key in ("individuals", "individuals_each"):
                values[key] = Threshold.parse(value)
            elif key == "data_elements":
                values[key] = tuple(frozenset(combination) for combination in value)
            elif isinstance(value, list):
                values[key] = tuple(value)
            else:
                values[key] = value
        if (
            jurisdictions is None
            and scope is not None
            and ("individuals" in raw or "individuals_each" in raw)
        ):
            values["jurisdictions"] = scope
        return cls(**values)


@dataclass(frozen=True, slots=True)
class InForce:
    """The dates a rule or duty is in force, compared with the incident's detection date."""

    start: date | None = None
    end: date | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def overlaps(self, other: InForce) -> bool:
        return (self.start is None or other.end is None or self.start <= other.end) and (
            other.start is None or self.end is None or other.start <= self.end
        )

    @classmethod
    def from_raw(cls, raw: dict[str, Any] | None) -> InForce:
        raw = raw or {}
        return cls(_date(raw.get("from")), _date(raw.get("until")))


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class Limit:
    """A clock: the field that starts it and the deadline it runs to (None: a standard only)."""

    clock_starts: str
    deadline: Deadline | None


@dataclass(frozen=True, slots=True)
class Duty:
    """One thing a rule requires: tell one recipient, at one stage, by a deadline."""

    recipient: str
    to: str  # the recipient in words
    stage: str | None
    when: Condition | None
    each_jurisdiction: bool
    in_force: InForce
    limit: Limit
    at_latest: Limit | None  # the earlier of the two limits is due (DORA initial notification)
    standard: str | None  # the law's words, e.g. "without undue delay"
    law_enforcement_delay: bool
    from_end_of: str | None  # "year": counted from the end of the clock start's calendar year
    retain: str | None  # record-keeping duties: how long to keep the record
    optional: bool = False  # owed only on an event the record does not hold (a request, new facts)

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.recipient, self.stage)

    @property
    def label(self) -> str:
        """e.g. "Lead supervisory authority" or "CSIRT (early warning)"."""
        return f"{self.to} ({self.stage.replace('_', ' ')})" if self.stage else self.to

    @property
    def brief(self) -> str:
        """The deadline for messages: "72h", or "no fixed deadline" for a standard only."""
        deadline = self.limit.deadline
        if deadline is None:
            return "no fixed deadline"
        return f"at most {deadline.text}" if self.standard else deadline.text

    @property
    def deadline_text(self) -> str:
        """The deadline in words: "72h", "without undue delay, at most 60 calendar days",
        "without undue delay" (no number: no due instant is invented)."""
        deadline = self.limit.deadline
        parts = [self.standard] if self.standard else []
        if deadline is not None:
            counted = f"{deadline.text} after the end of the year" if self.from_end_of else deadline.text
            parts.append(f"at most {counted}" if self.standard else counted)
        if self.at_latest and self.at_latest.deadline:
            parts.append(f"and at most {self.at_latest.deadline.text} after {self.at_latest.clock_starts}")
        if self.retain:
            parts.append(f"kept {self.retain}")
        return ", ".join(parts) or "no deadline"


@dataclass(frozen=True, slots=True)
class NotificationRule:
    id: str
    name: str
    regime: str
    citation: str
    source: str | None
    description: str
    unconfirmed: str | None
    in_force: InForce
    applies_when: Condition
    duties: tuple[Duty, ...]

    @property
    def demanded(self) -> tuple[Duty, ...]:
        """The duties check asks an entry for: not optional, not a record the incident keeps."""
        return tuple(d for d in self.duties if not d.optional and d.recipient != "record")

    def duty(self, recipient: str | None, stage: str | None, day: date | None = None) -> Duty | None:
        """The duty a record entry names, in force on ``day`` (a law may change a duty's
        deadline from a date: California's from 2026). Recipient may be omitted when the rule
        has one demanded recipient, and stage when that recipient has one demanded stage
        (optional stages and record-keeping duties are then left out of the choice)."""
        found = [
            d
            for d in self.duties
            if (recipient is None or d.recipient == recipient)
            and (stage is None or d.stage == stage)
            and (day is None or d.in_force.covers(day))
        ]
        if len(found) > 1 and (recipient is None or stage is None):
            found = [d for d in found if not d.optional and d.recipient != "record"]
        return found[0] if len(found) == 1 else None


def _calendar(raw: dict[str, Any] | None) -> Calendar | None:
    return Calendar(raw["timezone"], raw.get("country"), raw.get("subdivision")) if raw else None


def _limit(raw: dict[str, Any], calendar: Calendar | None) -> Limit:
    text = raw.get("deadline")
    deadline = parse_deadline(text, calendar) if text else None
    return Limit(raw["clock_starts"], deadline)


def build_duty(raw: dict[str, Any], scope: tuple[str, ...] | None = None) -> Duty:
    """A Duty from schema-valid data; DeadlineError when its deadline cannot be counted.
    ``scope``: the rule's jurisdictions, where the duty's own thresholds count people."""
    calendar = _calendar(raw.get("calendar"))
    standard = raw.get("standard") or ("without undue delay" if raw.get("undue_delay") else None)
    latest = raw.get("at_latest")
    return Duty(
        recipient=raw["recipient"],
        to=raw["to"],
        stage=raw.get("stage"),
        when=Condition.from_raw(raw["when"], scope) if "when" in raw else None,
        each_jurisdiction=raw.get("each_jurisdiction", False),
        in_force=InForce.from_raw(raw.get("in_force")),
        limit=_limit(raw, calendar),
        at_latest=_limit(latest, calendar) if latest else None,
        standard=standard,
        law_enforcement_delay=raw.get("law_enforcement_delay", False),
        from_end_of=raw.get("from_end_of"),
        retain=raw.get("retain"),
        optional=raw.get("optional", False),
    )


def build_rule(raw: dict[str, Any]) -> NotificationRule:
    applies_when = Condition.from_raw(raw["applies_when"])
    return NotificationRule(
        id=raw["id"],
        name=raw["name"],
        regime=raw.get("regime", raw["name"]),
        citation=raw["citation"],
        source=raw.get("source"),
        description=raw["description"],
        unconfirmed=raw.get("unconfirmed"),
        in_force=InForce.from_raw(raw.get("in_force")),
        applies_when=applies_when,
        duties=tuple(build_duty(d, applies_when.jurisdictions) for d in raw["notify"]),
    )


def rule_problems(rule: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(field, message, hint) for what a rule's schema cannot state: deadlines that cannot
    be counted, duties named twice, a stage clock naming no stage, a duty with no deadline
    and no standard, thresholds that are not comparisons."""
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    hint = (
        "see the notification-rules reference in the README: exact periods, calendar days, "
        "business days or months with a calendar: {timezone: ..., country: ...}"
    )
    keys: dict[tuple[str, str | None], list[InForce]] = {}
    stages = {d.get("stage") for d in rule.get("notify", ())}
    recipients = {d["recipient"] for d in rule.get("notify", ())}
    for index, duty in enumerate(rule.get("notify", ())):
        at: tuple[str | int, ...] = ("notify", index)
        try:
            build_duty(duty)
        except DeadlineError as exc:
            found.append(((*at, "deadline"), str(exc), hint))
        except ValueError as exc:
            found.append(((*at, "when"), str(exc), 'write a threshold as ">= 500" or "> 500"'))
        key = (duty["recipient"], duty.get("stage"))
        period = InForce.from_raw(duty.get("in_force"))
        if any(period.overlaps(other) for other in keys.get(key, ())):
            found.append(
                (
                    (*at, "stage"),
                    f"recipient `{key[0]}` with stage `{key[1]}` is listed twice for the same dates",
                    "give each stage its own id, or each version of a duty in_force dates apart",
                )
            )
        keys.setdefault(key, []).append(period)
        if not duty.get("deadline") and not duty.get("standard") and not duty.get("undue_delay"):
            found.append(
                (
                    at,
                    "a duty needs a deadline, a standard (the law's words) or both",
                    'add deadline: 72h, or standard: "without undue delay"',
                )
            )
        for clock in (duty.get("clock_starts", ""), (duty.get("at_latest") or {}).get("clock_starts", "")):
            if clock.startswith("sent:") and clock.partition(":")[2].partition("/")[0] not in recipients:
                found.append(
                    (
                        (*at, "clock_starts"),
                        f"`{clock}` names no recipient of this rule",
                        f"use one of: {', '.join(sorted(recipients))}",
                    )
                )
            if clock.startswith("stage:") and clock.partition(":")[2] not in stages:
                found.append(
                    (
                        (*at, "clock_starts"),
                        f"`{clock}` names no stage of this rule",
                        f"use one of: {', '.join(sorted(s for s in stages if s))}",
                    )
                )
    try:
        Condition.from_raw(rule.get("applies_when", {}))
    except ValueError as exc:
        found.append((("applies_when",), str(exc), 'write a threshold as ">= 500" or "> 500"'))
    return found


def _either(values: tuple[str, ...]) -> str:
    return " or ".join(f"`{v}`" for v in values)


def describe(cond: Condition) -> str:
    """A condition in words, for the pages that state the policy."""
    parts = []
    if cond.severities is not None:
        parts.append("severity is " + _either(cond.severities))
    if cond.domains is not None:
        parts.append("domains include " + _either(cond.domains))
    if cond.personal_data_disclosed is not None:
        parts.append("personal data disclosed is " + _either(cond.personal_data_disclosed))
    if cond.roles is not None:
        parts.append("our role is " + _either(cond.roles))
    if cond.established_in is not None:
        parts.append("we are established in " + _either(cond.established_in))
    if cond.main_establishment_in is not None:
        parts.append("our main establishment is in " + _either(cond.main_establishment_in))
    if cond.statuses is not None:
        parts.append("we hold the status " + _either(cond.statuses))
    if cond.classified is not None:
        parts.append("the incident is classified " + _either(cond.classified))
    if cond.risk_at_least is not None:
        parts.append(f"the assessed risk is at least `{cond.risk_at_least}`")
    if cond.data_categories is not None:
        parts.append("the data includes " + _either(cond.data_categories))
    if cond.data_elements is not None:
        combos = " or ".join("(" + " + ".join(sorted(c)) + ")" for c in cond.data_elements)
        parts.append(f"the data elements include {combos}")
    if cond.unsecured is not None:
        parts.append(
            "some affected data was readable (not encrypted, or the key not safe)"
            if cond.unsecured
            else "all affected data was encrypted with a safe key"
        )
    if cond.jurisdictions is not None:
        parts.append("individuals are in " + _either(cond.jurisdictions))
    if cond.individuals is not None:
        parts.append(f"the individuals affected there number {cond.individuals}")
    if cond.individuals_each is not None:
        parts.append(f"a single jurisdiction among them has {cond.individuals_each} individuals")
    if cond.any_of:
        parts.append("any of: " + "; or ".join(f"({describe(sub)})" for sub in cond.any_of))
    if cond.none_of:
        parts.append("none of: " + "; nor ".join(f"({describe(sub)})" for sub in cond.none_of))
    return ", and ".join(parts) if parts else "always"
