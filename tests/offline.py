"""Find references a browser would fetch from outside the site: scripts, stylesheets,
fonts, images, frames (links a reader may click are not fetched, so they are allowed)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
FETCHED_LINKS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in FETCHED.get(tag, ()):
            for url in re.split(r",\s*", values.get(name, "")):
                if EXTERNAL.match(url):
                    self.found.append(f"<{tag} {name}={url}>")
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & FETCHED_LINKS and EXTERNAL.match(values.get("href", "")):
            self.found.append(f"<link rel={values['rel']} href={values['href']}>")
        style = values.get("style", "")
        self.found += [f"style url({u})" for u in CSS_URL.findall(style) if EXTERNAL.match(u)]


def external_references(site: Path) -> list[str]:
    """Every outside resource any page or stylesheet of ``site`` would load."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            collector = _Collector()
            text = path.read_text(encoding="utf-8")
            collector.feed(text)
            found += [f"{path.relative_to(site)}: {ref}" for ref in collector.found]
            for block in re.findall(r"<style[^>]*>(.*?)</style>", text, re.DOTALL | re.IGNORECASE):
                found += [
                    f"{path.relative_to(site)}: css {u}" for u in CSS_URL.findall(block) if EXTERNAL.match(u)
                ]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [
                f"{path.relative_to(site)}: css {u}" for u in CSS_URL.findall(text) if EXTERNAL.match(u)
            ]
    return found
