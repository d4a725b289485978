"""The problem pages: an index of problem records, a page per problem with its incidents
(derived from their `cause.problem`), and the known-error database responders search for a
workaround. Restricted problems are never published on the internal site."""

from __future__ import annotations

from collections.abc import Callable

from ..metrics.problems import ProblemLine, ProblemSummary
from ..problem_records import ProblemRecord
from .tables import ROWS_FILE, line, link, rows_json, strong
from .templates import day

KNOWN_ERRORS = "problems/known-errors.md"
COLUMNS = (
    "Problem",
    "Title",
    "Status",
    "Owner",
    "Age (days)",
    "Incidents",
    "Latest incident",
    "Fixed",
    "After the fix",
    "Fix actions open (overdue)",
    "Review",
)


def problem_uri(problem_id: str) -> str:
    return f"problems/{problem_id}.md"


def known_errors_uri(number: int) -> str:
    """The ``number``-th page of the known-error database."""
    return KNOWN_ERRORS if number == 1 else f"problems/known-errors/page-{number}.md"


def published(records: dict[str, ProblemRecord], audience: str) -> dict[str, ProblemRecord]:
    """The problem records the audience's site has a page for."""
    return {k: r for k, r in records.items() if audience == "restricted" or not r.restricted}


def problem_pages(
    render: Callable[..., str],
    records: dict[str, ProblemRecord],
    summary: ProblemSummary | None,
    audience: str,
    *,
    person: Callable[[str], str] = str,
    rows_shown: int = 500,
    per_page: int = 50,
) -> list[tuple[str, str, str | None]]:
    """(uri, Markdown, record path to edit) of the index (its first ``rows_shown`` rows, every
    row in its data file), the known-error database (``per_page`` known errors a page) and
    each published problem. ``person`` names a handle as the pages do."""
    shown = published(records, audience)
    lines: dict[str, ProblemLine] = {each.id: each for each in summary.lines} if summary else {}
    rows = [(shown[key], lines[key]) for key in shown if key in lines]
    index = render(
        "problems_index.md.j2",
        "problems/index.md",
        rows=rows[:rows_shown],
        total=len(rows),
        rows_file=ROWS_FILE,
        summary=summary,
    )
    data = [_row(record, each, person) for record, each in rows]
    pages = [("problems/index.md", index, None), (f"problems/{ROWS_FILE}", rows_json(COLUMNS, data), None)]
    known = [(r, each) for r, each in rows if r.known_error]
    uris = [known_errors_uri(n) for n in range(1, max(1, -(-len(known) // per_page)) + 1)]
    for number, uri in enumerate(uris, 1):
        content = render(
            "known_errors.md.j2",
            uri,
            rows=known[(number - 1) * per_page : number * per_page],
            total=len(known),
            number=number,
            pages=uris,
            problem_uri=problem_uri,
        )
        pages.append((uri, content, None))
    for record, each in rows:
        uri = problem_uri(record.id)
        pages.append((uri, render("problem.md.j2", uri, problem=record, line=each), record.path))
    return pages


def _row(record: ProblemRecord, each: ProblemLine, person: Callable[[str], str]) -> list[object]:
    """A problem's row of the index table, as the page's table shows it."""
    actions = str(each.open_actions) + (f" ({each.overdue_actions})" if each.overdue_actions else "")
    return [
        link(record.id),
        line(record.title),
        record.status.replace("_", " "),
        line(person(record.owner)),
        str(each.age_days),
        str(each.incidents),
        link(each.shown[-1]) if each.shown else "",
        day(each.fixed_at),
        strong(str(each.after_fix_count)) if each.after_fix_count else "0",
        actions,
        day(record.review_at),
    ]
