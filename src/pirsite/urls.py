"""How a browser reads a link or image target: its scheme, and whether it leaves the site.

Shared by the link rule (which judges record text) and the sanitizer (which judges the
HTML of generated pages), so the two can never disagree about what is external.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def scheme(target: str) -> str | None:
    """The URL scheme of ``target``, lower case, as a browser reads it; None for a path.

    Entities, backslash escapes and percent-encoding are decoded and whitespace and
    control characters dropped first, so no spelling of ``javascript:`` slips through."""
    match = _SCHEME.match(_normal(target))
    return match.group(1) if match else None


def is_external(target: str) -> bool:
    """Whether fetching ``target`` would leave the site: any scheme (https:, data:...), a
    protocol-relative ``//host`` or a backslash spelling of it (browsers read ``\\`` as ``/``)."""
    raw = _INVISIBLE.sub("", unquote(html.unescape(target))).lower()
    for normal in (raw.replace("\\", "/"), _normal(target).replace("\\", "/")):
        if normal.startswith("//") or _SCHEME.match(normal):
            return True
    return False


def _normal(target: str) -> str:
    return _INVISIBLE.sub("", unquote(_ESCAPED.sub(r"\1", html.unescape(target)))).lower()
