"""Exports for BI tools, written next to the site: incidents.json, incidents.csv, metrics.json.

One flat row per incident the audience may see (a restricted incident is never a
row of the internal export), with the computed durations and states alongside
the record's own fields. CSV cells that a spreadsheet would run as a formula
are prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .metrics import Metrics
from .metrics.data import to_data
from .metrics.facts import DURATIONS, IncidentFacts

EXPORT_DIR = "exports"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(value: Any) -> str | None:
    return to_data(value) if value is not None else None


def incident_row(f: IncidentFacts) -> dict[str, Any]:
    i = f.incident
    privacy = i.privacy
    notifications = [n for n in f.notifications if n.state not in ("not_required", "pending")]
    row: dict[str, Any] = {
        "id": i.id,
        "title": i.title,
        "visibility": i.visibility,
        "status": i.status,
        "disposition": i.disposition,
        "severity": i.severity,
        "priority": i.priority,
        "category": i.category,
        "domains": list(i.domains),
        "month": f.month,
        "quarter": f.quarter,
    }
    for field in (
        "occurred_at",
        "detected_at",
        "reported_at",
        "acknowledged_at",
        "contained_at",
        "resolved_at",
        "closed_at",
    ):
        row[field] = _iso(getattr(i, field))
    for name in DURATIONS:
        hours = f.hours[name]
        row[f"hours_to_{name}"] = round(hours, 3) if hours is not None else None
    row |= {
        "detection_method": i.detection.method,
        "detected_internally": i.detection.internal,
        "services": list(i.scope.services),
        "teams": list(i.teams),
        "commander": i.commander,
        "root_cause_category": i.cause.root_cause_category,
        "problem": i.cause.problem,
        "recurs": bool(f.recurrence),
        "personal_data_disclosed": privacy.personal_data_disclosed if privacy else None,
        "records_affected": f.records,
        "individuals_affected": sum(count for _, count in f.individuals),
        "notifications_required": len(notifications),
        "notifications_on_time": sum(n.state == "met" for n in notifications),
        "notifications_late": sum(n.state == "late" for n in notifications),
        "notifications_overdue": sum(n.state == "overdue" for n in notifications),
        "acknowledge_sla": f.slas.get("acknowledge"),
        "contain_sla": f.slas.get("contain"),
        "postmortem_required": f.postmortem.required,
        "postmortem_approved_at": _iso(f.postmortem.approved_at),
        "postmortem_sla": f.postmortem.state,
        "action_items": len(f.actions),
        "action_items_open": sum(a.state == "open" for a in f.actions),
        "action_items_overdue": sum(a.state == "overdue" for a in f.actions),
    }
    return row


def incident_rows(metrics: Metrics) -> list[dict[str, Any]]:
    """Rows for the incidents the metrics' audience may see, by id."""
    visible = (f for f in metrics.facts if metrics.shows(f.incident))
    return [incident_row(f) for f in sorted(visible, key=lambda f: f.incident.id)]


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: _csv_cell(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def export_files(metrics: Metrics) -> list[tuple[str, str]]:
    """(uri, text) of the three export files."""
    rows = incident_rows(metrics)
    return [
        (f"{EXPORT_DIR}/incidents.json", to_json(rows)),
        (f"{EXPORT_DIR}/incidents.csv", to_csv(rows)),
        (f"{EXPORT_DIR}/metrics.json", to_json(to_data(metrics))),
    ]
