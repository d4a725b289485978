"""The policy vocabulary an import needs: which gaps the policy does not cover yet, and,
when asked (`--extend-policy`), their entries written into `schemas/policy.yaml` for review.

The policy file is edited as text, entries appended at the end of their section with a
comment saying where they came from, so its comments and layout survive; the result must
load as a valid policy, or nothing is written. The record schema is then regenerated from
it, as `pirsite schema --write` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import yaml

from ..pipeline import load_config
from ..policy import Policy
from ..problems import ConfigError
from ..schemas import INCIDENT_SCHEMA, POLICY_FILE, SCHEMA_DIR, render
from ..writing import write_atomically
from .draft import Gap, SourceError


def known_ids(policy: Policy, section: str) -> set[str]:
    vocabularies = policy.vocabularies()
    names = {
        "categories": "category",
        "data_categories": "data_category",
        "data_subject_types": "data_subject_type",
        "detection_methods": "detection_method",
        "root_cause_categories": "root_cause_category",
        "jurisdictions": "jurisdiction",
    }
    return set(vocabularies[names[section]])


def missing_gaps(gaps: Iterable[Gap], policy: Policy) -> list[Gap]:
    """The gaps the policy does not already cover, each once."""
    out: dict[tuple[str, str], Gap] = {}
    for gap in gaps:
        if gap.id not in known_ids(policy, gap.section):
            out.setdefault((gap.section, gap.id), gap)
    return list(out.values())


def extend_policy(root: Path, gaps: list[Gap], *, source_name: str, now: datetime) -> None:
    """Append the gaps' entries to their sections of the policy at ``root`` and regenerate
    the incident schema; SourceError (and nothing changed) if the result does not load."""
    path = root / SCHEMA_DIR / POLICY_FILE
    original = path.read_text(encoding="utf-8")
    text = original
    by_section: dict[str, list[Gap]] = {}
    for gap in gaps:
        by_section.setdefault(gap.section, []).append(gap)
    for section, items in by_section.items():
        text = _append(
            text, section, items, f"added by pirsite import ({source_name}) on {now:%Y-%m-%d}: review"
        )
    write_atomically(path, text)
    try:
        config = load_config(root)
    except ConfigError as exc:
        write_atomically(path, original)
        raise SourceError(
            f"extending {SCHEMA_DIR}/{POLICY_FILE} failed, so it was left as it was: {exc}"
        ) from None
    schema_path = root / SCHEMA_DIR / INCIDENT_SCHEMA
    write_atomically(schema_path, render(config.incident_schema.schema))


def _append(text: str, section: str, gaps: list[Gap], comment: str) -> str:
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines) if re.match(rf"^{re.escape(section)}:\s*(#.*)?$", line)), None
    )
    if start is None:
        raise SourceError(f"{SCHEMA_DIR}/{POLICY_FILE} has no `{section}:` section to extend")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "\t", "#"))):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # keep the blank lines and comments that introduce the next section after it
    added = [f"  # {comment}\n"]
    for gap in gaps:
        entry = yaml.safe_dump(gap.entry(), default_flow_style=True, sort_keys=False, width=1000).strip()
        added.append(f"  - {entry}\n")
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end] + added + lines[end:])
