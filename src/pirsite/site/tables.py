"""The data file beside a long index table: every row, for `assets/table.js` to load.

A page holds the first rows of such a table (`pages.Bounds.rows`), so it stays small
whatever the number of records; the script replaces them with every row of the data file
and the table's filter, facets and sorting then work over all of them. The cells are
data, never markup: text, or ``{"link": id}`` (a link made like the page's own links in
that column), ``{"strong": text}`` or ``{"code": text}``; the script puts them in the page
as text.
"""

from __future__ import annotations

import json
from typing import Any

ROWS_FILE = "rows.json"  # beside the index page, so the script fetches it by a relative URL


def line(value: object) -> str:
    """Record text as one line, as a Markdown table cell shows it."""
    return " ".join(str(value).split()) if value is not None else ""


def link(record_id: str) -> dict[str, str]:
    return {"link": record_id}


def strong(text: str) -> dict[str, str]:
    return {"strong": text}


def code(text: str) -> dict[str, str]:
    return {"code": text}


def rows_json(columns: tuple[str, ...], rows: list[list[Any]]) -> str:
    """A table's data file: its column headings and every row. ``<``, ``>`` and ``&`` are
    written as JSON escapes, so the file holds no markup whatever a record says (read as
    anything but JSON, it is inert; read as JSON, it is the same text)."""
    text = json.dumps({"columns": columns, "rows": rows}, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_INERT) + "\n"


_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
