"""Scan the text of a file for personal data and secrets.

The raw text is scanned, not parsed values, so every finding has an exact
line and column and every field (titles, timelines, communications, action
items, postmortem bodies, procedure pages) is covered alike. A finding names
its kind and never its value, in every output format.

An allow marker on the same line accepts one finding of its kind:
``# pirsite: allow email: role address of the privacy team`` in YAML, or
``<!-- pirsite: allow email: ... -->`` in Markdown and in multi-line YAML text.
The reason is mandatory; a marker that accepts nothing is a warning. Markers
in fenced code blocks are examples, not markers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..problems import Problem, error, warning
from .detectors import KINDS, personal_data
from .secrets import secrets
from .settings import ScanSettings

_MARKER = re.compile(r"pirsite:\s*allow\b[ \t]*([\w-]*)[ \t]*(?::[ \t]*(.*?))?[ \t]*(?:-->|$)")
_NEWLINE = re.compile("\n")
FINDING_CODES = frozenset(
    {f"pii-{kind}" for kind in KINDS if kind != "secret"}
    | {"secret", "allow-without-reason", "allow-unknown-kind", "allow-unused"}
)
HINT = (
    "remove it or write a role or placeholder instead (see the 'Handling personal data' procedure); "
    "if it must stay, add `pirsite: allow {kind}: <reason>` on the same line"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """A JSON-safe finding (the scan cache stores these): no value, only where and what."""

    line: int  # 1-based, in the file
    column: int  # 1-based
    kind: str
    label: str
    code: str  # pii-<kind> | secret | allow-without-reason | allow-unknown-kind | allow-unused

    def problem(self, path: str) -> Problem:
        if self.code == "allow-without-reason":
            return error(
                path,
                self.code,
                f"allow marker for {self.kind} has no reason",
                f"write why it may be published: `pirsite: allow {self.kind}: <reason>`",
                line=self.line,
                column=self.column,
            )
        if self.code == "allow-unknown-kind":
            return error(
                path,
                self.code,
                f"allow marker names an unknown kind {self.kind!r}",
                "use one of: " + ", ".join(KINDS),
                line=self.line,
                column=self.column,
            )
        if self.code == "allow-unused":
            return warning(
                path,
                self.code,
                f"allow marker for {self.kind} accepts no finding on this line",
                "remove the marker, or move it to the line of the finding it is for",
                line=self.line,
                column=self.column,
            )
        what = "secret" if self.kind == "secret" else "personal data"
        return error(
            path,
            self.code,
            f"{what} in published text: {self.label} (the value is not shown)",
            HINT.format(kind=self.kind),
            line=self.line,
            column=self.column,
        )


def scan_text(text: str, settings: ScanSettings, *, first_line: int = 1) -> list[Finding]:
    """Every finding in ``text``, whose first line is line ``first_line`` of its file."""
    findings: list[Finding] = []
    markers: dict[int, list[list]] = {}  # line -> [kind, column, used]
    if "pirsite:" in text:
        text = _take_markers(text, first_line, findings, markers)
    hits = personal_data(text, settings)
    if settings.secrets:
        hits += secrets(text)
    if hits:
        starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        for hit in sorted(hits, key=lambda h: h.start):
            index = bisect_right(starts, hit.start) - 1
            number, column = first_line + index, hit.start - starts[index] + 1
            marker = next((m for m in markers.get(number, ()) if m[0] == hit.kind and not m[2]), None)
            if marker is not None:
                marker[2] = True  # one marker accepts one finding
                continue
            code = "secret" if hit.kind == "secret" else f"pii-{hit.kind}"
            findings.append(Finding(number, column, hit.kind, hit.label, code))
    for number, items in markers.items():
        findings += [
            Finding(number, column, kind, "", "allow-unused") for kind, column, used in items if not used
        ]
    return sorted(findings, key=lambda f: (f.line, f.column, f.code))


def _take_markers(text: str, first_line: int, findings: list[Finding], markers: dict[int, list[list]]) -> str:
    """Record the allow markers (and malformed ones as findings); returns ``text`` with each
    marker blanked out, same length, so a marker's own words are never scanned."""
    lines = text.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or "pirsite:" not in line:  # a marker in a code block is an example of one
            continue
        number = first_line + index
        for match in _MARKER.finditer(line):
            kind, reason = match.group(1), (match.group(2) or "").strip()
            column = match.start() + 1
            if kind not in KINDS:
                findings.append(Finding(number, column, kind or "(none)", "", "allow-unknown-kind"))
            elif not reason:
                findings.append(Finding(number, column, kind, "", "allow-without-reason"))
            else:
                markers.setdefault(number, []).append([kind, column, False])
            line = line[: match.start()] + " " * (match.end() - match.start()) + line[match.end() :]
        lines[index] = line
    return "\n".join(lines)
