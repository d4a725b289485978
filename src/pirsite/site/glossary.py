"""Glossary tooltips: the program's jargon explained where it is used.

The glossary page (a Markdown definition list, `Term { #anchor }` then `:   definition`) is
the one place a term is defined. Other hand-written pages get its terms as abbreviations
(Python-Markdown's `abbr`: `*[near miss]: An event that ...`), so hovering or focusing
"near miss" in a procedure shows the first sentence of its definition. Only jargon becomes a
tooltip: terms of several words and acronyms; one-word terms that are everyday English
("Category", "Clock", "Status") would underline half of every page.
"""

from __future__ import annotations

import re

TERM = re.compile(r"^(?P<term>[^\s:`][^\n{]*?)\s*\{\s*#[\w-]+\s*\}\s*$")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`])")
ACRONYM = re.compile(r"\(([A-Z]{2,})\)$")
MOST = 180  # characters of a tooltip


def definitions(glossary: str) -> dict[str, str]:
    """Every term of the glossary page with the first sentence of its definition, as plain text."""
    found: dict[str, str] = {}
    lines = glossary.splitlines()
    for index, line in enumerate(lines):
        match = TERM.match(line)
        if not match or index + 1 >= len(lines) or not lines[index + 1].startswith(":"):
            continue
        body = [lines[index + 1][1:].strip()]
        for more in lines[index + 2 :]:
            if not more.startswith("    ") or not more.strip():
                break
            body.append(more.strip())
        found[match.group("term").strip()] = _plain(" ".join(body))
    return found


def _plain(text: str) -> str:
    text = LINK.sub(r"\1", text).replace("`", "").replace("*", "")
    first = SENTENCE.split(text, maxsplit=1)[0]
    return first if len(first) <= MOST else first[: MOST - 1].rsplit(" ", 1)[0] + "…"


def tooltip_terms(terms: dict[str, str]) -> dict[str, str]:
    """The words pages are given tooltips for: each several-word term as written and in lower
    case ("Near miss", "near miss"), acronyms, and a term's acronym ("DPO")."""
    chosen: dict[str, str] = {}
    for term, meaning in terms.items():
        acronym = ACRONYM.search(term)
        if acronym:
            chosen[acronym.group(1)] = meaning
            term = term[: acronym.start()].strip()
        if " " in term:
            chosen[term] = meaning
            chosen[term[0].lower() + term[1:]] = meaning
        elif term.isupper() and len(term) > 1:
            chosen[term] = meaning
    return chosen


def abbreviations(terms: dict[str, str]) -> str:
    """The Markdown abbreviation definitions for ``terms``, to append to a page."""
    lines = [f"*[{word}]: {_attribute_safe(meaning)}" for word, meaning in sorted(terms.items())]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def _attribute_safe(text: str) -> str:
    """One line; the title attribute is escaped by Markdown, brackets would end the definition."""
    return " ".join(text.split()).replace("]", ")").replace("[", "(")
