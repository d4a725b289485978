"""Problem metrics: open problems and their age, incidents per problem, recurrence after the fix.

An incident belongs to a problem through its `cause.problem` (derived here, never typed in the
problem record). A problem *recurred after its fix* when one of its real incidents was detected
after the fix was in place (`ProblemRecord.fixed_at`: `resolved_at`, else the last fix action
done): the fix did not work. Restricted problems and incidents are counted in every figure; the
rows of a restricted problem are not named for the internal audience.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..moments import surely_before
from ..problem_records import ProblemRecord
from ..records import NOT_REAL, Incident
from .stats import median, percentile


@dataclass(frozen=True, slots=True)
class ProblemLine:
    """One problem with what its incidents say about it."""

    id: str
    title: str
    status: str
    owner: str
    age_days: int  # from opened_at to closed_at, or to now while not closed
    incidents: int  # real incidents naming it (restricted ones included)
    shown: tuple[str, ...]  # the incident ids the audience may see, oldest first
    hidden: int  # restricted incidents of it (counted, not named)
    first_detected: datetime | None
    last_detected: datetime | None
    fixed_at: datetime | None
    after_fix: tuple[str, ...]  # visible incidents detected after the fix was in place
    after_fix_count: int  # the same, restricted ones included
    open_actions: int
    overdue_actions: int


@dataclass(frozen=True, slots=True)
class ProblemSummary:
    total: int
    by_status: dict[str, int]
    open: int  # open or known error: the fix is not in place
    open_age_days_median: float | None
    open_age_days_p90: float | None
    incidents_per_problem_median: float | None
    incidents_per_problem_max: int | None
    fixed: int  # problems whose fix is in place (ProblemRecord.fixed_at)
    recurred_after_fix: int  # of those, problems with an incident after their fix
    incidents_after_fix: int
    unlinked_recurrences: int  # recurrences (by cause and service) whose incidents name no problem
    lines: tuple[ProblemLine, ...]  # the problems the audience may see
    hidden: int  # restricted problems (counted above, not listed)


def problem_summary(
    records: dict[str, ProblemRecord],
    incidents: Iterable[Incident],
    now: datetime,
    audience: str,
    unlinked_recurrences: int = 0,
) -> ProblemSummary:
    members: dict[str, list[Incident]] = defaultdict(list)
    for incident in sorted(incidents, key=lambda i: (i.when, i.id)):
        if incident.cause.problem and incident.disposition not in NOT_REAL:
            members[incident.cause.problem].append(incident)
    all_lines = [_line(record, members.get(record.id, []), now, audience) for record in records.values()]
    shown = [
        line
        for line, record in zip(all_lines, records.values(), strict=True)
        if audience == "restricted" or not record.restricted
    ]
    open_ages = [float(line.age_days) for line in all_lines if line.status in ("open", "known_error")]
    counts = [line.incidents for line in all_lines]
    by_status: dict[str, int] = defaultdict(int)
    for line in all_lines:
        by_status[line.status] += 1
    return ProblemSummary(
        total=len(all_lines),
        by_status=dict(by_status),
        open=len(open_ages),
        open_age_days_median=median(open_ages),
        open_age_days_p90=percentile(open_ages, 90),
        incidents_per_problem_median=median(counts),
        incidents_per_problem_max=max(counts) if counts else None,
        fixed=sum(1 for line in all_lines if line.fixed_at is not None),
        recurred_after_fix=sum(1 for line in all_lines if line.after_fix_count),
        incidents_after_fix=sum(line.after_fix_count for line in all_lines),
        unlinked_recurrences=unlinked_recurrences,
        lines=tuple(shown),
        hidden=len(all_lines) - len(shown),
    )


def _line(record: ProblemRecord, incidents: list[Incident], now: datetime, audience: str) -> ProblemLine:
    visible = [i for i in incidents if audience == "restricted" or not i.restricted]
    fixed = record.fixed_at()
    after = [i for i in incidents if fixed is not None and surely_before(fixed, i.when)]
    end = record.closed_at or now
    today = now.date()
    return ProblemLine(
        id=record.id,
        title=record.title,
        status=record.status,
        owner=record.owner,
        age_days=max(0, (end - record.opened_at).days),
        incidents=len(incidents),
        shown=tuple(i.id for i in visible),
        hidden=len(incidents) - len(visible),
        first_detected=incidents[0].when if incidents else None,
        last_detected=incidents[-1].when if incidents else None,
        fixed_at=fixed,
        after_fix=tuple(i.id for i in after if i in visible),
        after_fix_count=len(after),
        open_actions=sum(1 for a in record.action_items if a.is_open),
        overdue_actions=sum(1 for a in record.action_items if a.is_open and a.due < today),
    )
