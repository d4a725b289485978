"""The import report: per record what became of it, then what a team should look at:
unknowns by field, defaults, dropped values, and the policy vocabulary to extend."""

from __future__ import annotations

import json
from typing import Any

from ..output import text_line
from .run import ImportReport


def render_report(report: ImportReport, *, verbose: bool = False) -> str:
    counts = report.counts()
    verb = "would write" if report.dry_run else "wrote"
    lines = [
        f"{'dry run: ' if report.dry_run else ''}{counts['records']} record(s) read from {report.source}; "
        f"{verb} {counts['written']}, "
        f"skipped {counts['duplicates']} already imported",
        f"check: {counts['passed_check']} pass, {counts['failed_check']} fail",
    ]
    for outcome in report.outcomes:
        draft = outcome.draft
        if outcome.status == "duplicate":
            lines.append(
                f"  {draft.label}: already imported as {outcome.duplicate_of} "
                f"({draft.source_system} {draft.source_id})"
            )
            continue
        state = "ok" if outcome.passed else "FAILS CHECK"
        lines.append(
            f"  {draft.label} -> {outcome.path} [{state}]: {len(draft.mapped)} mapped, "
            f"{len(draft.unknown_fields())} unknown, {len(draft.defaulted)} defaulted, "
            f"{len(draft.dropped)} dropped" + (f", {len(draft.redacted)} redacted" if draft.redacted else "")
        )
        if verbose:
            lines += [f"      unknown: {', '.join(draft.unknown_fields())}"] if draft.unknown else []
            lines += [f"      defaulted: {', '.join(draft.defaulted)}"] if draft.defaulted else []
            lines += [f"      dropped: {item}" for item in draft.dropped]
            lines += [f"      redacted: {item}" for item in draft.redacted]
        lines += [f"      {text_line(p)}" for p in outcome.problems if verbose or p.level == "error"]
    if counts["unknown_by_field"]:
        lines.append("unknown (the source does not say), by field:")
        lines += [f"  {name}: {n}" for name, n in counts["unknown_by_field"].items()]
    if counts["defaulted_by_field"]:
        lines.append("defaulted (from the mapping, recorded in source.defaults), by field:")
        lines += [f"  {name}: {n}" for name, n in counts["defaulted_by_field"].items()]
    lines.append(f"dropped values kept as text in source.dropped: {counts['dropped_values']}")
    if counts["redacted"]:
        lines.append(f"personal data or secrets removed from titles and summaries: {counts['redacted']}")
    if report.gaps:
        head = (
            "policy extended (review schemas/policy.yaml):"
            if report.policy_extended
            else ("policy vocabulary to extend (run again with --extend-policy to add it for review):")
        )
        lines.append(head)
        lines += [f"  {g.section}: {g.id} ({g.name}) from {g.source_value}" for g in report.gaps]
    return "\n".join(lines) + "\n"


def report_data(report: ImportReport) -> dict[str, Any]:
    """The report as data (`--format json`)."""
    return {
        "source": report.source,
        "dry_run": report.dry_run,
        **report.counts(),
        "records_detail": [
            {
                "source": o.draft.label,
                "source_id": o.draft.source_id,
                "status": o.status,
                "id": o.id,
                "path": o.path,
                "duplicate_of": o.duplicate_of,
                "passed_check": o.passed,
                "mapped": o.draft.mapped,
                "unknown": o.draft.unknown_fields(),
                "defaulted": o.draft.defaulted,
                "dropped": o.draft.dropped,
                "redacted": o.draft.redacted,
                "problems": [text_line(p) for p in o.problems],
            }
            for o in report.outcomes
        ],
        "policy_gaps": [
            {"section": g.section, "id": g.id, "name": g.name, "from": g.source_value} for g in report.gaps
        ],
        "policy_extended": report.policy_extended,
    }


def report_json(report: ImportReport) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
