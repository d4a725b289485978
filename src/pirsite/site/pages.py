"""Which pages the site has and what each says: pure functions from checked records.

`generate()` turns the pipeline's result (records and policy), git history and
"now" into Markdown pages. The audience decides what may appear: the internal
site never shows a restricted incident (no page, no row, no title, no tag), but
counts it wherever numbers are shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import jinja2

from ..exports import export_files
from ..history import History
from ..metrics import Metrics, compute
from ..metrics.periods import label as quarter_label
from ..metrics.recurrence import Match
from ..metrics.report import Report, default_quarter
from ..moments import UNKNOWN, at_least
from ..obligations.clocks import Clock, notification_clocks, sla_clocks, triage_clocks
from ..obligations.expected import duty_label, reasons, undecided_by_rule, unrecorded
from ..obligations.facts import facts_of
from ..obligations.rules import describe
from ..pipeline import CheckResult
from ..policy import Policy
from ..problem_records import ProblemRecord
from ..records import NOT_REAL, POSTMORTEM_STATUSES, STATUSES, Incident, Postmortem
from ..rules.mentions import without_ids
from .charts import Chart
from .dashboard import Tile, dashboard
from .deck import deck_context
from .drawing import ChartDrawer
from .problem_pages import problem_pages, problem_uri, published
from .review import review_panel
from .search import Entry
from .tables import ROWS_FILE, code, line, link, rows_json, strong
from .templates import day, renderer, when
from .trends import (
    CHART_DIR,
    charts,
    deck_uri,
    report_context,
    report_pages,
    report_uri,
    reports,
    trend_pages,
)

AUDIENCES = ("internal", "restricted")
OPEN_STATUSES = frozenset(STATUSES[:4])  # reported .. contained
LATEST_POSTMORTEMS = 8
UNDETERMINED = "not-yet-determined"

# Index pages: (uri stem, title, how an incident maps to the groups it belongs to)
GROUPINGS: tuple[tuple[str, str, Callable[[Incident], Iterable[str]]], ...] = (
    ("year", "Year", lambda i: [i.id.split("-")[-2]]),
    ("status", "Status", lambda i: [i.status]),
    ("severity", "Severity", lambda i: [i.severity]),
    ("category", "Category", lambda i: [i.category]),
    ("root-cause", "Root cause", lambda i: [i.cause.root_cause_category or UNDETERMINED]),
    ("service", "Service", lambda i: i.scope.services or ["no-service-recorded"]),
    ("team", "Team", lambda i: i.teams or ["no-team-recorded"]),
)


INDEX_ROWS = 500
LIST_ITEMS = 50


@dataclass(frozen=True, slots=True)
class Bounds:
    """How much one page holds, so that no page grows with the number of incidents.

    An index table shows ``rows`` rows: the all-incidents and postmortem tables load the rest
    from a data file beside them, a group's incidents go on further pages. A list on the home
    page, a report or a trend page names ``items`` entries and says how many more there are;
    the known-error database holds ``items`` known errors a page.
    """

    rows: int = INDEX_ROWS
    items: int = LIST_ITEMS

    def __post_init__(self) -> None:
        if self.rows < 1 or self.items < 1:
            raise ValueError(f"a page holds at least one row and one item, not {self}")


@dataclass(frozen=True, slots=True)
class Page:
    """A generated file at ``uri`` (relative to the docs folder): a Markdown page, or a
    chart (SVG) or export (JSON, CSV) copied into the site as it is."""

    uri: str
    content: str
    in_nav: bool = True  # incident and postmortem pages stay out of the nav: the indexes link them
    edit_path: str | None = None  # repository-relative record the page's edit button opens
    search: Entry | None = None  # a record's page: out of Material's index, this entry instead


def incident_uri(incident_id: str) -> str:
    return f"incidents/{incident_id}.md"


def postmortem_uri(incident_id: str) -> str:
    return f"postmortems/{incident_id}.md"


def tags_for(incident: Incident) -> list[str]:
    """Material tags of an incident page: its severity, domains and category (all from policy;
    an `unknown` value is no tag), and `historical` for a record of the program's past."""
    tags = [incident.severity, *incident.domains, incident.category]
    return [t for t in tags if t != UNKNOWN] + (["historical"] if incident.historical else [])


def allowed_tags(policy: Policy) -> set[str]:
    """Every tag an incident page can carry, derived from the policy's vocabularies."""
    return {
        *policy.severity_ids,
        "unassessed",
        "historical",
        *(d.id for d in policy.domains),
        *(c.id for c in policy.categories),
    }


def review_notice(last_reviewed: object, now: datetime, max_age_days: int) -> str | None:
    """An admonition for a procedure page whose `last_reviewed` is missing or too old."""
    if isinstance(last_reviewed, datetime):
        last_reviewed = last_reviewed.date()
    if not isinstance(last_reviewed, date):
        return (
            '!!! warning "Review date missing"\n'
            "    This page has no `last_reviewed` date in its front matter, so nobody can tell "
            "whether it is current.\n\n"
        )
    age = (now.date() - last_reviewed).days
    if age <= max_age_days:
        return None
    return (
        '!!! warning "Review overdue"\n'
        f"    Last reviewed on {last_reviewed.isoformat()}, {age} days ago; pages are reviewed at "
        f"least every {max_age_days} days. Check it against current practice before relying on it.\n\n"
    )


def names(policy: Policy) -> dict[str, dict[str, str]]:
    """Display names for the ids records use, by vocabulary."""
    return {
        "domain": {t.id: t.name for t in policy.domains},
        "category": {t.id: t.name for t in policy.categories},
        "root_cause": {t.id: t.name for t in policy.root_cause_categories}
        | {UNDETERMINED: "Not yet determined", "unspecified": "Not yet determined"},
        "factor": {t.id: t.name for t in policy.contributing_factor_categories},
        "data": {t.id: t.name for t in policy.data_categories},
        "subject": {t.id: t.name for t in policy.data_subject_types},
        "detection": {t.id: t.name for t in policy.detection_methods},
        "team": {t.id: t.name for t in policy.teams}
        | {"no-team-recorded": "No team recorded", "unspecified": "No team recorded"},
        "severity": {s.id: f"{s.id} · {s.name}" for s in policy.severities} | {"unassessed": "Unassessed"},
        "person": {p.handle: p.name for p in policy.people.values()},
        "rule": {r.id: r.name for r in policy.notification_rules.values()},
        "jurisdiction": {j.code: j.name for j in policy.jurisdictions},
        "service": {"no-service-recorded": "No service recorded"},
        "status": {s: s.capitalize() for s in STATUSES},
        "year": {},
    }


@dataclass(frozen=True)
class LateCharts:
    """Charts still being drawn: their URIs now, their files from ``collect()`` (which waits)."""

    uris: tuple[str, ...]
    collect: Callable[[], list[Page]]


def generate(
    result: CheckResult,
    history: History,
    env: jinja2.Environment,
    *,
    now: datetime,
    audience: str = "internal",
    drawer: ChartDrawer | None = None,
    bounds: Bounds = Bounds(),
) -> list[Page]:
    """Every generated page and file of the site for ``audience``, charts included.

    With a ``drawer`` whose worker runs, the charts are drawn while the other pages render.
    """
    pages, late = generate_pages(
        result, history, env, now=now, audience=audience, drawer=drawer, bounds=bounds
    )
    return pages + late.collect()


def generate_pages(
    result: CheckResult,
    history: History,
    env: jinja2.Environment,
    *,
    now: datetime,
    audience: str = "internal",
    drawer: ChartDrawer | None = None,
    bounds: Bounds = Bounds(),
) -> tuple[list[Page], LateCharts]:
    """Every generated page of the site for ``audience``, and the charts, still being drawn
    by ``drawer`` (the MkDocs plugin collects them once MkDocs has rendered the pages)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    policy = result.policy
    everything = sorted(result.incidents, key=lambda i: i.id)
    shown = [i for i in everything if audience == "restricted" or not i.restricted]
    hidden = len(everything) - len(shown)
    shown_ids = {i.id for i in shown}
    postmortems = {k: v for k, v in result.postmortems.items() if k in shown_ids}
    labels = names(policy)

    shared = _shared(policy, labels, now, audience, hidden, bounds.items)
    shared["problem_pages"] = {key: problem_uri(key) for key in published(result.problem_records, audience)}
    render = renderer(env, shared)
    render_html = renderer(env.overlay(autoescape=True), shared)  # the slide decks are HTML
    metrics = compute(
        result.incidents,
        result.postmortems,
        policy,
        now=now,
        audience=audience,
        problem_records=result.problem_records,
    )
    found = charts(metrics, policy, labels["root_cause"])
    drawn = (drawer or ChartDrawer(worker=False)).draw(found.values())
    by_problem: dict[str, list[Incident]] = defaultdict(list)
    for incident in shown:
        if incident.cause.problem:
            by_problem[incident.cause.problem].append(incident)

    by_quarter = reports(metrics)
    quarter = default_quarter(metrics)

    def tiles_of(report: Report) -> list[Tile]:
        return dashboard(metrics, policy, report, by_quarter)

    home_tiles = dashboard(metrics, policy, by_quarter[quarter], by_quarter, now=True) if quarter else []
    pages = [_home(render, everything, shown, postmortems, policy, now, home_tiles, quarter, bounds)]
    pages += _incident_indexes(render, shown, shared["label"], bounds)
    pages += _postmortem_index(render, shown, postmortems, policy, now, bounds)
    recurs = {f.incident.id: f.recurrence for f in metrics.facts if f.recurrence}
    for incident in shown:
        pages.append(
            _incident_page(
                render,
                incident,
                postmortems.get(incident.id),
                shown_ids,
                by_problem,
                history,
                policy,
                now,
                recurs.get(incident.id, ()),
            )
        )
        if incident.id in postmortems:
            pages.append(_postmortem_page(render, incident, postmortems[incident.id], policy, now))
    pages += _policy_pages(render)
    pages.append(Page("tags.md", render("tags.md.j2", "tags.md", tags=_tag_lines(shown, policy))))
    pages += _metrics_pages(render, metrics, found, by_quarter, tiles_of)
    pages += _decks(render_html, by_quarter, found, shared["label"])
    pages += _changes(render, metrics, bounds)
    problems = problem_pages(
        render,
        result.problem_records,
        metrics.problems,
        audience,
        person=_person(shared["label"]),
        rows_shown=bounds.rows,
        per_page=bounds.items,
    )
    entries = {problem_uri(key): _problem_entry(r) for key, r in result.problem_records.items()}
    for uri, content, edit in problems:
        in_nav = uri in ("problems/index.md", "problems/known-errors.md")
        pages.append(Page(uri, content, in_nav=in_nav, edit_path=edit, search=entries.get(uri)))
    if audience == "internal":
        restricted = {i.id for i in everything if i.restricted}
        pages = [_without_ids(page, restricted) for page in pages]
    late = LateCharts(
        tuple(f"{CHART_DIR}/{chart.file(dark)}" for chart in found.values() for dark in (False, True)),
        lambda: [Page(f"{CHART_DIR}/{name}", svg, in_nav=False) for name, svg in drawn()],
    )
    return pages, late


def _metrics_pages(
    render: Callable[..., str],
    metrics: Metrics,
    found: dict[str, Chart],
    by_quarter: dict[str, Report],
    tiles_of: Callable[[Report], list[Tile]],
) -> list[Page]:
    """Trend pages, quarterly reports and the exports (the charts are drawn apart)."""
    files = [
        *trend_pages(render, metrics, found, by_quarter),
        *report_pages(render, metrics, by_quarter, tiles_of, found),
    ]
    pages = [Page(uri, content, in_nav=not uri.startswith("reports/20")) for uri, content in files]
    pages += [Page(uri, text, in_nav=False) for uri, text in export_files(metrics)]
    return pages


def _decks(
    render_html: Callable[..., str],
    by_quarter: dict[str, Report],
    found: dict[str, Chart],
    label: Callable[[str, str | None], str],
) -> list[Page]:
    """The leadership presentation of every quarter that has a report."""

    def person(handle: str) -> str:
        return label("person", handle)

    return [
        Page(
            deck_uri(quarter),
            render_html("deck.html.j2", deck_uri(quarter), **deck_context(report, person, found)),
            in_nav=False,
        )
        for quarter, report in by_quarter.items()
    ]


def _shared(
    policy: Policy,
    labels: dict[str, dict[str, str]],
    now: datetime,
    audience: str,
    hidden: int,
    items: int | None = None,
) -> dict[str, Any]:
    """What every template may use. ``items`` bounds the lists of a site page (`Bounds.items`);
    None for `pirsite report`, whose Markdown lists everything."""

    def label(kind: str, value: str | None) -> str:
        if value is None:
            return ""
        return labels.get(kind, {}).get(value, value)

    return {
        "policy": policy,
        "now": now,
        "audience": audience,
        "label": label,
        "incident_uri": incident_uri,
        "postmortem_uri": postmortem_uri,
        "restricted_hidden": hidden,
        "describe": describe,
        "statuses": STATUSES,  # lifecycle order, for sorting an index by status
        "closed_statuses": [s for s in STATUSES if s not in OPEN_STATUSES],
        "postmortem_statuses": [s.replace("_", " ") for s in POSTMORTEM_STATUSES],
        "list_limit": items,
    }


def _person(label: Callable[[str, str | None], str]) -> Callable[[str], str]:
    """A handle as the pages name people: "Name (handle)", or the handle alone."""

    def person(handle: str) -> str:
        name = label("person", handle)
        return f"{name} ({handle})" if name != handle else handle

    return person


def report_markdown(
    report: Report, policy: Policy, env: jinja2.Environment, *, now: datetime, audience: str
) -> str:
    """The quarterly report page as standalone Markdown (no links into a site), for `pirsite report`."""
    render = renderer(env, _shared(policy, names(policy), now, audience, 0))
    return render("report.md.j2", report_uri(report.quarter), **report_context(report, linked=False))


def _home(
    render: Callable[..., str],
    everything: list[Incident],
    shown: list[Incident],
    postmortems: dict[str, Postmortem],
    policy: Policy,
    now: datetime,
    tiles: list[Tile],
    quarter: str | None,
    bounds: Bounds,
) -> Page:
    open_all = [i for i in everything if i.status in OPEN_STATUSES]
    open_shown = [i for i in shown if i.status in OPEN_STATUSES]
    shown_ids = {i.id for i in shown}
    running: list[tuple[Incident, Clock]] = []
    hidden_running = 0
    for incident in everything:
        clocks = notification_clocks(incident, policy, now)
        if incident.status in OPEN_STATUSES:
            clocks += sla_clocks(incident, policy, now)
        clocks += triage_clocks(incident, policy, now)
        for clock in clocks:
            if not clock.running:
                continue
            if incident.id in shown_ids:
                running.append((incident, clock))
            else:
                hidden_running += 1
    running.sort(key=lambda pair: pair[1].due or now)
    by_id = {i.id: i for i in shown}
    latest = sorted(postmortems.values(), key=lambda p: _postmortem_date(p, by_id[p.incident]), reverse=True)
    latest = latest[:LATEST_POSTMORTEMS]
    content = render(
        "home.md.j2",
        "index.md",
        open_incidents=sorted(open_shown, key=lambda i: (i.severity, i.when))[: bounds.items],
        open_shown=len(open_shown),
        open_hidden=len(open_all) - len(open_shown),
        running=running[: bounds.items],
        running_shown=len(running),
        running_hidden=hidden_running,
        latest=[(by_id[p.incident], p) for p in latest],
        total=len(everything),
        tiles=tiles,
        quarter=quarter_label(quarter) if quarter else None,
    )
    return Page("index.md", content)


def _postmortem_date(postmortem: Postmortem, incident: Incident) -> datetime:
    """When a postmortem last moved: its latest approval decision or review meeting, else its
    incident's resolution or detection (a draft nobody has reviewed is as new as its incident,
    not older than every other)."""
    dates = [a.at for a in postmortem.approvals]
    if postmortem.meeting_at:
        dates.append(postmortem.meeting_at)
    return max(dates) if dates else incident.resolved_at or incident.when


INCIDENT_COLUMNS = ("Incident", "Title", "Status", "Severity", "Priority", "Category", "Domains", "Detected")
POSTMORTEM_COLUMNS = ("Incident", "Title", "Severity", "Status", "Approvals", "Awaiting", "Due", "Overdue")


@dataclass(frozen=True, slots=True)
class Group:
    """One group of an incident index (a team, a severity...): its incidents, newest first,
    and the pages they are listed on."""

    key: str
    incidents: list[Incident]
    uris: list[str]  # its pages, `Bounds.rows` incidents each

    @property
    def open(self) -> int:
        return sum(1 for i in self.incidents if i.status in OPEN_STATUSES)


def group_uri(stem: str, key: str, number: int = 1) -> str:
    """The ``number``-th page of a group's incidents: incidents/by-team/platform/index.md, then
    page-2.md... (group keys are slugs: policy ids, services, statuses, years)."""
    folder = f"incidents/by-{stem}/{_path_safe(key)}"
    return f"{folder}/index.md" if number == 1 else f"{folder}/page-{number}.md"


def _path_safe(key: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in key.lower())


def _incident_indexes(
    render: Callable[..., str],
    shown: list[Incident],
    label: Callable[[str, str | None], str],
    bounds: Bounds,
) -> list[Page]:
    """The all-incidents table (its first rows on the page, every row in its data file), and
    per grouping a summary of the groups, each group's incidents on pages of their own."""
    newest_first = sorted(shown, key=lambda i: i.when, reverse=True)
    pages = [
        Page(
            "incidents/index.md",
            render(
                "incidents_index.md.j2",
                "incidents/index.md",
                incidents=newest_first[: bounds.rows],
                total=len(newest_first),
                rows_file=ROWS_FILE,
            ),
        ),
        Page(
            f"incidents/{ROWS_FILE}",
            rows_json(INCIDENT_COLUMNS, [_incident_row(i, label) for i in newest_first]),
            in_nav=False,
        ),
    ]
    for stem, title, groups_of in GROUPINGS:
        members: dict[str, list[Incident]] = defaultdict(list)
        for incident in newest_first:
            for key in groups_of(incident):
                members[key].append(incident)
        kind = stem.replace("-", "_")
        groups = []
        for key, incidents in sorted(members.items(), key=lambda kv: _group_order(stem, kv[0])):
            count = -(-len(incidents) // bounds.rows)
            groups.append(Group(key, incidents, [group_uri(stem, key, n) for n in range(1, count + 1)]))
        uri = f"incidents/by-{stem}.md"
        pages.append(Page(uri, render("incidents_grouped.md.j2", uri, title=title, kind=kind, groups=groups)))
        for group in groups:
            for number, page_uri in enumerate(group.uris, 1):
                chunk = group.incidents[(number - 1) * bounds.rows : number * bounds.rows]
                content = render(
                    "incidents_group.md.j2",
                    page_uri,
                    title=title,
                    kind=kind,
                    group=group,
                    number=number,
                    incidents=chunk,
                    index_uri=uri,
                )
                pages.append(Page(page_uri, content, in_nav=False))
    return pages


def _incident_row(i: Incident, label: Callable[[str, str | None], str]) -> list[Any]:
    """An incident's row of the all-incidents table, as the page's table shows it."""
    return [
        link(i.id),
        line(i.title),
        i.status,
        i.severity,
        i.priority,
        line(label("category", i.category)),
        line(", ".join(i.domains)),
        day(i.detected_at),
    ]


def _group_order(stem: str, key: str) -> tuple[Any, ...]:
    if stem == "year":
        return (-int(key),)
    if stem == "status":
        return (STATUSES.index(key),)
    return (key.startswith(("no-", UNDETERMINED)), key)


def _postmortem_index(
    render: Callable[..., str],
    shown: list[Incident],
    postmortems: dict[str, Postmortem],
    policy: Policy,
    now: datetime,
    bounds: Bounds,
) -> list[Page]:
    by_id = {i.id: i for i in shown}
    rows = sorted(postmortems.values(), key=lambda p: _postmortem_date(p, by_id[p.incident]), reverse=True)
    uri = "postmortems/index.md"
    table = [(by_id[p.incident], p, review_panel(p, by_id[p.incident], policy, now)) for p in rows]
    content = render(
        "postmortems_index.md.j2", uri, rows=table[: bounds.rows], total=len(table), rows_file=ROWS_FILE
    )
    data = [
        [
            link(incident.id),
            line(incident.title),
            incident.severity,
            pm.status.replace("_", " "),
            str(sum(1 for a in pm.approvals if a.decision == "approved")),
            "" if pm.status == "approved" else str(panel.outstanding),
            day(panel.due) if panel.due else "",
            strong("overdue") if panel.overdue else "",
        ]
        for incident, pm, panel in table
    ]
    return [
        Page(uri, content),
        Page(f"postmortems/{ROWS_FILE}", rows_json(POSTMORTEM_COLUMNS, data), in_nav=False),
    ]


CHANGE_COLUMNS = ("Change", "Type", "Incident", "Severity", "Implemented")


def _changes(render: Callable[..., str], metrics: Metrics, bounds: Bounds) -> list[Page]:
    """The changes page (the first rows of its tables) and the data file of the changes that
    caused incidents."""
    content = render(
        "changes.md.j2", "changes/index.md", metrics=metrics, rows=bounds.rows, rows_file=ROWS_FILE
    )
    caused = metrics.changes.caused if metrics.changes else ()
    data = [[code(c.id), c.type, link(c.incident), c.severity, when(c.at)] for c in caused]
    return [
        Page("changes/index.md", content),
        Page(f"changes/{ROWS_FILE}", rows_json(CHANGE_COLUMNS, data), in_nav=False),
    ]


def _tag_lines(shown: list[Incident], policy: Policy) -> list[tuple[str, str, int, str | None]]:
    """(tag, what it says, incidents carrying it, the page or view listing them) for every tag
    the shown incidents carry, in the policy's order."""
    counts: dict[str, int] = defaultdict(int)
    for incident in shown:
        for tag in tags_for(incident):
            counts[tag] += 1
    lines: list[tuple[str, str, int, str | None]] = []
    for severity in [*policy.severity_ids, "unassessed"]:
        if counts.get(severity):
            lines.append((severity, "severity", counts[severity], group_uri("severity", severity)))
    for domain in policy.domains:
        if counts.get(domain.id):
            lines.append((domain.id, "domain", counts[domain.id], f"incidents/index.md?domains={domain.id}"))
    for category in policy.categories:
        if counts.get(category.id):
            lines.append((category.id, "category", counts[category.id], group_uri("category", category.id)))
    if counts.get("historical"):
        lines.append(("historical", "a record of the program's past", counts["historical"], None))
    return lines


def _incident_page(
    render: Callable[..., str],
    incident: Incident,
    postmortem: Postmortem | None,
    shown_ids: set[str],
    by_problem: dict[str, list[Incident]],
    history: History,
    policy: Policy,
    now: datetime,
    recurrence: tuple[Match, ...] = (),
) -> Page:
    related = [r for r in incident.related if r in shown_ids]
    same_problem = [i.id for i in by_problem.get(incident.cause.problem or "", []) if i.id != incident.id]
    uri = incident_uri(incident.id)
    notices = notification_clocks(incident, policy, now)
    slas = sla_clocks(incident, policy, now) + triage_clocks(incident, policy, now)
    content = render(
        "incident.md.j2",
        uri,
        incident=incident,
        postmortem=postmortem,
        tags=tags_for(incident),
        related=related,
        related_hidden=len(incident.related) - len(related),
        duplicate_of=incident.duplicate_of if incident.duplicate_of in shown_ids else None,
        same_problem=same_problem,
        history=history,
        file_history=history.of(incident.path),
        notices=notices,
        undecided=undecided_duties(incident, policy),
        slas=slas,
        strip=attention(incident, notices + slas, history.of(incident.path), now),
        recurrence=[
            (_match_label(match), match.earlier if match.earlier in shown_ids else None, match.fix_failed)
            for match in recurrence
        ],
    )
    entry = Entry(f"{incident.id}: {incident.title}", incident.summary, tuple(tags_for(incident)))
    return Page(uri, content, in_nav=False, edit_path=incident.path, search=entry)


@dataclass(frozen=True, slots=True)
class Attention:
    """What the strip atop an incident page says: how old it is, when its record last changed,
    what is overdue, and the next deadline."""

    age_days: int | None  # since it was reported (or dated); None when not known to the day
    open: bool
    last_updated: datetime | None
    overdue: tuple[str, ...]  # clock names
    next_name: str | None
    next_due: datetime | None


def attention(incident: Incident, clocks: list[Clock], file_history: Any, now: datetime) -> Attention:
    start = incident.reported_at or incident.when
    end = now if incident.status in OPEN_STATUSES else incident.resolved_at
    age = (end - start).days if is_exact_day(start) and is_exact_day(end) else None  # type: ignore[operator]
    running = sorted((c for c in clocks if c.running and c.due), key=lambda c: c.due)  # type: ignore[arg-type, return-value]
    upcoming = [c for c in running if not c.overdue]
    return Attention(
        age,
        incident.status in OPEN_STATUSES,
        file_history.last_at if file_history else None,
        tuple(c.name for c in clocks if c.overdue),
        upcoming[0].name if upcoming else None,
        upcoming[0].due if upcoming else None,
    )


def is_exact_day(value: datetime | None) -> bool:
    return value is not None and at_least(value, "day")


def _match_label(match: Match) -> str:
    """A recurrence class in words: root cause and service, the problem, or the mechanism."""
    key = match.key
    if key[0] in ("problem", "mechanism"):
        return f"{key[0]} {key[1]}"
    return f"root cause {key[1]} on service {key[2]}"


def undecided_duties(incident: Incident, policy: Policy) -> list[tuple[str, str, str]]:
    """(rule, its duties, why) for each rule that may apply with no decision recorded: the
    page says so, as check does, instead of showing nothing."""
    if incident.disposition in NOT_REAL:
        return []
    facts = facts_of(incident, policy)
    return [
        (
            found[0].rule.name,
            "; ".join(
                duty_label(e.rule, e.duty, incident) + (f", {e.jurisdiction}" if e.jurisdiction else "")
                for e in found
            ),
            "; ".join(reasons(found, facts, policy)),
        )
        for found in undecided_by_rule(unrecorded(incident, policy, facts))
    ]


def _postmortem_page(
    render: Callable[..., str], incident: Incident, postmortem: Postmortem, policy: Policy, now: datetime
) -> Page:
    uri = postmortem_uri(incident.id)
    panel = review_panel(postmortem, incident, policy, now)
    return Page(
        uri,
        render("postmortem.md.j2", uri, incident=incident, postmortem=postmortem, panel=panel),
        in_nav=False,
        edit_path=postmortem.path,
        search=Entry(f"Postmortem {incident.id}: {incident.title}", postmortem.body),
    )


def _problem_entry(record: ProblemRecord) -> Entry:
    """A problem page's search entry: its id and title, and what is known of its cause."""
    text = record.root_cause or record.known_error or record.workaround or ""
    return Entry(f"{record.id}: {record.title}", text)


def _without_ids(page: Page, restricted: set[str]) -> Page:
    """``page`` with the ids of restricted incidents taken out of its text and search entry."""
    entry = page.search.replace_text(lambda text: without_ids(text, restricted)) if page.search else None
    return replace(page, content=without_ids(page.content, restricted), search=entry)


POLICY_PAGES = (
    ("policy/index.md", "policy_index.md.j2"),
    ("policy/severity.md", "policy_severity.md.j2"),
    ("policy/categories.md", "policy_categories.md.j2"),
    ("policy/notification-rules.md", "policy_notification_rules.md.j2"),
    ("policy/slas.md", "policy_slas.md.j2"),
    ("policy/postmortem-review.md", "policy_postmortem_review.md.j2"),
    ("policy/escalation.md", "policy_escalation.md.j2"),
)


def _policy_pages(render: Callable[..., str]) -> list[Page]:
    return [
        Page(uri, render(template, uri), edit_path="schemas/policy.yaml") for uri, template in POLICY_PAGES
    ]
