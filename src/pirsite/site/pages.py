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
from ..records import NOT_REAL, POSTMORTEM_STATUSES, STATUSES, Incident, Postmortem
from ..rules.mentions import without_ids
from .charts import Chart
from .dashboard import Tile, dashboard
from .deck import deck_context
from .drawing import ChartDrawer
from .problem_pages import problem_pages, problem_uri, published
from .review import review_panel
from .templates import renderer
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


@dataclass(frozen=True, slots=True)
class Page:
    """A generated file at ``uri`` (relative to the docs folder): a Markdown page, or a
    chart (SVG) or export (JSON, CSV) copied into the site as it is."""

    uri: str
    content: str
    in_nav: bool = True  # incident and postmortem pages stay out of the nav: the indexes link them
    edit_path: str | None = None  # repository-relative record the page's edit button opens


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
) -> list[Page]:
    """Every generated page and file of the site for ``audience``, charts included.

    With a ``drawer`` whose worker runs, the charts are drawn while the other pages render.
    """
    pages, late = generate_pages(result, history, env, now=now, audience=audience, drawer=drawer)
    return pages + late.collect()


def generate_pages(
    result: CheckResult,
    history: History,
    env: jinja2.Environment,
    *,
    now: datetime,
    audience: str = "internal",
    drawer: ChartDrawer | None = None,
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

    shared = _shared(policy, labels, now, audience, hidden)
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
    pages = [_home(render, everything, shown, postmortems, policy, now, home_tiles, quarter)]
    pages += _incident_indexes(render, shown)
    pages.append(_postmortem_index(render, shown, postmortems, policy, now))
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
    pages.append(Page("tags.md", render("tags.md.j2", "tags.md")))
    pages += _metrics_pages(render, metrics, found, by_quarter, tiles_of)
    pages += _decks(render_html, by_quarter, found, shared["label"])
    pages.append(Page("changes/index.md", render("changes.md.j2", "changes/index.md", metrics=metrics)))
    for uri, content, edit in problem_pages(render, result.problem_records, metrics.problems, audience):
        pages.append(Page(uri, content, in_nav=uri.endswith(("index.md", "known-errors.md")), edit_path=edit))
    if audience == "internal":
        restricted = {i.id for i in everything if i.restricted}
        pages = [replace(page, content=without_ids(page.content, restricted)) for page in pages]
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
    policy: Policy, labels: dict[str, dict[str, str]], now: datetime, audience: str, hidden: int
) -> dict[str, Any]:
    """What every template may use."""

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
    }


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
        open_incidents=sorted(open_shown, key=lambda i: (i.severity, i.when)),
        open_hidden=len(open_all) - len(open_shown),
        running=running,
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


def _incident_indexes(render: Callable[..., str], shown: list[Incident]) -> list[Page]:
    newest_first = sorted(shown, key=lambda i: i.when, reverse=True)
    pages = [
        Page(
            "incidents/index.md",
            render("incidents_index.md.j2", "incidents/index.md", incidents=newest_first),
        )
    ]
    for stem, title, groups_of in GROUPINGS:
        groups: dict[str, list[Incident]] = defaultdict(list)
        for incident in newest_first:
            for group in groups_of(incident):
                groups[group].append(incident)
        kind = stem.replace("-", "_")
        ordered = sorted(groups.items(), key=lambda kv: _group_order(stem, kv[0]))
        uri = f"incidents/by-{stem}.md"
        pages.append(
            Page(
                uri,
                render("incidents_grouped.md.j2", uri, title=title, kind=kind, groups=ordered),
            )
        )
    return pages


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
) -> Page:
    by_id = {i.id: i for i in shown}
    rows = sorted(postmortems.values(), key=lambda p: _postmortem_date(p, by_id[p.incident]), reverse=True)
    uri = "postmortems/index.md"
    table = [(by_id[p.incident], p, review_panel(p, by_id[p.incident], policy, now)) for p in rows]
    return Page(uri, render("postmortems_index.md.j2", uri, rows=table))


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
    return Page(uri, content, in_nav=False, edit_path=incident.path)


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
    )


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
