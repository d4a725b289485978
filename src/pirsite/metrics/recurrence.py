"""Recurrence: an incident recurs when an earlier incident within the policy's
window (180 days by default) shares its class.

A class is a root-cause category together with one affected service, a named
problem, or a mechanism: a tag the policy lists in `recurrence_tags` (so the same
public-by-default storage module recurs across services). Two incidents detected at
the same instant are not a recurrence of each other: neither came first.

One pass over the incidents in detection order, remembering the latest incident
and the prevention actions of each class, so detection is linear in the number of
incidents (times their services), never quadratic.

"The fix did not work" means the class recurred although every prevention
action item (type `prevent`, not dropped) of its earlier incidents was done
before the recurrence was detected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..moments import UNKNOWN, at_least
from ..records import Incident

ClassKey = tuple[str, ...]  # ("cause", category, service), ("problem", name) or ("mechanism", tag)


def classes_of(incident: Incident, mechanisms: frozenset[str] = frozenset()) -> list[ClassKey]:
    keys: list[ClassKey] = []
    category = incident.cause.root_cause_category
    if category and category != UNKNOWN:  # "not known" is not a class of cause
        keys += [("cause", category, service) for service in incident.scope.services]
    if incident.cause.problem:
        keys.append(("problem", incident.cause.problem))
    keys += [("mechanism", tag) for tag in incident.tags if tag in mechanisms]
    return keys


def undetermined(incident: Incident) -> bool:
    """Recurrence cannot be judged yet: no root-cause category, no problem, no mechanism tag."""
    category = incident.cause.root_cause_category
    return (not category or category == UNKNOWN) and not incident.cause.problem


@dataclass(slots=True)  # not frozen: one per recurrence, and a frozen init costs 4x
class Match:
    """One class through which an incident recurs."""

    key: ClassKey
    earlier: str  # id of the latest earlier incident of the class within the window
    fix_failed: bool  # every prevention action of the class was done before this one


@dataclass(slots=True)
class _ClassState:
    last_at: datetime
    last_id: str
    before_at: datetime | None = None  # the latest member detected strictly before last_at
    before_id: str | None = None
    prevent_total: int = 0
    prevent_not_done: int = 0
    prevent_last_closed: datetime | None = None
    members: list[str] = field(default_factory=list)

    def fix_done_by(self, when: datetime) -> bool:
        return (
            self.prevent_total > 0
            and self.prevent_not_done == 0
            and self.prevent_last_closed is not None
            and self.prevent_last_closed <= when
        )

    def add_prevention(self, incident: Incident) -> None:
        for item in incident.action_items:
            if item.type != "prevent" or item.status == "wont_do":
                continue
            self.prevent_total += 1
            if item.status != "done" or item.closed_at is None:
                self.prevent_not_done += 1
            elif self.prevent_last_closed is None or item.closed_at > self.prevent_last_closed:
                self.prevent_last_closed = item.closed_at


@dataclass(frozen=True, slots=True)
class Recurrences:
    matches: dict[str, tuple[Match, ...]]  # incident id -> the classes it recurs through
    members: dict[ClassKey, tuple[str, ...]]  # class -> its incidents, in detection order


def find_recurrences(
    incidents: Iterable[Incident], window: timedelta, mechanisms: Iterable[str] = ()
) -> Recurrences:
    """Recurrences among ``incidents`` (pass only real ones: no false positives or duplicates);
    ``mechanisms``: the tags that make a class (the policy's `recurrence_tags`)."""
    tags = frozenset(mechanisms)
    states: dict[ClassKey, _ClassState] = {}
    matches: dict[str, tuple[Match, ...]] = {}
    dated = (i for i in incidents if at_least(i.when, "day"))  # a window in days needs a day
    for incident in sorted(dated, key=lambda i: (i.when, i.id)):
        found = []
        keys = classes_of(incident, tags)
        when = incident.when
        for key in keys:
            state = states.get(key)
            if state is None:
                continue
            earlier_at, earlier_id = (
                (state.last_at, state.last_id) if state.last_at < when else (state.before_at, state.before_id)
            )
            if earlier_at is not None and earlier_id is not None and when - earlier_at <= window:
                found.append(Match(key, earlier_id, state.fix_done_by(when)))
        if found:
            matches[incident.id] = tuple(found)
        for key in keys:
            state = states.get(key)
            if state is None:
                state = states[key] = _ClassState(when, incident.id)
            elif state.last_at < when:
                state.before_at, state.before_id = state.last_at, state.last_id
            state.last_at, state.last_id = when, incident.id
            state.members.append(incident.id)
            state.add_prevention(incident)
    return Recurrences(matches, {key: tuple(s.members) for key, s in states.items()})
