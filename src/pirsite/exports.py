"""Exports for BI tools, written next to the site: incidents.json, incidents.csv, metrics.json.

One flat row per incident the audience may see (a restricted incident is never a
row of the internal export), with the computed durations and states alongside
the record's own fields. CSV text cells that a spreadsheet would run as a formula
are prefixed with a quote, and the CSV is RFC 4180 (CRLF rows, so any cell holding
a CR or LF is quoted): a reader gets exactly one row per incident.
"""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from typing import Any

from .metrics import Metrics
from .metrics.data import to_data
from .metrics.facts import DURATIONS, IncidentFacts
from .obligations.clocks import DECISIONS

EXPORT_DIR = "exports"
# What starts a formula in Excel, LibreOffice or Google Sheets, with the full-width forms
# (U+FF1D U+FF0B U+FF0D U+FF20) and the minus sign; small forms (U+FE62...) fold to these by NFKC.
_FORMULA_CHARS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\u2212")
# Characters a spreadsheet (or the eye) may skip before the first one that counts: controls,
# format characters (zero-width, bidi, BOM), spaces of every kind, line/paragraph separators,
# combining marks, and the blank "filler" letters.
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _iso(value: Any) -> str | None:
    return to_data(value) if value is not None else None


def incident_row(f: IncidentFacts) -> dict[str, Any]:
    i = f.incident
    privacy = i.privacy
    notifications = [n for n in f.notifications if n.state not in ("not_required", *DECISIONS)]
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
        "historical": i.historical,
        "source_system": i.source.system if i.source else None,
        "source_id": i.source.id if i.source else None,
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
        row[field] = "unknown" if field in i.unknown else _iso(getattr(i, field))
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
        "records_count_complete": not f.records_unknown,  # false: the figure is what is known
        "individuals_affected": f.individuals_count,  # by jurisdiction, else the data subjects
        "individuals_count_complete": not f.individuals_unknown,
        "notifications_required": len(notifications),
        "notifications_on_time": sum(n.state == "met" for n in notifications),
        "notifications_late": sum(n.state == "late" for n in notifications),
        "notifications_overdue": sum(n.state == "overdue" for n in notifications),
        "notification_decisions_overdue": sum(n.state == "decision_overdue" for n in f.notifications),
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


def _formula_leading(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula: its first visible character
    (after any whitespace, controls, zero-width or bidi characters) starts one, or it
    starts with a tab or line break."""
    if text.startswith(("\t", "\r", "\n")):
        return True
    for char in text:
        if char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) in _SKIPPED_CATEGORIES:
            continue
        return char in _FORMULA_CHARS or unicodedata.normalize("NFKC", char) in _FORMULA_CHARS
    return False


def _csv_cell(value: Any) -> Any:
    """One CSV cell: numbers stay numbers; every text is neutralised if formula-leading."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and math.isfinite(value):
        return value
    text = ";".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return "'" + text if _formula_leading(text) else text


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if rows:
        # CRLF rows (RFC 4180): Python's csv quotes a cell holding any character of the line
        # terminator, so a CR or LF inside a cell is always quoted and never ends a row.
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
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
