"""The search index, bounded: a record's page is found by its title and the start of its text.

Material's search plugin indexes every section of every page. An incident page is a few
kilobytes of tables (times, clocks, notifications, timeline), a postmortem longer, so at
10,000 incidents the index would be tens of megabytes for every reader's browser to load,
and parsing those pages for it was a fifth of the build. A record's page (incidents,
postmortems, problems) is therefore kept out of the plugin's index (``search: exclude`` in its
front matter: the plugin does not even read it) and pirsite adds one `Entry` for it once the
plugin has written the index: its title (id and title), its tags and the first `SNIPPET`
characters of its summary as plain text. Hand-written pages, policy, trends and the
known-error database keep their full text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

SNIPPET = 280  # characters of a record's text its entry keeps
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # [text](target): its text
_BLOCK_MARKS = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)|<[^>]*>")  # and tags
_INLINE_MARKS = re.compile(r"[*`~]+|(?<!\w)_+|_+(?!\w)")  # emphasis, code; snake_case stays


@dataclass(frozen=True, slots=True)
class Entry:
    """What the search index holds of a record's page: plain text, escaped when written."""

    title: str
    text: str  # record Markdown (a summary, a postmortem's body, a root cause)
    tags: tuple[str, ...] = ()

    def replace_text(self, change: Any) -> Entry:
        """This entry with ``change`` (str -> str) applied to its title and text."""
        return Entry(change(self.title), change(self.text), self.tags)


def plain(markdown: str) -> str:
    """Record Markdown as one line of plain text: link text kept, markup marks and tags
    dropped (the index shows words, and a record's text never becomes markup there)."""
    text = _INLINE_MARKS.sub("", _BLOCK_MARKS.sub(" ", _LINK.sub(r"\1", markdown)))
    return " ".join(text.split())


def shortened(text: str, limit: int = SNIPPET) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:limit]
    return cut.rstrip() + " …"


def index_entry(location: str, entry: Entry) -> dict[str, Any]:
    """The entry as Material's search index holds a page: its text is HTML, so escaped."""
    found: dict[str, Any] = {
        "location": location,
        "title": html.escape(plain(entry.title), quote=False),
        "text": html.escape(shortened(plain(entry.text)), quote=False),
    }
    if entry.tags:
        found["tags"] = list(entry.tags)
    return found


def with_entries(index: dict[str, Any], entries: dict[str, Entry]) -> dict[str, Any]:
    """``index`` (Material's search_index.json) with an entry for each record page, keyed by
    its location (URL); any entry the plugin made for those pages is replaced."""
    kept = [
        doc for doc in index.get("docs", []) if str(doc.get("location", "")).partition("#")[0] not in entries
    ]
    return {**index, "docs": kept + [index_entry(location, e) for location, e in entries.items()]}
