"""Printing problems: one table of formats, one function each.

Problem texts come from records (keys, values, file names), so every format prints
them harmlessly: one problem is exactly one line, and nothing in it is a control
a terminal or a CI log would act on (see :func:`visible`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable

from .problems import Problem

# Controls (C0, DEL, C1), format characters (bidi, zero-width, BOM, tags), lone surrogates
# and the line/paragraph separators: never printed raw.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_NOT_ASCII = re.compile(r"[^\x00-\x7e]")
# The GitHub runner also reads the legacy `##[command]` form anywhere in a line.
_LEGACY_COMMAND = "##["


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


def _visible_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    if not _hidden(char):
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with its controls made visible: CR, LF, tab as ``\\r \\n \\t``; other C0/C1
    controls, DEL, bidi, zero-width and other format characters as ``\\xNN``/``\\uXXXX``."""
    return _NOT_PRINTABLE_ASCII.sub(_visible_char, text)


def text_line(p: Problem) -> str:
    field = f" {visible(p.field_text)}" if p.field else ""
    hint = f" ({visible(p.hint)})" if p.hint else ""
    line = (
        f"{visible(p.path)}:{p.line}:{p.column}: {visible(p.level)} {visible(p.code)}{field}: "
        f"{visible(p.message)}{hint}"
    ).replace(_LEGACY_COMMAND, "##\\[")
    # GitHub reads `::command` at the start of a line, after leading whitespace.
    return "./" + line if line.lstrip().startswith("::") else line


def _escape_data(value: str) -> str:
    return visible(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(p: Problem) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the pull request."""
    title = _escape_property(f"{p.code} {p.field_text}".strip())
    message = _escape_data(p.message + (f" ({p.hint})" if p.hint else ""))
    return (
        f"::{_escape_property(p.level)} file={_escape_property(p.path)},line={p.line},col={p.column},"
        f"title={title}::{message}"
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


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if not _hidden(char):
        return char
    code = ord(char)
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, as JSON spells it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def render_json(problems: Iterable[Problem]) -> str:
    """JSON keeps the exact texts; json.dumps escapes C0 controls, and the DEL, C1, bidi,
    zero-width and other hidden characters it would leave raw are escaped here (they occur
    only inside strings, so the escapes decode to the same texts)."""
    text = json.dumps([as_dict(p) for p in problems], indent=2, ensure_ascii=False)
    return _NOT_ASCII.sub(_json_escape, text) + "\n"


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
