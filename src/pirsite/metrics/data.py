"""Metrics and reports as plain JSON-ready data, for `metrics.json` and `pirsite report --format json`.

Dataclasses become objects (fields marked ``export: False`` are left out),
tuples become lists, times become RFC 3339 text in UTC, and computed
properties of a KPI (change, verdict) are written out so a reader need not
recompute them.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from ..moments import Moment
from .report import Kpi


def to_data(value: Any) -> Any:
    if isinstance(value, Kpi):
        return {**_fields(value), "change": value.change, "verdict": value.verdict}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, Moment):
        return value.text()  # as precise as recorded: 2014-06, never 2014-06-01T00:00:00Z
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fields(value: Any) -> dict[str, Any]:
    return {
        f.name: to_data(getattr(value, f.name))
        for f in dataclasses.fields(value)
        if f.metadata.get("export", True)
    }
