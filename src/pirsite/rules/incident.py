"""Rules about one incident record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from ..moments import UNKNOWN, precision, stamp, surely_before
from ..obligations.check import notification_problems
from ..obligations.clocks import span, triage_deadlines
from ..policy import Policy
from ..problems import Problem, error, warning
from ..records import NOT_REAL, TIME_FIELDS, ActionItem, Incident
from .invisible import hidden_controls

# (earlier, later): each pair must be in order when both are set.
CHRONOLOGY = (
    ("occurred_at", "detected_at"),
    ("detected_at", "reported_at"),
    ("reported_at", "acknowledged_at"),
    ("detected_at", "aware_at"),
    ("detected_at", "contained_at"),
    ("contained_at", "resolved_at"),
    ("detected_at", "resolved_at"),
    ("detected_at", "restored_at"),
    ("restored_at", "resolved_at"),
    ("resolved_at", "closed_at"),
)
CHRONOLOGY_HINT = (
    "times run occurred -> detected -> reported -> acknowledged, and detected -> "
    "contained -> resolved -> closed, with restored between detected and resolved; "
    "check the date and the UTC offset"
)


def incident_problems(incident: Incident, policy: Policy, now: datetime) -> list[Problem]:
    """Every single-record rule for ``incident``."""
    problems: list[Problem] = [*folder_agrees(incident, policy, now), *known_time(incident, policy, now)]
    if any(p.code == "unknown-time" for p in problems):
        return problems  # every later rule places the incident in time
    for rule in (
        partial_times,
        chronology,
        timeline_order,
        status_fields,
        severity_assessed,
        triage_targets,
        priority_matches,
        domains_agree,
        privacy_block,
        detection_agrees,
        action_items,
        change_reviews,
    ):
        problems.extend(rule(incident, policy, now))
    problems.extend(notification_problems(incident, policy, now))
    titles = [(("title",), incident.title)]
    titles += [
        (("action_items", n, f), getattr(a, f))
        for n, a in enumerate(incident.action_items)
        for f in ("id", "title")
    ]
    problems.extend(hidden_controls(incident.path, titles))
    return problems


def folder_agrees(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    parts = incident.path.split("/")
    year, folder = parts[-3], parts[-2]
    if incident.id != folder:
        yield error(
            incident.path,
            "id-folder",
            f"id `{incident.id}` does not match its folder `{folder}`",
            "the folder must be named after the id: rename the folder or fix the id",
            field=("id",),
        )
    elif incident.id.split("-")[1] != year:
        yield error(
            incident.path,
            "id-folder",
            f"id `{incident.id}` is filed under the year folder `{year}`",
            f"move the folder to incidents/{incident.id.split('-')[1]}/",
            field=("id",),
        )


def known_time(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    """An incident must be placed in time: one of detected, reported or occurred known (a
    year is enough)."""
    if incident.detected_at is None and incident.reported_at is None and incident.occurred_at is None:
        yield error(
            incident.path,
            "unknown-time",
            "detected_at, reported_at and occurred_at are all unknown, so the incident cannot be dated",
            "give at least one of them, as precisely as it is known: 2014, 2014-06 or 2014-06-01 will do",
            field=("detected_at",),
        )


PRECISION_WORDS = {"year": "a year", "month": "a month", "day": "a date"}


def partial_times(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    """A live incident's times should be exact: a date-only time silently stops the SLA and
    notification clocks that start from it."""
    if incident.historical:
        return
    for field in TIME_FIELDS:
        value = getattr(incident, field)
        kind = precision(value)
        if kind in PRECISION_WORDS:
            yield warning(
                incident.path,
                "partial-time",
                f"`{stamp(value)}` is only {PRECISION_WORDS[kind]}, so the durations and clocks that use it "
                "are not measured",
                "record the time with its offset, e.g. 2026-03-01T14:05:00Z; a record of an incident handled "
                "before the program can say historical: true",
                field=(field,),
            )


def chronology(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    """Times in order; a partial time is out of order only when it surely is (2014-06 is not
    before 2014-06-12T10:00Z)."""
    for earlier, later in CHRONOLOGY:
        first, second = getattr(incident, earlier), getattr(incident, later)
        if first is not None and second is not None and surely_before(second, first):
            yield error(
                incident.path,
                "chronology",
                f"`{later}` ({stamp(second)}) is before `{earlier}` ({stamp(first)})",
                CHRONOLOGY_HINT,
                field=(later,),
            )


def timeline_order(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    for index in range(1, len(incident.timeline)):
        before, entry = incident.timeline[index - 1], incident.timeline[index]
        if surely_before(entry.at, before.at):
            yield error(
                incident.path,
                "chronology",
                f"timeline entry at {stamp(entry.at)} comes after one at {stamp(before.at)}",
                "keep the timeline in chronological order",
                field=("timeline", index, "at"),
            )


def status_fields(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    status = incident.status
    real = incident.disposition not in NOT_REAL
    live = not incident.historical  # a historical record need not say who ran the response

    def need(field: tuple[str, ...], since: str, hint: str, when: bool = True) -> Problem | None:
        value: object = incident
        for part in field:
            value = getattr(value, part)
        if when and value is None and incident.reached(since) and ".".join(field) not in incident.unknown:
            return error(
                incident.path,
                "status-field",
                f"`{'.'.join(field)}` is required once the status is `{since}` or later "
                f"(status is `{status}`)",
                hint + (" (or `unknown` if the record cannot know it)" if incident.historical else ""),
                field=field,
            )
        return None

    found = (
        need(("acknowledged_at",), "triage", "set when the response team acknowledged the report", when=live),
        need(("commander",), "triage", "name the incident commander (a handle)", when=live),
        need(
            ("disposition",),
            "investigating",
            "set confirmed, suspected, near_miss, false_positive, duplicate or not_an_incident",
        ),
        need(("contained_at",), "contained", "set when the harm stopped growing", when=real),
        need(("resolved_at",), "resolved", "set when service and data were restored"),
        need(("closed_at",), "closed", "set when the incident was closed"),
        need(
            ("cause", "root_cause_category"),
            "resolved",
            "pick the class from root_cause_categories in the policy",
            when=incident.disposition in ("confirmed", "near_miss"),
        ),
    )
    yield from (p for p in found if p)
    if incident.disposition == UNKNOWN and not incident.historical:
        yield error(
            incident.path,
            "status-field",
            "disposition `unknown` is only for historical records",
            "decide it in triage: confirmed, suspected, near_miss, false_positive, duplicate or "
            "not_an_incident",
            field=("disposition",),
        )
    if incident.disposition == "duplicate" and incident.duplicate_of is None:
        yield error(
            incident.path,
            "status-field",
            "`duplicate_of` is required for disposition `duplicate`",
            "give the id of the incident this one duplicates",
            field=("duplicate_of",),
        )
    if incident.duplicate_of is not None and incident.disposition != "duplicate":
        yield error(
            incident.path,
            "status-field",
            "`duplicate_of` is set but the disposition is not `duplicate`",
            "set disposition: duplicate, or remove duplicate_of",
            field=("duplicate_of",),
        )


def severity_assessed(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    if incident.severity == UNKNOWN and not incident.historical:
        yield error(
            incident.path,
            "severity",
            "severity `unknown` is only for historical records",
            "assess it (`unassessed` while in triage), or mark the record historical: true if it "
            "was handled before this program",
            field=("severity",),
        )
    if incident.severity == "unassessed" and incident.reached("investigating"):
        yield error(
            incident.path,
            "severity",
            f"severity is still `unassessed` at status `{incident.status}`",
            f"assess it during triage: one of {', '.join(policy.severity_ids)}"
            + (" (or `unknown` for a historical record)" if incident.historical else ""),
            field=("severity",),
        )


TRIAGE: dict[str, tuple[str, tuple[str, ...], str, str]] = {  # clock -> (code, field, what, fix)
    "Assess severity": (
        "severity-unassessed",
        ("severity",),
        "the severity is still `unassessed`",
        "assess it in triage; until then the acknowledge clock runs on the shortest target",
    ),
    "Record aware_at": (
        "aware-missing",
        ("privacy", "personal_data_disclosed"),
        "personal_data_disclosed is `{disclosed}` but `aware_at` is not recorded, so no "
        "notification clock has started",
        "record aware_at, when we became reasonably certain personal data was affected; "
        'if none was, set personal_data_disclosed: "no"',
    ),
}


def triage_targets(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    """A new incident never goes silent: what triage still lacks, past the policy's target."""
    for name, due in triage_deadlines(incident, policy):
        if now > due:
            code, field, what, hint = TRIAGE[name]
            disclosed = incident.privacy.personal_data_disclosed if incident.privacy else ""
            late = f"{span(now - due)} past the triage target ({stamp(due)})"
            yield warning(
                incident.path,
                code,
                f"{what.format(disclosed=disclosed)}, {late}",
                hint,
                field=field,
            )


def priority_matches(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    if UNKNOWN in (incident.impact, incident.urgency):
        if incident.priority != UNKNOWN and not incident.priority_override:
            yield error(
                incident.path,
                "priority",
                f"priority `{incident.priority}` cannot follow from an unknown impact or urgency",
                "set priority: unknown, or record impact and urgency (or say why in priority_override)",
                field=("priority",),
            )
        return
    expected = policy.priority_matrix[incident.impact][incident.urgency]
    if incident.priority != expected and not incident.priority_override:
        yield error(
            incident.path,
            "priority",
            f"priority `{incident.priority}` does not follow from impact `{incident.impact}` x "
            f"urgency `{incident.urgency}`, which gives `{expected}`",
            f"set priority: {expected}, or say why it differs in priority_override",
            field=("priority",),
        )


def domains_agree(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    category = next((c for c in policy.categories if c.id == incident.category), None)
    if category and not set(category.domains) & set(incident.domains):
        yield error(
            incident.path,
            "category-domain",
            f"category `{category.id}` belongs to {', '.join(category.domains)}, none of which is in domains",
            f"add {category.domains[0]} to domains or choose another category",
            field=("category",),
        )


def privacy_block(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    has_domain = "privacy" in incident.domains
    privacy = incident.privacy
    if has_domain and privacy is None:
        yield error(
            incident.path,
            "privacy",
            "the privacy block is required when domains include privacy",
            "add privacy: with role, personal_data_disclosed, data, data_subjects and risk",
            field=("privacy",),
        )
    elif privacy is not None and not has_domain:
        yield error(
            incident.path,
            "privacy",
            "a privacy block is given but domains do not include privacy",
            "add privacy to domains, or remove the privacy block",
            field=("privacy",),
        )
    if (
        privacy is not None
        and privacy.risk is None
        and not incident.historical
        and incident.reached("contained")
        and privacy.personal_data_disclosed in ("yes", "potentially")
    ):
        yield error(
            incident.path,
            "privacy",
            "a risk assessment is required once contained when personal data was or may have been disclosed",
            "add privacy.risk with overall, rationale, assessed_by and assessed_at",
            field=("privacy", "risk"),
        )


def detection_agrees(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    method = next((m for m in policy.detection_methods if m.id == incident.detection.method), None)
    if method and incident.detection.internal is not None and method.internal != incident.detection.internal:
        word = "true" if method.internal else "false"
        yield error(
            incident.path,
            "detection",
            f"detection method `{method.id}` is {'internal' if method.internal else 'external'} "
            f"but `internal` is {'true' if incident.detection.internal else 'false'}",
            f"set internal: {word}, or choose the method that matches",
            field=("detection", "internal"),
        )


def change_reviews(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    """An emergency change skipped the usual assessment: once the incident is resolved, its
    post-implementation review is due (ITIL change enablement)."""
    if not incident.reached("resolved") or incident.historical:
        return
    cause_count = sum(1 for c in incident.changes if c.role == "cause")
    for index, change in enumerate(incident.changes):
        if change.type == "emergency" and change.reviewed_at is None:
            at = ("cause", "changes", index) if change.role == "cause" else ("changes", index - cause_count)
            yield warning(
                incident.path,
                "change-review",
                f"emergency change {change.id} has no post-implementation review recorded",
                "hold the review and set reviewed_at (and review: a link to its notes)",
                field=at,
            )


def action_items(incident: Incident, policy: Policy, now: datetime) -> Iterator[Problem]:
    return action_item_problems(incident.path, incident.action_items, now)


def action_item_problems(path: str, items: Iterable[ActionItem], now: datetime) -> Iterator[Problem]:
    """The action-item rules, for an incident's follow-ups and a problem record's fix actions."""
    seen: set[str] = set()
    today = now.date()
    for index, item in enumerate(items):
        at = ("action_items", index)
        if item.id in seen:
            yield error(
                path,
                "action-item",
                f"action item id `{item.id}` is used twice",
                "number action items AI-1, AI-2, ... within the record",
                field=(*at, "id"),
            )
        seen.add(item.id)
        if not item.is_open and item.closed_at is None:
            yield error(
                path,
                "action-item",
                f"`closed_at` is required when the status is `{item.status}`",
                "set when the item was done or dropped",
                field=(*at, "closed_at"),
            )
        if item.is_open and item.closed_at is not None:
            yield error(
                path,
                "action-item",
                f"`closed_at` is set but the status is `{item.status}`",
                "set status: done (or wont_do), or remove closed_at",
                field=(*at, "status"),
            )
        if item.is_open and item.due < today:
            days = (today - item.due).days
            yield warning(
                path,
                "action-overdue",
                f"action item {item.id} ({item.owner}) was due {item.due.isoformat()}, "
                f"{days} day{'s' if days != 1 else ''} ago, and is still {item.status}",
                "finish it, or agree a new due date with its owner and record why",
                field=(*at, "due"),
            )
