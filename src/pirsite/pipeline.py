"""The one pipeline: discover -> parse -> validate -> typed records -> rules -> located problems.

``pirsite check``, the MkDocs plugin and the reports all call :func:`check`, so
they can never disagree about what is valid.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import frontmatter
from .cache import ParseCache, digest
from .collector import collector_paused
from .history import History, read_history
from .policy import Policy, build_policy, consistency
from .problem_records import ProblemRecord, build_problem
from .problem_records.rules import problem_links, problem_record_problems
from .problems import ConfigError, Problem, error
from .records import Incident, Postmortem, build_incident, build_postmortem
from .rules import cross_record_problems, incident_problems, postmortem_problems
from .rules.links import link_problems
from .rules.mentions import mentioned_ids, restricted_mentions
from .rules.stale import stale_approvals
from .scan import FINDING_CODES, Finding, ScanSettings
from .scan.pool import ScanPool
from .scan.redact import Redactor
from .schemas import (
    INCIDENT_SCHEMA,
    POLICY_FILE,
    POLICY_SCHEMA,
    POSTMORTEM_SCHEMA,
    PROBLEM_SCHEMA,
    SCHEMA_DIR,
    RecordSchema,
    has_template,
    load_template,
    packaged_template,
    render,
    with_vocabularies,
)
from .sources import Source, discover, discover_problems, forget_paths, published_pages, read_text
from .yamlsafe import Locator, parse, parse_located


@dataclass(frozen=True)
class Config:
    """What a repository's ``schemas/`` folder defines, validated."""

    policy: Policy
    incident_schema: RecordSchema
    postmortem_schema: RecordSchema
    problem_schema: RecordSchema
    drift: tuple[Problem, ...] = ()


@dataclass
class CheckResult:
    policy: Policy
    problems: list[Problem]
    incidents: list[Incident]
    postmortems: dict[str, Postmortem]
    files: int
    incident_files: int
    seconds: float = 0.0
    notices: tuple[str, ...] = ()  # things the user should know that are not problems
    problem_records: dict[str, ProblemRecord] = field(default_factory=dict)  # by id

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level == "warning")


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``schemas/policy.yaml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SCHEMA_DIR / POLICY_FILE).is_file():
            return folder
    return None


def load_config(root: Path) -> Config:
    """Policy and record schemas of the repository at ``root``; ConfigError when unusable."""
    rel = f"{SCHEMA_DIR}/{POLICY_FILE}"
    text, problems = read_text(root, root / rel, rel)
    raw: Any = None
    if text is not None:
        raw, problems = parse(text, rel)
    if raw is not None and not problems:
        try:
            policy_schema = RecordSchema.build("policy", load_template(root, POLICY_SCHEMA))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load {SCHEMA_DIR}/{POLICY_SCHEMA}: {exc}") from exc
        problems = policy_schema.problems(raw, rel, Locator(text or ""))
        if not problems:
            problems = consistency(raw, rel)
    if problems:
        redactor = Redactor(ScanSettings())
        located = [redactor.problem(p) for p in locate(problems, root)]
        raise ConfigError(f"{rel} is not a valid policy", located)
    policy = build_policy(raw)
    schemas, drift = [], []
    for name in (INCIDENT_SCHEMA, POSTMORTEM_SCHEMA):
        try:
            template = load_template(root, name)
            schema = with_vocabularies(template, policy)
            schemas.append(RecordSchema.build(name, schema))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load {SCHEMA_DIR}/{name}: {exc}") from exc
        if render(schema) != render(template):
            drift.append(
                error(
                    f"{SCHEMA_DIR}/{name}",
                    "schema-drift",
                    f"the vocabularies in {name} differ from {POLICY_FILE}",
                    "run `pirsite schema --write` to copy them from the policy",
                    line=1,
                    column=1,
                )
            )
    # problems/ came later than incidents: a repository without the schema uses pirsite's own
    template = load_template(root, PROBLEM_SCHEMA) if has_template(root, PROBLEM_SCHEMA) else None
    problem_schema = with_vocabularies(template or packaged_template(PROBLEM_SCHEMA), policy)
    if template is not None and render(problem_schema) != render(template):
        drift.append(
            error(
                f"{SCHEMA_DIR}/{PROBLEM_SCHEMA}",
                "schema-drift",
                f"the vocabularies in {PROBLEM_SCHEMA} differ from {POLICY_FILE}",
                "run `pirsite schema --write` to copy them from the policy",
                line=1,
                column=1,
            )
        )
    schemas.append(RecordSchema.build(PROBLEM_SCHEMA, problem_schema))
    return Config(policy, schemas[0], schemas[1], schemas[2], tuple(drift))


@dataclass
class _Run:
    """Mutable state of one check run."""

    root: Path
    config: Config
    now: datetime
    problems: list[Problem] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    postmortems: dict[str, Postmortem] = field(default_factory=dict)
    problem_records: dict[str, ProblemRecord] = field(default_factory=dict)
    ids: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    cache: ParseCache = field(default_factory=lambda: ParseCache(Path(), [], enabled=False))
    scans: ScanPool = field(default_factory=lambda: ScanPool(ScanSettings(), 0))
    scan_keys: dict[str, str] = field(default_factory=dict)  # file -> its scan cache key
    mentions: dict[str, set[str]] = field(default_factory=dict)  # published file -> ids it names

    def validated(
        self, text: str, rel: str, schema: RecordSchema, line_offset: int = 0
    ) -> tuple[Any, Any, Locator | None]:
        """(schema-valid data or None, whatever parsed, a locator over the nodes parsed, if
        any) for one YAML text, recording problems."""
        key = f"{schema.name}:{digest(text)}"
        cached = self.cache.get(key)
        if cached is not None:
            return cached, cached, None
        raw, problems, locator = parse_located(text, rel, line_offset=line_offset)
        self.problems += problems
        if raw is None:
            return None, None, None
        if not isinstance(raw, dict):
            self.problems.append(
                error(
                    rel,
                    "wrong-type",
                    "expected a mapping of fields",
                    "write `field: value` lines, starting with the required fields",
                    line=1 + line_offset,
                    column=1,
                )
            )
            return None, raw, None
        schema_problems = schema.problems(raw, rel, locator or Locator(text, line_offset))
        self.problems += schema_problems
        if schema_problems or problems:  # hazards (duplicate keys...) make the data ambiguous
            return None, raw, None
        self.cache.put(key, raw)
        return raw, raw, locator

    def placed(
        self, problems: list[Problem], rel: str, text: str, line_offset: int, locator: Locator | None
    ) -> list[Problem]:
        """``problems`` of one YAML text, each with its line: a problem that only names a field
        is found in the nodes just parsed, or in the cache (by the text and the field), so
        `locate` need not read and compose the file again; composed here only when neither.
        (Problems in other files are left to `locate`.)"""
        if all(p.line or p.path != rel for p in problems):
            return problems
        text_key = digest(text)
        out = []
        for problem in problems:
            if problem.line or problem.path != rel:
                out.append(problem)
                continue
            key = f"at:{text_key}:{line_offset}:{json.dumps(problem.field, separators=(',', ':'))}"
            at = self.cache.get(key)
            if at is None:
                locator = locator or Locator(text, line_offset)
                line, column, _ = locator.find(problem.field)
                at = [line, column]
                self.cache.put(key, at)
            out.append(problem.at(*at))
        return out

    def scanned(self, text: str, rel: str) -> None:
        """What every published file's text is checked for: the incident ids it names (for
        `restricted_mentions`), and personal data and secrets (cached by content and scan
        settings; scanned by `scans`, perhaps on another core, and collected by `collect_scans`)."""
        self.mentions[rel] = mentioned_ids(text)
        settings = self.config.policy.scanning
        key = f"scan:{settings.fingerprint}:{digest(text)}"
        cached = self.cache.get(key)
        if cached is not None:
            self.problems += [Finding(*item).problem(rel) for item in cached]
        else:
            self.scan_keys[rel] = key
            self.scans.submit(rel, text)

    def collect_scans(self) -> None:
        for rel, found in self.scans.results():
            self.cache.put(self.scan_keys[rel], found)
            self.problems += [Finding(*item).problem(rel) for item in found]

    def page(self, path: Path, rel: str) -> None:
        text, problems = read_text(self.root, path, rel)
        self.problems += problems
        if text is not None:
            self.scanned(text, rel)

    def incident(self, source: Source) -> None:
        text, problems = read_text(self.root, source.path, source.rel)
        self.problems += problems
        if text is None:
            return
        self.scanned(text, source.rel)
        data, raw, locator = self.validated(text, source.rel, self.config.incident_schema)
        self.problems += link_problems(text, source.rel, self.root, parsed=raw)
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            self.ids[raw["id"]].append(source.rel)
        if data is None:
            return
        record = build_incident(data, source.rel, text)
        self.incidents.append(record)
        found = incident_problems(record, self.config.policy, self.now)
        self.problems += self.placed(found, source.rel, text, 0, locator)

    def problem_record(self, source: Source) -> None:
        text, problems = read_text(self.root, source.path, source.rel)
        self.problems += problems
        if text is None:
            return
        self.scanned(text, source.rel)
        data, raw, locator = self.validated(text, source.rel, self.config.problem_schema)
        self.problems += link_problems(text, source.rel, self.root, parsed=raw)
        if data is None:
            return
        record = build_problem(data, source.rel)
        self.problem_records[source.folder] = record
        found = problem_record_problems(record, self.config.policy, self.now)
        self.problems += self.placed(found, source.rel, text, 0, locator)

    def postmortem(self, source: Source) -> None:
        text, problems = read_text(self.root, source.path, source.rel)
        self.problems += problems
        if text is None:
            return
        self.scanned(text, source.rel)
        self.problems += link_problems(text, source.rel, self.root)
        parts, problems = frontmatter.split(text, source.rel)
        self.problems += problems
        if parts is None:
            return
        data, _, locator = self.validated(
            parts.front, source.rel, self.config.postmortem_schema, parts.front_line
        )
        if data is None:
            return
        headings = frontmatter.sections(parts.body, parts.body_line)
        record = build_postmortem(
            data, source.rel, parts.body, parts.body_line, tuple(title for title, _ in headings)
        )
        self.postmortems[source.folder] = record
        found = postmortem_problems(record, source.folder, self.config.policy)
        self.problems += self.placed(found, source.rel, parts.front, parts.front_line, locator)


def check(
    root: Path,
    *,
    now: datetime | None = None,
    config: Config | None = None,
    use_cache: bool = True,
    git_history: bool = True,
    history: History | None = None,
) -> CheckResult:
    """Check the whole repository at ``root``; ConfigError when its policy is unusable.

    ``use_cache`` reuses parse results of unchanged files from ``.pirsite-cache/``;
    ``git_history`` enables the checks that read git history (stale approvals); a caller
    that already read the ``history`` passes it instead of having it read again.
    """
    started = time.perf_counter()
    forget_paths()
    config = config or load_config(root)
    schemas = [config.incident_schema.schema, config.postmortem_schema.schema, config.problem_schema.schema]
    cache = ParseCache(root, schemas, enabled=use_cache)
    sources, layout = discover(root)
    problem_sources, problem_layout = discover_problems(root)
    pages = published_pages(root)
    scans = ScanPool(config.policy.scanning, len(sources) + len(problem_sources) + len(pages))
    run = _Run(root, config, now or datetime.now(UTC), cache=cache, scans=scans)
    run.problems += config.drift
    run.problems += layout + problem_layout
    # Records are acyclic and live as long as the run (see collector.py).
    with collector_paused(long_lived=True), scans:
        for source in sources:
            if source.kind == "incident":
                run.incident(source)
            else:
                run.postmortem(source)
        for source in problem_sources:
            run.problem_record(source)
        for path, rel in pages:
            run.page(path, rel)
        run.collect_scans()
    run.problems += problem_links(run.incidents, run.problem_records)
    postmortem_folders = {s.folder for s in sources if s.kind == "postmortem"}
    run.problems += cross_record_problems(
        run.incidents, run.postmortems, run.ids, postmortem_folders, config.policy
    )
    by_folder = {i.path.rsplit("/", 2)[-2]: i.id for i in run.incidents}
    owners = {s.rel: by_folder[s.folder] for s in sources if s.folder in by_folder}
    restricted = {i.id for i in run.incidents if i.restricted}
    run.problems += restricted_mentions(root, run.mentions, owners, restricted)
    notices = []
    if git_history and any(pm.approvals for pm in run.postmortems.values()):
        history = history or read_history(root)
        if history.available:
            by_id = {i.id: i for i in run.incidents}
            run.problems += stale_approvals(root, run.postmortems, by_id, history, cache)
        else:
            notices.append(f"approval history checks skipped: {history.reason}")
    cache.save()
    redactor = Redactor(config.policy.scanning)
    problems = sorted({redactor.problem(p) for p in locate(run.problems, root)}, key=Problem.sort_key)
    incident_files = sum(1 for s in sources if s.kind == "incident")
    return CheckResult(
        config.policy,
        problems,
        run.incidents,
        run.postmortems,
        len(sources),
        incident_files,
        time.perf_counter() - started,
        tuple(notices),
        dict(sorted((r.id, r) for r in run.problem_records.values())),
    )


def locate(problems: list[Problem], root: Path) -> list[Problem]:
    """Complete problems from their file, read once per file: the line and column of those
    that only name a field, and the field of scanner findings, which only have a position
    (the scanner reads raw text), so they read like every other problem."""
    pending: dict[str, list[Problem]] = defaultdict(list)
    done = []
    for problem in problems:
        unnamed = problem.code in FINDING_CODES and not problem.field
        (pending[problem.path] if problem.line == 0 or unnamed else done).append(problem)
    for rel, items in pending.items():
        locator = _locator(root, rel)
        for problem in items:
            if problem.line == 0:
                line, column, _ = locator.find(problem.field) if locator else (1, 1, None)
                done.append(problem.at(line, column))
            else:
                done.append(
                    replace(problem, field=locator.field_at(problem.line, problem.column) if locator else ())
                )
    return done


def _locator(root: Path, rel: str) -> Locator | None:
    text, _ = read_text(root, root / rel, rel)
    if text is None:
        return None
    if rel.endswith(".md"):
        parts, _ = frontmatter.split(text, rel)
        return Locator(parts.front, parts.front_line) if parts else None
    return Locator(text)
