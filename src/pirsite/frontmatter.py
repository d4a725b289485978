"""Postmortem files: YAML front matter between ``---`` lines, then Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import Problem, error

_FENCE = re.compile(r"^(```|~~~)")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True, slots=True)
class Split:
    front: str  # the YAML text between the fences
    front_line: int  # lines before the YAML starts (1: the opening '---')
    body: str
    body_line: int  # 1-based line where the body starts


def split(text: str, path: str) -> tuple[Split | None, list[Problem]]:
    """Separate front matter from body; a missing or unclosed block is an error."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [
            error(
                path,
                "front-matter",
                "the postmortem does not start with front matter",
                "begin the file with a line '---', the YAML fields, and another '---'",
                line=1,
                column=1,
            )
        ]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return Split("\n".join(lines[1:index]) + "\n", 1, "\n".join(lines[index + 1 :]), index + 2), []
    return None, [
        error(
            path,
            "front-matter",
            "the front matter is not closed",
            "end the YAML fields with a line '---'",
            line=1,
            column=1,
        )
    ]


def sections(body: str, body_line: int) -> list[tuple[str, int]]:
    """Level-2 headings and their file line numbers, skipping fenced code."""
    found = []
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            match = _H2.match(line)
            if match:
                found.append((match.group(1), body_line + offset))
    return found
