"""Which audience a built site is for, so one audience's site never silently replaces another's.

Each audience builds into its own default folder (`site/`, `site-restricted/`), and every
build leaves a marker file naming its audience in the site. A build refuses to replace a
site built for another audience unless told so: a restricted build over the internal
site would put restricted incidents where internal readers (and its publishing job) look.
"""

from __future__ import annotations

from pathlib import Path

MARKER = ".pirsite-audience"
REPLACE_ENV = "PIRSITE_REPLACE_OTHER_AUDIENCE"  # =1: for `mkdocs build`, like --replace-other-audience
_RESTRICTED_BANNER_WORDS = "This site includes restricted incidents"  # a site built before markers


def default_site_dir(root: Path, audience: str) -> Path:
    return root / ("site" if audience == "internal" else f"site-{audience}")


def built_for(site: Path) -> str | None:
    """The audience of the site in ``site``; None when it holds no built site."""
    try:
        return (site / MARKER).read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError:
        return None
    index = site / "index.html"
    try:  # a site built by an earlier pirsite: the restricted build says so on every page
        return "restricted" if _RESTRICTED_BANNER_WORDS in index.read_text(encoding="utf-8") else "internal"
    except (OSError, UnicodeDecodeError):
        return None


def refusal(site: Path, audience: str) -> str | None:
    """Why building ``audience`` into ``site`` must not go ahead, or None when it may."""
    found = built_for(site)
    if found is None or found == audience:
        return None
    return (
        f"{site} holds the {found} site; refusing to replace it with the {audience} site. "
        f"Build the {audience} site into its own folder (the default for it), "
        f"or pass --replace-other-audience (for mkdocs: {REPLACE_ENV}=1) if that is what you mean"
    )


def mark(site: Path, audience: str) -> None:
    """Record in ``site`` which audience it was built for."""
    (site / MARKER).write_text(audience + "\n", encoding="utf-8")
