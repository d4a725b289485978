"""The problem pages: an index of problem records, a page per problem with its incidents
(derived from their `cause.problem`), and the known-error database responders search for a
workaround. Restricted problems are never published on the internal site."""

from __future__ import annotations

from collections.abc import Callable

from ..metrics.problems import ProblemLine, ProblemSummary
from ..problem_records import ProblemRecord


def problem_uri(problem_id: str) -> str:
    return f"problems/{problem_id}.md"


def published(records: dict[str, ProblemRecord], audience: str) -> dict[str, ProblemRecord]:
    """The problem records the audience's site has a page for."""
    return {k: r for k, r in records.items() if audience == "restricted" or not r.restricted}


def problem_pages(
    render: Callable[..., str],
    records: dict[str, ProblemRecord],
    summary: ProblemSummary | None,
    audience: str,
) -> list[tuple[str, str, str | None]]:
    """(uri, Markdown, record path to edit) of the index, the known-error database and each
    published problem."""
    shown = published(records, audience)
    lines: dict[str, ProblemLine] = {line.id: line for line in summary.lines} if summary else {}
    rows = [(shown[key], lines[key]) for key in shown if key in lines]
    pages = [
        (
            "problems/index.md",
            render("problems_index.md.j2", "problems/index.md", rows=rows, summary=summary),
            None,
        ),
        (
            "problems/known-errors.md",
            render(
                "known_errors.md.j2",
                "problems/known-errors.md",
                rows=[(r, line) for r, line in rows if r.known_error],
            ),
            None,
        ),
    ]
    for record, line in rows:
        uri = problem_uri(record.id)
        pages.append((uri, render("problem.md.j2", uri, problem=record, line=line), record.path))
    return pages
