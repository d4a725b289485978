"""Changes (ITIL change enablement) as the incident records show them: incidents caused by
changes, by change type, and emergency changes with their post-implementation review.

The records know only the changes that touched an incident, not every change made, so this is
a count of failed changes by type, not a change failure *rate* (that needs the change log's
totals). Restricted incidents are counted; their changes are not listed on the internal site.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..records import NOT_REAL, Incident

UNSPECIFIED = "unspecified"  # a change recorded by its id only


@dataclass(frozen=True, slots=True)
class ChangeLine:
    id: str
    type: str
    role: str  # cause | response
    incident: str
    severity: str
    at: datetime | None
    reviewed_at: datetime | None
    review: str | None
    review_due: bool  # an emergency change of a resolved incident: its review is due


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    caused_incidents: int  # real incidents a recorded change caused or contributed to
    real_incidents: int
    caused_by_type: dict[str, int]  # incidents, by the type of the change that caused them
    emergency: int  # emergency changes named by real incidents (either role)
    emergency_reviewed: int
    emergency_review_missing: int  # of resolved incidents, without reviewed_at
    caused: tuple[ChangeLine, ...]  # visible incidents' causing changes
    emergency_lines: tuple[ChangeLine, ...]  # visible incidents' emergency changes
    hidden: int  # changes of restricted incidents (counted, not listed)


def change_summary(incidents: Iterable[Incident], audience: str) -> ChangeSummary:
    real = [i for i in incidents if i.disposition not in NOT_REAL]
    by_type: dict[str, set[str]] = defaultdict(set)
    caused, emergency, hidden = [], [], 0
    counts = {"emergency": 0, "reviewed": 0, "missing": 0}
    for incident in real:
        shown = audience == "restricted" or not incident.restricted
        for change in incident.changes:
            kind = change.type or UNSPECIFIED
            due = change.type == "emergency" and incident.reached("resolved") and change.reviewed_at is None
            line = ChangeLine(
                change.id,
                kind,
                change.role,
                incident.id,
                incident.severity,
                change.at,
                change.reviewed_at,
                change.review,
                due,
            )
            if change.role == "cause":
                by_type[kind].add(incident.id)
            if change.type == "emergency":
                counts["emergency"] += 1
                counts["reviewed"] += change.reviewed_at is not None
                counts["missing"] += due
            if not shown:
                hidden += 1
                continue
            if change.role == "cause":
                caused.append(line)
            if change.type == "emergency":
                emergency.append(line)
    return ChangeSummary(
        caused_incidents=len({i.id for i in real if any(c.role == "cause" for c in i.changes)}),
        real_incidents=len(real),
        caused_by_type={kind: len(ids) for kind, ids in sorted(by_type.items())},
        emergency=counts["emergency"],
        emergency_reviewed=counts["reviewed"],
        emergency_review_missing=counts["missing"],
        caused=tuple(caused),
        emergency_lines=tuple(emergency),
        hidden=hidden,
    )
