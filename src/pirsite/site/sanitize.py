"""The last line of defence for generated pages: their HTML is sanitized with nh3.

Templates already escape record text (`templates.text`, `markdown`), so no tag a
record holds survives. What escaping cannot stop is Markdown itself: a summary
or postmortem may write `[x](javascript:...)`, and `attr_list` turns
`{ onclick="..." }` into an attribute. So the HTML that Markdown makes of every
generated page passes through an allow-list: the tags and attributes those
pages use, http(s)/mailto/tel and relative links only, no event handlers, no
inline style beyond table alignment, and images only from the site itself (a page
never makes a reader's browser fetch anything from elsewhere: no tracking pixel,
and the site keeps working offline).
"""

from __future__ import annotations

from functools import lru_cache

import nh3

from ..urls import is_external

TAGS = frozenset(nh3.ALLOWED_TAGS)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"},
    "a": {"href", "hreflang", "download"},
    "span": {"data-state", "data-due", "data-started", "data-built"},  # clocks ticking (clocks.js)
    # an index table's facets and data file (table.js); a block kept out of the search index
    "div": {
        "data-facets",
        "data-order-status",
        "data-closed",
        "data-rows",
        "data-total",
        "data-search-exclude",
    },
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "details": {"open"},
    "figure": {"tabindex"},  # a chart's figure scrolls sideways on a phone: reachable by keyboard
    **{h: {"data-search-exclude"} for h in HEADINGS},  # keeps heavy tables out of the search index
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize(html: str) -> str:
    """``html`` with everything that could run script or load from elsewhere removed."""
    return _cleaner().clean(html)


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """One configured cleaner for every page: a third faster than configuring one per call."""
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_same_site,
    )


def _same_site(tag: str, attribute: str, value: str) -> str | None:
    """Drop an image source that is not a path inside the site."""
    if tag == "img" and attribute == "src" and is_external(value):
        return None
    return value
