"""What an importer makes of one source record: the record it proposes, and an honest
ledger of how each field came to be (mapped, unknown, defaulted, dropped) plus the policy
vocabulary the source needs and the policy lacks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..moments import UNKNOWN
from ..records import field_name, unknown_paths

# Policy sections an import may need to extend, and what one entry looks like there.
VOCABULARIES = {
    "categories": "incident category",
    "data_categories": "data category",
    "data_subject_types": "data subject type",
    "detection_methods": "detection method",
    "root_cause_categories": "root-cause category",
    "jurisdictions": "jurisdiction",
}


@dataclass(frozen=True, slots=True)
class Gap:
    """A value the source uses that the policy has no id for."""

    section: str  # one of VOCABULARIES
    id: str  # the id an extension would add
    name: str
    description: str
    source_value: str  # where it came from, e.g. `discovery_method.external.variety: Audit`
    internal: bool | None = None  # detection methods only

    def entry(self) -> dict[str, Any]:
        """The policy entry an extension writes."""
        if self.section == "jurisdictions":
            return {"code": self.id, "name": self.name}
        entry: dict[str, Any] = {"id": self.id, "name": self.name, "description": self.description}
        if self.section == "detection_methods":
            entry["internal"] = bool(self.internal)
        if self.section == "data_categories":
            entry["special"] = False
        if self.section == "categories":
            entry["domains"] = ["security"]
        return entry


@dataclass(slots=True)
class Draft:
    """One record an import proposes, before it has an id."""

    source_system: str
    source_id: str | None
    year: int  # of the id: when the incident is dated
    record: dict[str, Any]  # the incident record, without `id` (allocated on writing)
    mapped: list[str] = field(default_factory=list)  # fields taken from the source
    unknown: list[str] = field(default_factory=list)  # fields written as `unknown`
    defaulted: list[str] = field(default_factory=list)  # fields set from a mapping default
    dropped: list[str] = field(default_factory=list)  # source values with no place in the record
    gaps: list[Gap] = field(default_factory=list)  # policy vocabulary it needs
    redacted: list[str] = field(default_factory=list)  # what the scanner took out of texts
    label: str = ""  # how the report names it (file and row, or source id)

    def unknown_fields(self) -> list[str]:
        """Every field written as `unknown`, nested ones by path (`privacy.data[].records`)."""
        return [field_name(path) for path in unknown_paths(self.record)]

    def set(self, name: str, value: Any) -> None:
        """Set a top-level field from the source; `unknown` is recorded as such."""
        self.record[name] = value
        (self.unknown if value == UNKNOWN else self.mapped).append(name)

    def default(self, name: str, value: Any) -> None:
        self.record[name] = value
        self.defaulted.append(name)

    def drop(self, text: str) -> None:
        if text not in self.dropped:
            self.dropped.append(text)


class SourceError(Exception):
    """The source or the mapping cannot be read; the message says where and how to fix it."""


class WriteError(Exception):
    """Writing stopped part way (a file appeared where a record was to go): says what was written."""

    def __init__(self, message: str, written: list[str]) -> None:
        super().__init__(message)
        self.written = written
