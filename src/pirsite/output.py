"""Printing problems: one table of formats, one function each."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from .problems import Problem


def text_line(p: Problem) -> str:
    field = f" {p.field_text}" if p.field else ""
    hint = f" ({p.hint})" if p.hint else ""
    return f"{p.path}:{p.line}:{p.column}: {p.level} {p.code}{field}: {p.message}{hint}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(p: Problem) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the pull request."""
    title = _escape_property(f"{p.code} {p.field_text}".strip())
    message = _escape_data(p.message + (f" ({p.hint})" if p.hint else ""))
    return (
        f"::{p.level} file={_escape_property(p.path)},line={p.line},col={p.column},title={title}::{message}"
    )


def as_dict(p: Problem) -> dict[str, object]:
    return {
        "path": p.path,
        "line": p.line,
        "column": p.column,
        "level": p.level,
        "code": p.code,
        "field": p.field_text,
        "message": p.message,
        "hint": p.hint,
    }


def render_text(problems: Iterable[Problem]) -> str:
    return "".join(text_line(p) + "\n" for p in problems)


def render_github(problems: Iterable[Problem]) -> str:
    return "".join(github_line(p) + "\n" for p in problems)


def render_json(problems: Iterable[Problem]) -> str:
    return json.dumps([as_dict(p) for p in problems], indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Iterable[Problem]], str]] = {
    "text": render_text,
    "github": render_github,
    "json": render_json,
}


def n(count: int, word: str) -> str:
    """``count`` and ``word``, plural unless one."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def errors_in_files(problems: Iterable[Problem]) -> str:
    """What the errors among ``problems`` are and where: '318 errors in 91 files'."""
    errors = [p for p in problems if p.level == "error"]
    return f"{n(len(errors), 'error')} in {n(len({p.path for p in errors}), 'file')}"


def summary(files: int, incidents: int, errors: int, warnings: int, seconds: float) -> str:
    return (
        f"checked {n(files, 'file')} ({n(incidents, 'incident')}): "
        f"{n(errors, 'error')}, {n(warnings, 'warning')} in {seconds:.2f}s"
    )
