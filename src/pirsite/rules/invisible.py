"""Titles and ids hold no invisible control characters.

A right-to-left override makes a title read differently from what it says (and
reorders every line it is copied into), and a zero-width character makes two ids
or titles look identical while they differ. Titles and ids are short, shown on
many pages and searched for, so they must say what they show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from ..problems import FieldPath, Problem, error

# Bidirectional embeddings, overrides, isolates and marks; zero-width and invisible characters.
HIDDEN = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def hidden_controls(path: str, values: Iterable[tuple[FieldPath, str | None]]) -> Iterator[Problem]:
    """An error for each of ``values`` (field, text) that holds an invisible control character."""
    for field, value in values:
        found = HIDDEN.search(value or "")
        if found:
            char = found.group()
            yield error(
                path,
                "hidden-character",
                f"holds the invisible character U+{ord(char):04X} ({unicodedata.name(char, 'control')}) "
                f"at position {found.start() + 1}",
                "delete it (retype the text if you cannot see where it is): titles and ids must "
                "read exactly as they are written",
                field=field,
            )
