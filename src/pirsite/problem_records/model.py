"""The problem record, built from a schema-valid `problems/PRB-NNN.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..records import ActionItem, action_item, ts

OPEN_STATUSES = frozenset({"open", "known_error"})  # the fix is not in place yet


@dataclass(frozen=True, slots=True)
class ProblemRecord:
    path: str  # repository-relative path of the record
    id: str
    title: str
    status: str  # open | known_error | resolved | closed
    owner: str
    team: str | None
    restricted: bool
    opened_at: datetime
    root_cause_category: str | None
    root_cause: str | None
    mechanism: tuple[str, ...]
    services: tuple[str, ...]
    workaround: str | None
    known_error: str | None
    changes: tuple[str, ...]
    action_items: tuple[ActionItem, ...]
    review_at: date | None
    resolved_at: datetime | None
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def fixed_at(self) -> datetime | None:
        """When the fix was in place: the record's `resolved_at`, else when its last fix
        action was done (all done); None while any fix action is open."""
        if self.resolved_at is not None:
            return self.resolved_at
        done = [a.closed_at for a in self.action_items if a.status == "done" and a.closed_at]
        if not done or any(a.is_open for a in self.action_items):
            return None
        return max(done)


def build_problem(raw: dict[str, Any], path: str) -> ProblemRecord:
    """A ProblemRecord from a record that passed the schema."""
    get = raw.get
    opened = ts(raw["opened_at"])
    assert opened is not None  # the schema requires it
    return ProblemRecord(
        path=path,
        id=raw["id"],
        title=raw["title"],
        status=raw["status"],
        owner=raw["owner"],
        team=get("team"),
        restricted=get("visibility") == "restricted",
        opened_at=opened,
        root_cause_category=get("root_cause_category"),
        root_cause=get("root_cause"),
        mechanism=tuple(get("mechanism", ())),
        services=tuple(get("services", ())),
        workaround=get("workaround"),
        known_error=get("known_error"),
        changes=tuple(get("changes", ())),
        action_items=tuple(action_item(a) for a in get("action_items", ())),
        review_at=date.fromisoformat(get("review_at")) if get("review_at") else None,
        resolved_at=ts(get("resolved_at")),
        closed_at=ts(get("closed_at")),
    )
