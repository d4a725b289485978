"""Links in records must resolve, stay inside the repository and never run code.

The specification asks for "links that resolve" and refuses "links outside the
repository": a privacy team's site must not point readers at scripts
(``javascript:``, ``vbscript:``, ``data:`` URLs) or at files outside the
repository. Like the scanner, this rule reads the raw text, so every problem has
the exact line and column of the link target, in YAML records and postmortem
bodies alike. Linked files are resolved and stat-ed, never read.

A target is judged as a browser would see it after Markdown rendering: HTML
entities and backslash escapes decoded, whitespace and control characters inside
a scheme ignored (``java\\tscript:`` is ``javascript:`` to a browser).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from .. import urls
from ..problems import Problem, error
from ..sources import inside

UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
UNSAFE_HINT = "link to an https:// page or a file in the repository instead"
OUTSIDE_HINT = "link to a file in the incident's folder (e.g. evidence/...) or to an https:// page"
BROKEN_HINT = "fix the path; links in records are relative to the record's folder"
IMAGE_HINT = (
    "write a link instead, `[what it shows](https://...)`: a page never loads an image from "
    "elsewhere (it would tell that site who reads the page, and the site works offline)"
)

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_REFERENCE = re.compile(r"[ \t]*\[(?!\^)([^\]\n]+)\]:[ \t]*")
# `link:` as a YAML key: at the start of a line or list item, or inside a flow mapping.
_LINK_KEY = re.compile(r"(?:^[ \t]*(?:-[ \t]+)*|[{,][ \t]*)link:[ \t]+")
_QUOTED = {'"': re.compile(r'[^"]*'), "'": re.compile(r"[^']*")}
# A plain YAML value ends at a comment (` #`), and in a flow mapping also at `,` or `}`.
_BLOCK_PLAIN = re.compile(r"(?:[^#]|(?<![ \t])#)*")
_FLOW_PLAIN = re.compile(r"(?:[^#,}]|(?<![ \t])#)*")
_PAREN = re.compile(r"\\.|[()]")
_BRACKET = re.compile(r"\\.|[\[\]]")
# `![alt][label]`, `![label][]` and `![label]`, not followed by an inline destination.
_IMAGE_REFERENCE = re.compile(r"(?<!\\)!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?![(\[])")
# What may follow `[label]:` for the line to be a definition (Python-Markdown's rule): one
# destination and at most a title. `[15.01.2025]: Click here to see` is a line of prose.
_DEFINITION = re.compile(r"""(?:<[^>\n]*>|\S+)[ \t]*(?:(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))[ \t]*)?""")
_TITLE = re.compile(r"""(.*?)(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*""")


def link_problems(text: str, rel: str, root: Path, parsed: object = None) -> list[Problem]:
    """Unsafe, outside and broken links in the raw ``text`` of the file ``rel`` of ``root``.

    ``parsed`` is the YAML record the text holds, when it parsed: a line that looks like a
    reference definition (`[label]: target`) is one only where the parsed text has it at the
    start of a line, so a folded summary line that happens to begin with `[15.01.2025]:` is
    prose (YAML joined it to the line before)."""
    if "](" not in text and "]:" not in text and "link:" not in text:
        return []
    texts = None if parsed is None else [s for s in _strings(parsed) if "]:" in s]
    problems = []
    for line, column, target, image in _targets(text, rel, texts):
        problem = _judge(target, rel, root, line, column)  # a script link is worse than an image
        if problem is None and image and urls.is_external(target):
            problem = error(
                rel, "external-image", "image from outside the site", IMAGE_HINT, line=line, column=column
            )
        if problem is not None:
            problems.append(problem)
    return problems


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _defined_in(label: str, texts: list[str]) -> bool:
    """True when some parsed text starts a line with the definition of ``label``."""
    pattern = re.compile(r"(?:^|\n)[ \t]{0,3}\[" + re.escape(label) + r"\]:")
    return any(pattern.search(text) for text in texts)


def _targets(text: str, rel: str, texts: list[str] | None = None) -> Iterator[tuple[int, int, str, bool]]:
    """(line, column, target, is it an image) of every link target outside code, 1-based;
    a reference-style image (`![x][ref]`) at its own position, with its definition's target."""
    lines = text.split("\n")
    definitions: dict[str, str] = {}
    images: list[tuple[int, int, str]] = []
    front_end = _front_matter_end(lines) if rel.endswith(".md") else len(lines)
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if "](" not in line and "]:" not in line and "link:" not in line and "![" not in line:
            continue
        code = _blank_code_spans(line)
        for column, target, image in _inline(code):
            yield index + 1, column, target, image
        reference = _REFERENCE.match(code)
        if reference and not _DEFINITION.fullmatch(code[reference.end() :]):
            reference = None
        if reference and texts is not None and not _defined_in(reference.group(1), texts):
            reference = None  # a folded line of prose, not a definition once YAML is parsed
        if reference:
            column, target = _reference(code, reference.end())
            if target:
                definitions.setdefault(_label(reference.group(1)), target)
                yield index + 1, column, target, False
        for use in _IMAGE_REFERENCE.finditer(code):
            images.append((index + 1, use.start() + 1, _label(use.group(2) or use.group(1))))
        if index < front_end:
            for column, target in _link_values(code):
                yield index + 1, column, target, False
    for line, column, label in images:
        if label in definitions:
            yield line, column, definitions[label], True


def _label(label: str) -> str:
    """A reference label as Markdown matches it: case and inner whitespace ignored."""
    return " ".join(label.split()).casefold()


def _front_matter_end(lines: list[str]) -> int:
    """Index of the line closing a Markdown file's front matter (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), len(lines))


def _blank_code_spans(line: str) -> str:
    """The line with the contents of inline code spans blanked, same length."""
    if "`" not in line:
        return line
    return _CODE_SPAN.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(1), line)


def _inline(line: str) -> Iterator[tuple[int, str, bool]]:
    """(column, target, is it an image) of each ``[text](target "title")`` in one line."""
    start = line.find("](")
    if start == -1:
        return
    closing = _matching(line, _PAREN, "(", ")")
    brackets = {end: begin for begin, end in _matching(line, _BRACKET, "[", "]").items()}
    while start != -1:
        opening = start + 2
        end = closing.get(start + 1)
        if end is not None:
            column, target = _destination(line, opening, end)
            begin = brackets.get(start, 0)
            if target:
                yield column, target, begin > 0 and line[begin - 1] == "!"
            opening = end  # a `](` inside a destination is part of it, not another link
        start = line.find("](", opening)


def _matching(line: str, pattern: re.Pattern[str], open_: str, close: str) -> dict[int, int]:
    """Index of the ``close`` closing each ``open_`` of the line, backslash escapes skipped:
    one pass, so a line of a million ``](`` costs no more than reading it."""
    closing: dict[int, int] = {}
    stack: list[int] = []
    for match in pattern.finditer(line):
        if match.group() == open_:
            stack.append(match.start())
        elif match.group() == close and stack:
            closing[stack.pop()] = match.start()
    return closing


def _destination(line: str, start: int, end: int) -> tuple[int, str]:
    """(1-based column, target) of the inline destination ``line[start:end]``, title dropped."""
    content = line[start:end]
    stripped = content.lstrip()
    offset = start + len(content) - len(stripped)
    if stripped.startswith("<") and ">" in stripped:
        return offset + 2, stripped[1 : stripped.index(">")].strip()
    match = _TITLE.fullmatch(stripped)
    return offset + 1, (match.group(1) if match else stripped).strip()


def _reference(line: str, start: int) -> tuple[int, str]:
    """(1-based column, target) of a reference definition's destination from ``start``."""
    rest = line[start:]
    if rest.startswith("<") and ">" in rest:
        return start + 2, rest[1 : rest.index(">")].strip()
    return start + 1, rest.split()[0] if rest.strip() else ""


def _link_values(line: str) -> Iterator[tuple[int, str]]:
    """(column, value) of each YAML ``link:`` key's value that may be a path or URL."""
    for key in _LINK_KEY.finditer(line):
        start = key.end()
        quote = line[start : start + 1]
        if quote in ('"', "'"):
            value = _QUOTED[quote].match(line, start + 1).group()
            column = start + 2
        else:
            plain = _FLOW_PLAIN if key.group().startswith(("{", ",")) else _BLOCK_PLAIN
            value = plain.match(line, start).group()
            column = start + 1
        value = value.strip()
        if value and ("/" in value or "\\" in value or value.startswith((".", "~")) or urls.scheme(value)):
            yield column, value


def _judge(target: str, rel: str, root: Path, line: int, column: int) -> Problem | None:
    def problem(code: str, message: str, hint: str) -> Problem:
        return error(rel, code, message, hint, line=line, column=column)

    if target.startswith("#"):
        return None  # an anchor on the same page
    absolute = problem("link-outside", "link to an absolute path outside the repository", OUTSIDE_HINT)
    scheme = urls.scheme(target)
    if scheme in UNSAFE_SCHEMES:
        return problem(
            "unsafe-link", f"link with a {scheme}: URL: it would run code in readers' browsers", UNSAFE_HINT
        )
    if scheme == "file" or (scheme is not None and len(scheme) == 1):
        return absolute  # a one-letter scheme is a drive: C:\ or C:/
    if scheme is not None or html.unescape(target).strip().startswith("//"):
        return None  # https, mailto, tel, //host...: not ours to resolve
    # Browsers read a backslash in a relative URL as a slash; so do we.
    path = unquote(re.split(r"[?#]", html.unescape(target), maxsplit=1)[0]).strip().replace("\\", "/")
    if not path:
        return None  # only a query or an anchor
    if path.startswith(("/", "~")):
        return absolute
    folder = posixpath.dirname(rel)
    if posixpath.normpath(posixpath.join(folder, path)).split("/")[0] == "..":
        return problem("link-outside", "link leads outside the repository via `..`", OUTSIDE_HINT)
    try:
        resolved = (root / folder / path).resolve()
        if not inside(root, resolved):
            return problem("link-outside", "link leads outside the repository via a symlink", OUTSIDE_HINT)
        exists = resolved.exists()
    except (OSError, RuntimeError, ValueError):  # symlink loop, NUL byte, name too long
        exists = False
    if not exists:
        return problem("link-broken", f"link target does not exist: {_shown(target)}", BROKEN_HINT)
    return None


def _shown(target: str) -> str:
    """The target fit for a one-line message: control characters escaped, length bounded."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in target)
    return shown if len(shown) <= 120 else shown[:117] + "..."
