"""An import, start to end: read the source into drafts, keep personal data out of their
texts, settle the policy vocabulary they need, skip what was imported before, give each an
id for its year, write it without ever overwriting, and check what was written.

A dry run does all of it in a temporary copy of the repository's schemas, so the report
says exactly what a real run would write and what `pirsite check` would say of it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from ..moments import UNKNOWN
from ..pipeline import check, load_config
from ..policy import Policy
from ..problems import ConfigError, Problem
from ..scaffold import ScaffoldError, create_exclusive, ids_in_worktree, ids_on_branches, record_path
from ..scan.detectors import personal_data
from ..scan.secrets import secrets
from ..schemas import INCIDENT_SCHEMA, SCHEMA_DIR, load_template
from ..sources import INCIDENTS_DIR
from . import tabular, veris
from .draft import Draft, Gap, SourceError, WriteError
from .vocabulary import extend_policy, missing_gaps

FORMATS = ("veris", "csv", "xlsx")
# Free-text fields an import can fill: each passes through the scanner before it is written.
TEXT_FIELDS = ("title", "summary", "reporter", "detection.detail", "cause.trigger", "cause.root_cause")


@dataclass(slots=True)
class Outcome:
    draft: Draft
    status: str  # written | would-write | duplicate
    id: str | None = None
    path: str | None = None
    problems: list[Problem] = field(default_factory=list)  # check's errors and warnings for it
    duplicate_of: str | None = None

    @property
    def passed(self) -> bool:
        return self.status != "duplicate" and not any(p.level == "error" for p in self.problems)


@dataclass(slots=True)
class ImportReport:
    source: str
    dry_run: bool
    outcomes: list[Outcome]
    gaps: list[Gap]
    policy_extended: bool

    def counts(self) -> dict[str, Any]:
        new = [o for o in self.outcomes if o.status != "duplicate"]
        unknown: Counter[str] = Counter(u for o in new for u in o.draft.unknown_fields())
        defaulted: Counter[str] = Counter(d for o in new for d in o.draft.defaulted)
        return {
            "records": len(self.outcomes),
            "written": len(new),  # in a dry run: what a run would write
            "duplicates": len(self.outcomes) - len(new),
            "passed_check": sum(o.passed for o in new),
            "failed_check": sum(not o.passed for o in new),
            "unknown_by_field": dict(sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))),
            "defaulted_by_field": dict(sorted(defaulted.items(), key=lambda kv: (-kv[1], kv[0]))),
            "dropped_values": sum(len(o.draft.dropped) for o in new),
            "redacted": sum(len(o.draft.redacted) for o in new),
        }


def read_drafts(source: Path, fmt: str, mapping: Path | None, policy: Policy, now: datetime) -> list[Draft]:
    """Every record of the source as a draft, in the source's order."""
    if fmt == "veris":
        files = (
            sorted(p for p in source.rglob("*") if p.suffix.lower() == ".json")
            if source.is_dir()
            else [source]
        )
        if not files:
            raise SourceError(f"{source}: no .json files")
        drafts = []
        for path in files:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise SourceError(f"{path}: not readable as JSON: {exc}") from None
            items = data if isinstance(data, list) else [data]
            for index, item in enumerate(items):
                label = path.name if len(items) == 1 else f"{path.name}[{index}]"
                drafts.append(veris.to_draft(item, label, policy, now))
        return drafts
    if mapping is None:
        raise SourceError(
            f"a {fmt} import needs --mapping FILE (see the examples in pirsite/importing/mappings/)"
        )
    spec = tabular.load_mapping(mapping)
    drafts = [
        tabular.to_draft(row, n, spec, source.name, now)
        for n, row in tabular.read_rows(source, spec.sheet, xlsx=fmt == "xlsx")
    ]
    for draft in drafts:
        _privacy_block(draft)
    return drafts


def _privacy_block(draft: Draft) -> None:
    """A privacy incident with no privacy columns still says so: its role and disclosure unknown."""
    if "privacy" in draft.record.get("domains", ()):
        block = draft.record.setdefault("privacy", {})
        for key in ("role", "personal_data_disclosed"):
            if key not in block:
                block[key] = UNKNOWN
                draft.unknown.append(f"privacy.{key}")


def redact(draft: Draft, policy: Policy) -> None:
    """Keep personal data and secrets out of the record's texts: each finding is replaced by
    what it was, in words, and the report counts it (the source keeps the original)."""
    settings = policy.scanning
    for name in TEXT_FIELDS:
        *parents, last_key = name.split(".")
        holder: Any = draft.record
        for part in parents:
            holder = holder.get(part) if isinstance(holder, dict) else None
        text = holder.get(last_key) if isinstance(holder, dict) else None
        if not isinstance(text, str):
            continue
        hits = personal_data(text, settings) + (secrets(text) if settings.secrets else [])
        if not hits:
            continue
        out, last = [], 0
        for hit in sorted(hits, key=lambda h: h.start):
            if hit.start >= last:
                out += [text[last : hit.start], f"({hit.label}, removed on import)"]
                last = hit.end
                draft.redacted.append(f"{name}: {hit.label}")
        holder[last_key] = "".join([*out, text[last:]])


def settle_gaps(draft: Draft, policy: Policy, extend: bool) -> None:
    """A value the policy lacks is kept only when the policy is being extended; otherwise it
    becomes `unknown` (or leaves the record), and the source value is kept as text."""
    missing = {(g.section, g.id): g for g in missing_gaps(draft.gaps, policy)}
    draft.gaps = list(missing.values())
    if extend or not missing:
        return
    record = draft.record
    detection = record.get("detection", {})
    if ("detection_methods", detection.get("method")) in missing:
        gap = missing[("detection_methods", detection["method"])]
        detection["method"] = UNKNOWN
        draft.drop(f"{gap.source_value} (no policy detection method)")
    if ("categories", record.get("category")) in missing:
        draft.drop(f"{missing[('categories', record['category'])].source_value} (no policy category)")
        record["category"] = UNKNOWN
    privacy = record.get("privacy")
    if privacy:
        for key, section, what in (
            ("data", "data_categories", "category"),
            ("data_subjects", "data_subject_types", "type"),
        ):
            kept = []
            for item in privacy.get(key, ()):
                gap = missing.get((section, item[what]))
                if gap is None:
                    kept.append(item)
                else:
                    draft.drop(f"{gap.source_value} (no policy {section.replace('_', ' ')[:-1]})")
            if kept:
                privacy[key] = kept
            else:
                privacy.pop(key, None)


def _source_keys(root: Path) -> dict[tuple[str, str], str]:
    """(system, id) -> record id of every record already imported."""
    found: dict[tuple[str, str], str] = {}
    folder = root / INCIDENTS_DIR
    if not folder.is_dir():
        return found
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in folder.glob("*/*/incident.yaml"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "source:" not in text:
            continue
        try:
            raw = yaml.load(text, Loader=loader)
        except yaml.YAMLError:
            continue
        source = raw.get("source") if isinstance(raw, dict) else None
        if isinstance(source, dict) and source.get("system") and source.get("id"):
            found[(str(source["system"]), str(source["id"]))] = str(raw.get("id", path.parent.name))
    return found


ORDER = [
    "schema_version",
    "id",
    "title",
    "summary",
    "visibility",
    "tags",
    "historical",
    "source",
]


def record_text(record: dict[str, Any], properties: list[str]) -> str:
    """The record as YAML in the schema's field order, safe-dumped (quotes where YAML needs them)."""
    rank = {name: index for index, name in enumerate(properties)}
    ordered = dict(sorted(record.items(), key=lambda kv: rank.get(kv[0], len(rank))))
    header = "# Imported by `pirsite import`: unknown means the source did not say; see source.\n"
    # texts are not folded: the scanner reads a record line by line, and a name or an
    # organisation split over two lines would be judged without its context
    return header + yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1_000_000)


def run_import(
    root: Path,
    source: Path,
    *,
    fmt: str,
    mapping: Path | None,
    now: datetime,
    dry_run: bool = False,
    extend: bool = False,
) -> ImportReport:
    """Import ``source`` into the repository at ``root`` (or, dry, into a temporary copy)."""
    if fmt not in FORMATS:
        raise SourceError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    policy = load_config(root).policy
    drafts = read_drafts(source, fmt, mapping, policy, now)
    for draft in drafts:
        redact(draft, policy)
        settle_gaps(draft, policy, extend)
    gaps = list({(g.section, g.id): g for d in drafts for g in d.gaps}.values())
    seen = _source_keys(root)
    outcomes: list[Outcome] = []
    for draft in drafts:
        key = (draft.source_system, draft.source_id) if draft.source_id else None
        if key is not None and key in seen:
            outcomes.append(Outcome(draft, "duplicate", duplicate_of=seen[key]))
            continue
        outcomes.append(Outcome(draft, "would-write" if dry_run else "written"))
        if key is not None:
            seen[key] = "(this import)"
    target = Path(tempfile.mkdtemp(prefix="pirsite-import-")) if dry_run else root
    try:
        if dry_run:
            shutil.copytree(root / SCHEMA_DIR, target / SCHEMA_DIR)
        _allocate(root, outcomes, policy)  # every id first: a run that cannot finish writes nothing
        if extend and gaps:
            extend_policy(target, gaps, source_name=f"{fmt} import of {source.name}", now=now)
        _write(target, outcomes)
        _check(target, outcomes, now)
    finally:
        if dry_run:
            shutil.rmtree(target, ignore_errors=True)
    return ImportReport(str(source), dry_run, outcomes, gaps, bool(extend and gaps))


def _allocate(root: Path, outcomes: list[Outcome], policy: Policy) -> None:
    """The next free ids per year (in the working tree and on every branch), in source order."""
    next_number: dict[int, int] = {}
    for outcome in outcomes:
        if outcome.status == "duplicate":
            continue
        year = outcome.draft.year
        if year not in next_number:
            used = ids_in_worktree(root, policy.id_prefix, year)
            used |= ids_on_branches(root, policy.id_prefix, year)[0]
            next_number[year] = max(used, default=0) + 1
        number = next_number[year]
        if number > 9999:
            raise SourceError(f"no ids left for {year}: {policy.id_prefix}-{year}-9999 is taken")
        next_number[year] = number + 1
        outcome.id = f"{policy.id_prefix}-{year}-{number:04d}"


def _write(target: Path, outcomes: list[Outcome]) -> None:
    properties = list(load_template(target, INCIDENT_SCHEMA)["properties"])
    for outcome in outcomes:
        if outcome.id is None:
            continue
        record = {"schema_version": 1, "id": outcome.id, **outcome.draft.record}
        source = record.get("source")
        if isinstance(source, dict) and outcome.draft.dropped:
            source["dropped"] = list(outcome.draft.dropped)
        if isinstance(source, dict) and outcome.draft.defaulted:
            source["defaults"] = sorted(set(outcome.draft.defaulted))
        path = record_path(target, outcome.id)
        try:
            create_exclusive(path, record_text(record, properties))
        except ScaffoldError as exc:
            written = [o.path for o in outcomes if o.path]
            raise WriteError(f"{exc}; {len(written)} record(s) were written before it", written) from None
        outcome.path = path.relative_to(target).as_posix()


def _check(target: Path, outcomes: list[Outcome], now: datetime) -> None:
    """What `pirsite check` says of each record written."""
    try:
        result = check(target, now=now, use_cache=False, git_history=False)
    except ConfigError as exc:
        written = [o.path for o in outcomes if o.path]
        raise WriteError(f"the repository's policy does not load after the import: {exc}", written) from None
    by_path = {o.path: o for o in outcomes if o.path}
    for problem in result.problems:
        outcome = by_path.get(problem.path)
        if outcome is not None:
            outcome.problems.append(problem)
