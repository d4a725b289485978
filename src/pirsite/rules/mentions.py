"""Restricted incidents are never named in what the internal site publishes.

Structural references to a restricted incident (`related:`, `duplicate_of:`) are hidden
by the site, but an id written in free text (another record's summary or root cause,
a postmortem body, an approval note, a procedure page) would be published as it is,
and with it the sentence around it. So every such mention is an error, at its line:
after reclassifying an incident as restricted, `check` lists every place to reword.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..frontmatter import split
from ..problems import Problem, error
from ..sources import read_text
from ..yamlsafe import Locator

INCIDENT_ID = re.compile(r"\b[A-Z]+-\d{4}-\d{4}\b")
STRUCTURAL = frozenset({"related", "duplicate_of"})  # references the site hides itself
HINT = (
    "reword it without the id, e.g. 'an earlier restricted incident', or list the incident "
    "under `related:`, which the internal site hides"
)


_NUMBERS = re.compile(r"-\d{4}-\d{4}\b")  # an id's tail: rare, so the engine skips ahead fast
_WORD = re.compile(r"\w")


def mentioned_ids(text: str) -> set[str]:
    """Every incident id written in ``text``: what `INCIDENT_ID.findall` finds, a tenth of the
    cost (an expression starting at every capital letter is slow over a whole text; this one
    finds the numbers, then reads the capitals before them). Positions are found later, only
    in the rare files that name a restricted incident."""
    found: set[str] = set()
    if "-" not in text:
        return found
    for match in _NUMBERS.finditer(text):
        end = begin = match.start()
        while begin and "A" <= text[begin - 1] <= "Z":
            begin -= 1
        if begin < end and not (begin and _WORD.match(text, begin - 1)):
            found.add(text[begin : match.end()])
    return found


def restricted_mentions(
    root: Path,
    mentions: Mapping[str, set[str]],
    owners: Mapping[str, str],
    restricted: set[str],
) -> list[Problem]:
    """Problems for each free-text mention of a ``restricted`` id in a file the internal site
    publishes: ``mentions`` maps files to the ids they name, ``owners`` a record file to the
    incident it belongs to (a restricted incident's own files are not internal)."""
    if not restricted:
        return []
    problems = []
    for rel, ids in sorted(mentions.items()):
        named = (ids & restricted) - {owners.get(rel)}
        if named and owners.get(rel) not in restricted:
            problems += _mentions(root, rel, named)
    return problems


def _mentions(root: Path, rel: str, named: set[str]) -> Iterable[Problem]:
    text, _ = read_text(root, root / rel, rel)
    if text is None:
        return
    locator, body_line = _locator(text, rel)
    for number, line in enumerate(text.split("\n"), start=1):
        for match in INCIDENT_ID.finditer(line):
            if match.group() not in named:
                continue
            yaml = locator is not None and number < body_line
            field = locator.field_at(number, match.start() + 1) if yaml else ()
            if field and field[0] in STRUCTURAL:
                continue
            yield error(
                rel,
                "restricted-mention",
                f"names the restricted incident {match.group()} in text the internal site publishes",
                HINT,
                field=field,
                line=number,
                column=match.start() + 1,
                cross_record=True,
            )


def _locator(text: str, rel: str) -> tuple[Locator | None, int]:
    """The locator of a file's YAML, and the first line that is not YAML (a Markdown body)."""
    if rel.endswith((".yaml", ".yml")):
        return Locator(text), text.count("\n") + 2
    parts, _ = split(text, rel) if text.startswith("---") else (None, [])
    return (Locator(parts.front, parts.front_line), parts.body_line) if parts else (None, 0)


PLACEHOLDER = "(a restricted incident)"


def without_ids(text: str, restricted: set[str]) -> str:
    """``text`` with every restricted id replaced: the internal build's last line of defence
    behind the check (hand-written pages, template overrides, anything the check missed)."""
    if not restricted or "-" not in text:
        return text
    return INCIDENT_ID.sub(lambda m: PLACEHOLDER if m.group() in restricted else m.group(), text)
