"""Jinja templates for generated pages: the package's own, overridable per project.

Templates produce Markdown, so record text passes through filters that make it
inert: HTML special characters are escaped (a `<script>` in a title stays text)
and table cells cannot break out of their row.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jinja2

from ..moments import Moment
from ..obligations.clocks import span
from ..problems import ConfigError, error

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def text(value: object) -> str:
    """Record text that is meant as plain text, made inert for Markdown: one line, and every
    character that could start Markdown or HTML syntax (links, images, emphasis, attribute
    lists, tables, HTML, entities, and what common extensions add) written as an HTML entity,
    so the reader sees exactly what the record says and nothing loads or restyles. A leading
    `-`, `1.` or `1)` is written the same way, in case a template puts the text at a line start."""
    if value is None:
        return ""
    plain = " ".join(str(value).split()).translate(_PLAIN)
    return _LEADING.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", plain, count=1)


# The entity is the character itself to a browser, and no Markdown parser reads syntax in it.
# ( ) . - are left alone (no [ or ! precedes them): only a list marker at the start matters.
_PLAIN = str.maketrans(
    {c: f"&#{ord(c)};" for c in "\\`*_{}[]#+!|~^=:$@"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_LEADING = re.compile(r"^(\d*)([-.)])")


def html_text(value: object) -> str:
    """Text for places HTML reads but Markdown does not (front matter titles): &, < and > escaped."""
    if value is None:
        return ""
    return " ".join(str(value).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown(value: object) -> str:
    """Record Markdown (summaries, postmortem bodies) made safe to publish, Markdown syntax kept.

    - Raw HTML is inert: every `<` is escaped, so no tag or comment survives.
    - Nothing loads from outside the site: an image written in record text is never an image
      (`![..](..)` becomes `!` and a link), and attribute lists (`{: .admonition }`,
      `{ width=1 }`) are escaped, so record text cannot restyle a page or size a pixel.
    - Relative links point at files beside the record (evidence/...), which the site does
      not publish: they become the link text plus the path, in words, instead of a dead link.

    Code spans and fenced code blocks are left as they are (they show text verbatim).
    """
    if value is None:
        return ""
    text = _LINK.sub(_unlinked, str(value))
    text = _REFERENCE.sub(_reference, text)
    return _outside_code(text, _inert).replace("<", "&lt;")


_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)<?([^\s>]+)>?.*$", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_ACTIVE = re.compile(r"(?<!\\)(!\[|\{)")


def _inert(prose: str) -> str:
    """Images and attribute lists in prose escaped: `\\![` and `\\{` render as `![` and `{`."""
    return _ACTIVE.sub(lambda m: "\\" + m.group(), prose)


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to everything but fenced code blocks and code spans."""
    out: list[str] = []
    prose: list[str] = []
    fence = ""
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            out.append(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            out.append(_spans(change, "\n".join(prose)) if prose else None)
            prose = []
            fence = opening.group(1)
            out.append(line)
        else:
            prose.append(line)
    if prose:
        out.append(_spans(change, "\n".join(prose)))
    return "\n".join(part for part in out if part is not None)


def _spans(change: Callable[[str], str], prose: str) -> str:
    """``change`` applied between the code spans of ``prose``."""
    if "`" not in prose:
        return change(prose)
    parts, last = [], 0
    for code in _CODE_SPAN.finditer(prose):
        parts += [change(prose[last : code.start()]), code.group()]
        last = code.end()
    return "".join([*parts, change(prose[last:])])


def _is_url(target: str) -> bool:
    """Anything with a scheme or a fragment only: the sanitizer judges those."""
    return bool(_SCHEME.match(target)) or target.startswith("#")


def _reference(match: re.Match[str]) -> str:
    """A reference definition to a URL, without angle brackets (every `<` is escaped later);
    one to a file becomes text, like a relative link."""
    if _is_url(match.group(2)):
        return match.group(1) + match.group(2) if "<" in match.group() else match.group()
    return "\\" + match.group().lstrip()


def _unlinked(match: re.Match[str]) -> str:
    image, label, target = match.groups()
    if _is_url(target):  # angle brackets dropped: every `<` is escaped later
        return f"{image}[{label}]({target})" if "<" in match.group() else match.group()
    return f"{label or ('image' if image else 'file')} (`{target}`, in the repository)"


def quoted(value: object) -> str:
    """A YAML (JSON) double-quoted string, for front matter."""
    return json.dumps(str(value), ensure_ascii=False)


def cell(value: object) -> str:
    """Record text made safe for one Markdown table cell (`text` is one line, pipes inert)."""
    return text(value)


def when(value: object) -> str:
    """A timestamp in the record's own offset, to the minute: 2026-11-21 15:40 +01:00; a
    partial time as precise as it is (2014-06), never padded."""
    if value is None:
        return ""
    if isinstance(value, Moment):
        return value.text()
    if not isinstance(value, datetime):
        return str(value)
    offset = value.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"{offset[:3]}:{offset[3:]}"
    return f"{value:%Y-%m-%d %H:%M} {zone}"


def utc(value: object) -> str:
    """A timestamp in UTC, to the minute, beside one shown in its own zone: 2026-11-21 14:40 UTC."""
    if not isinstance(value, datetime) or isinstance(value, Moment):
        return ""
    return when(value.astimezone(UTC))


def iso(value: object) -> str:
    """An exact time in UTC, RFC 3339, for scripts to compute with (a clock ticking in the page)."""
    if not isinstance(value, datetime) or isinstance(value, Moment):
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(value: object) -> str:
    """A date or timestamp as a day: 2026-11-21 (a month or a year stays one)."""
    if isinstance(value, Moment):
        return value.text()
    if isinstance(value, datetime | date):
        return f"{value:%Y-%m-%d}"
    return "" if value is None else str(value)


def hours(value: float | None) -> str:
    """A duration in hours, readable: 45m, 5.2h, 3.1d."""
    if value is None:
        return "–"
    if abs(value) < 1:
        return f"{value * 60:.0f}m"
    if abs(value) < 48:
        return f"{value:.1f}h"
    return f"{value / 24:.1f}d"


def percent(value: float | None) -> str:
    """A share (0..1) as a whole percentage; "–" when there was nothing to measure."""
    return "–" if value is None else f"{value * 100:.0f}%"


def number(value: float | None, unit: str = "count") -> str:
    """A KPI value in its unit: count, hours, days or share."""
    if value is None:
        return "–"
    if unit == "hours":
        return hours(value)
    if unit == "share":
        return percent(value)
    if unit == "days":
        return f"{value:.1f}d"
    return f"{value:g}"


SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


def spark(values: Iterable[float | None]) -> str:
    """A sparkline in text (``▁▃█``): legible offline, in print and to a screen reader (with
    the values beside it); a period with nothing to measure is a middle dot."""
    values = list(values)
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    steps = len(SPARK_BLOCKS) - 1
    return "".join(
        "·"
        if v is None
        else SPARK_BLOCKS[round((v - low) / (high - low) * steps) if high > low else steps // 2]
        for v in values
    )


def environment(override_dir: Path | None, root: Path) -> jinja2.Environment:
    """Templates from ``override_dir`` first (a project's own), then the package's.

    The override folder must lie inside the repository: templates are code of a sort,
    and a build never reads outside the repository.
    """
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        resolved = override_dir.resolve()
        if not resolved.is_relative_to(root.resolve()):
            raise ConfigError(
                "template folder outside the repository",
                [
                    error(
                        str(override_dir),
                        "path-outside",
                        "the template override folder resolves outside the repository",
                        "keep overrides in a folder of the repository, e.g. templates/",
                    )
                ],
            )
        if resolved.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(resolved), followlinks=False))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # the output is Markdown; escaping is the filters' job
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        text=text,
        html_text=html_text,
        cell=cell,
        markdown=markdown,
        quoted=quoted,
        when=when,
        utc=utc,
        iso=iso,
        day=day,
        span=span,
        hours=hours,
        percent=percent,
        number=number,
        spark=spark,
    )
    env.globals.update(zip=zip)
    return env


def renderer(env: jinja2.Environment, shared: Mapping[str, Any]) -> Callable[..., str]:
    """A function rendering ``template`` for the page at ``uri``, with ``rel()`` for links."""

    def render(template: str, uri: str, **context: Any) -> str:
        base = posixpath.dirname(uri) or "."

        def rel(target: str) -> str:
            return posixpath.relpath(target, base)

        return env.get_template(template).render(**shared, **context, rel=rel, uri=uri)

    return render
