"""The one problem type shared by every stage and every output format."""

from __future__ import annotations

from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Any, Literal

Level = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """Render ("action_items", 2, "due") as ``action_items[2].due``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding about one file.

    ``line``/``column`` are 1-based; 0 means "not located yet": rules name a
    field path and :mod:`pirsite.locate` fills in the position afterwards, so
    rules never need to carry source positions around.
    """

    path: str
    code: str
    message: str
    hint: str = ""
    level: Level = "error"
    field: FieldPath = ()
    line: int = 0
    column: int = 0
    # Cross-record problems (unique ids, references) are kept when checking a subset of files.
    cross_record: bool = dataclass_field(default=False, compare=False)

    @property
    def field_text(self) -> str:
        return format_field(self.field)

    def at(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column)

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.path, self.line, self.column, self.code, self.field_text, self.message)


def error(
    path: str,
    code: str,
    message: str,
    hint: str = "",
    *,
    field: FieldPath = (),
    line: int = 0,
    column: int = 0,
    cross_record: bool = False,
) -> Problem:
    return Problem(path, code, message, hint, "error", field, line, column, cross_record)


def warning(path: str, code: str, message: str, hint: str = "", **where: Any) -> Problem:
    """Like :func:`error`, for things to fix that do not fail the check."""
    return replace(error(path, code, message, hint, **where), level="warning")


# Every command's exit status: done, problems in records or pages, usage/configuration/I/O.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class ConfigError(Exception):
    """The repository itself is unusable (no policy, broken schema): exit 2."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = sorted(problems or [], key=Problem.sort_key)
