"""Jinja templates for generated pages: the package's own, overridable per project.

Templates produce Markdown, so record text passes through filters that make it
inert: HTML special characters are escaped (a `<script>` in a title stays text)
and table cells cannot break out of their row.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2

from ..clocks import span
from ..problems import ConfigError, error

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def text(value: object) -> str:
    """Record text made safe for Markdown: HTML special characters escaped."""
    if value is None:
        return ""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown(value: object) -> str:
    """Record Markdown (summaries, postmortem bodies) with raw HTML made inert: every `<`
    is escaped, so no tag or comment survives, while Markdown syntax keeps working.

    Relative links point at files beside the record (evidence/...), which the site does
    not publish: they become the link text plus the path, in words, instead of a dead link.
    """
    if value is None:
        return ""
    text = _LINK.sub(_unlinked, str(value))
    text = _REFERENCE.sub(lambda m: m.group() if _is_url(m.group(2)) else "\\" + m.group().lstrip(), text)
    return text.replace("<", "&lt;")


_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)<?([^\s>]+)>?.*$", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _is_url(target: str) -> bool:
    """Anything with a scheme or a fragment only: the sanitizer judges those."""
    return bool(_SCHEME.match(target)) or target.startswith("#")


def _unlinked(match: re.Match[str]) -> str:
    image, label, target = match.groups()
    if _is_url(target):
        return match.group()
    return f"{label or ('image' if image else 'file')} (`{target}`, in the repository)"


def quoted(value: object) -> str:
    """A YAML (JSON) double-quoted string, for front matter."""
    return json.dumps(str(value), ensure_ascii=False)


def cell(value: object) -> str:
    """Record text made safe for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text(value).split()).replace("|", "\\|")


def when(value: object) -> str:
    """A timestamp in the record's own offset, to the minute: 2026-11-21 15:40 +01:00."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return str(value)
    offset = value.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"{offset[:3]}:{offset[3:]}"
    return f"{value:%Y-%m-%d %H:%M} {zone}"


def day(value: object) -> str:
    """A date or timestamp as a day: 2026-11-21."""
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
        cell=cell,
        markdown=markdown,
        quoted=quoted,
        when=when,
        day=day,
        span=span,
        hours=hours,
        percent=percent,
        number=number,
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
