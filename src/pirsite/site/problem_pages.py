"""The problem pages: an index of problem records, a page per problem with its incidents
(derived from their `cause.problem`), and the known-error database responders search for a
workaround. Restricted problems are never published on the internal site."""

from __future__ import annotations

from collections.abc import Callable

from ..metrics.problems import ProblemLine, ProblemSummary
from ..problem_records import ProblemRecord

KNOWN_ERRORS = "problems/known-errors.md"


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
    per_page: int = 50,
) -> list[tuple[str, str, str | None]]:
    """(uri, Markdown, record path to edit) of the index, the known-error database (``per_page``
    known errors a page) and each published problem."""
    shown = published(records, audience)
    lines: dict[str, ProblemLine] = {line.id: line for line in summary.lines} if summary else {}
    rows = [(shown[key], lines[key]) for key in shown if key in lines]
    pages = [
        (
            "problems/index.md",
            render("problems_index.md.j2", "problems/index.md", rows=rows, summary=summary),
            None,
        ),
    ]
    known = [(r, line) for r, line in rows if r.known_error]
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
    for record, line in rows:
        uri = problem_uri(record.id)
        pages.append((uri, render("problem.md.j2", uri, problem=record, line=line), record.path))
    return pages
