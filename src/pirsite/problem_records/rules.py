"""What `pirsite check` asks of problem records, and of the incidents that name them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from ..policy import Policy
from ..problems import Problem, error
from ..records import Incident
from ..rules.incident import action_item_problems
from .model import ProblemRecord

KNOWN = ("known_error", "resolved", "closed")  # the cause is known from here on
STATUS_NEEDS = (
    (KNOWN, "root_cause", "say what causes the incidents, now that it is known"),
    (KNOWN, "workaround", "say what responders do when it happens again, until the fix is in place"),
    (KNOWN, "known_error", "one or two sentences responders can search for: symptom, cause, workaround"),
    (("resolved", "closed"), "resolved_at", "set when the fix was in place"),
    (("closed",), "closed_at", "set when the fix was verified and the problem closed"),
)


def problem_record_problems(record: ProblemRecord, policy: Policy, now: datetime) -> list[Problem]:
    """Every problem with one problem record on its own."""
    found: list[Problem] = []
    stem = record.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if record.id != stem:
        found.append(
            error(
                record.path,
                "id-mismatch",
                f"id `{record.id}` does not match the file name {stem}.yaml",
                f"rename the file to problems/{record.id}.yaml, or set id: {stem}",
                field=("id",),
            )
        )
    if record.owner not in policy.people:
        found.append(
            error(
                record.path,
                "unknown-person",
                f"owner `{record.owner}` is not in the policy's roster",
                "use a handle from `people` in schemas/policy.yaml",
                field=("owner",),
            )
        )
    for statuses, name, hint in STATUS_NEEDS:
        if record.status in statuses and getattr(record, name) is None:
            found.append(
                error(
                    record.path,
                    "missing-field",
                    f"`{name}` is required when the status is `{record.status}`",
                    hint,
                    field=(name,),
                )
            )
    for earlier, later in (("opened_at", "resolved_at"), ("resolved_at", "closed_at")):
        start, end = getattr(record, earlier), getattr(record, later)
        if start is not None and end is not None and end < start:
            found.append(
                error(
                    record.path,
                    "chronology",
                    f"`{later}` is before `{earlier}`",
                    "check both times and their offsets",
                    field=(later,),
                )
            )
    found += action_item_problems(record.path, record.action_items, now)
    return found


def problem_links(incidents: Iterable[Incident], records: dict[str, ProblemRecord]) -> Iterator[Problem]:
    """Every incident's `cause.problem` names a problem record, and an internal incident never
    names a restricted one (the internal site could not link it)."""
    for incident in incidents:
        name = incident.cause.problem
        if name is None:
            continue
        record = records.get(name)
        if record is None:
            yield error(
                incident.path,
                "unknown-problem",
                f"problem `{name}` has no record",
                f"add problems/{name}.yaml (`pirsite new problem`), or correct the id",
                field=("cause", "problem"),
            )
        elif record.restricted and not incident.restricted:
            yield error(
                incident.path,
                "restricted-problem",
                f"the internal incident names restricted problem `{name}`",
                "make the problem internal, or the incident restricted",
                field=("cause", "problem"),
            )
