"""The MkDocs plugin: wires MkDocs events to pirsite's pipeline (the only mkdocs-aware code,
with `mkdocs_commands`).

on_config runs the same check as `pirsite check` and fails the build with the same
messages when a record is invalid, so a site is never built from invalid data;
it then generates every page (pure functions in `pirsite.site`). on_files adds
them as in-memory files (nothing is written into docs/, a hand-written page of
the same name wins); on_page_content sanitizes their HTML. on_page_markdown
flags procedure pages due for review and marks every page of the restricted
build. The charts are drawn in a worker while MkDocs renders the pages and
written over their placeholders in on_post_build, which also adds the record
pages (kept out of the search plugin's index) to the search index as one brief
entry each (`site.search`). on_serve watches records and policy.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import time
from datetime import UTC, datetime
from pathlib import Path
from types import MethodType

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc

from .audience import REPLACE_ENV, default_site_dir, mark, refusal
from .history import read_history
from .output import errors_in_files, text_line
from .pipeline import check
from .policy import Policy
from .problems import ConfigError
from .rules.mentions import without_ids
from .site.drawing import ChartDrawer
from .site.glossary import abbreviations, definitions, tooltip_terms
from .site.pages import (
    AUDIENCES,
    INDEX_ROWS,
    LIST_ITEMS,
    Bounds,
    LateCharts,
    Page,
    allowed_tags,
    generate_pages,
    review_notice,
)
from .site.policy_values import VALUES as POLICY_VALUES
from .site.policy_values import fill as fill_policy_values
from .site.prerender import Prerenderer, Rendered, after_title, digest, settings_of
from .site.sanitize import sanitize
from .site.search import Entry, with_entries
from .site.templates import environment
from .writing import write_atomically

log = logging.getLogger("mkdocs.plugins.pirsite")

ASSETS = Path(__file__).parent / "site" / "assets"
ASSET_URI = "assets/pirsite/"
AUDIENCE_ENV = "PIRSITE_AUDIENCE"  # set by `pirsite build --audience`, or by hand for `mkdocs build`
WORKERS_ENV = "PIRSITE_PAGE_WORKERS"  # "0": MkDocs renders every page itself (`site.prerender`)
AS_OF_ENV = "PIRSITE_AS_OF"  # an RFC 3339 time the site's clocks are computed at (default: now)
REQUIRED_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables")
CHART_PLACEHOLDER = '<svg xmlns="http://www.w3.org/2000/svg"/>\n'  # until on_post_build
RESTRICTED_BANNER = (  # on every page, so kept out of the search index
    '<div data-search-exclude markdown>\n\n!!! danger "Restricted build"\n'
    "    This site includes restricted incidents. Share it only with people cleared for them.\n\n"
    "</div>\n\n"
)
SEARCH_INDEX = "search/search_index.json"  # Material's


class PirsiteConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))  # repository root; default: the folder of mkdocs.yml
    audience = c.Choice(AUDIENCES, default="internal")
    templates = c.Type(str, default="templates")  # overrides of the page templates, in the repository
    review_after_days = c.Type(int, default=365)
    reviewed_pages = c.ListOfItems(c.Type(str), default=["procedures/", "training/"])
    glossary = c.Type(str, default="training/glossary.md")  # its terms become tooltips on other pages
    index_rows = c.Type(int, default=INDEX_ROWS)  # rows an index table holds on its page (`Bounds`)
    list_items = c.Type(int, default=LIST_ITEMS)  # entries a list on the home page or a report names


class PirsitePlugin(BasePlugin[PirsiteConfig]):
    pages: list[Page]
    late: LateCharts  # the charts, still being drawn by `drawer`
    timings: dict[str, float]  # seconds of pirsite's own stages in this build (see `summary`)
    drawer: ChartDrawer | None = None
    prerender: Prerenderer | None = None  # the workers converting the generated pages
    clean: set[str]  # src URIs of the pages whose HTML a worker has sanitized
    failure: str | None = None  # why the build was refused: "records" or "configuration"
    generated: set[str]  # src URIs of the pages generated from records (hand-written ones win)
    search_entries: dict[str, Entry]  # the record pages' entries in the search index, by URL
    policy: Policy
    now: datetime
    root: Path
    audience: str
    hidden_ids: set[str]  # restricted incidents, never named on the internal site
    tooltips: str = ""  # the glossary's terms as Markdown abbreviations (site.glossary)

    @event_priority(100)  # before material/tags reads its allowed tags
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        self.audience = os.environ.get(AUDIENCE_ENV) or self.config.audience
        if self.audience not in AUDIENCES:
            raise PluginError(
                f"{AUDIENCE_ENV}={self.audience!r}: the audience is one of {', '.join(AUDIENCES)}"
            )
        self.now = _as_of()
        _site_dir_for(config, self.root, self.audience)
        self._close_drawer()  # a previous build's, under mkdocs serve
        self.drawer = ChartDrawer()  # its worker imports matplotlib while check runs
        try:
            self.pages, self.late = self._generate(self.drawer)
        except BaseException:
            self._close_drawer()
            raise
        _allow_policy_tags(config, allowed_tags(self.policy))
        for extension in REQUIRED_EXTENSIONS:  # generated pages use them; a bare mkdocs.yml still works
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        self.tooltips = _tooltips(Path(config.docs_dir), self.config.glossary)
        if self.tooltips and "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        for asset in sorted(ASSETS.iterdir()):  # every page gets pirsite's styles and scripts
            if asset.suffix == ".css":
                config.extra_css.append(ASSET_URI + asset.name)
            elif asset.suffix == ".js":
                config.extra_javascript.append(ASSET_URI + asset.name)
        return config

    def _generate(self, drawer: ChartDrawer) -> tuple[list[Page], LateCharts]:
        """Check the records (errors stop the build) and generate every page; the charts
        are still being drawn (collected in on_post_build)."""
        started = time.perf_counter()
        history = read_history(self.root)  # one `git log`, for the pages and the approval checks
        try:
            result = check(self.root, now=self.now, history=history)
            env = environment(self.root / self.config.templates, self.root)
        except ConfigError as exc:
            self.failure = "configuration"
            raise PluginError("\n".join([*map(text_line, exc.problems), exc.message])) from None
        for problem in result.problems:
            if problem.level == "warning":
                log.info(text_line(problem))
        if result.errors:
            self.failure = "records"
            lines = [text_line(p) for p in result.problems if p.level == "error"]
            raise PluginError(f"{errors_in_files(result.problems)}; fix them first:\n" + "\n".join(lines))
        if not history.available:
            log.info("pirsite: no git history (%s); incident pages show none", history.reason)
        self.policy = result.policy
        restricted = {i.id for i in result.incidents if i.restricted}
        self.hidden_ids = restricted if self.audience == "internal" else set()
        checked = time.perf_counter()
        try:
            bounds = Bounds(self.config.index_rows, self.config.list_items)
        except ValueError as exc:
            self.failure = "configuration"
            raise PluginError(f"pirsite: index_rows and list_items: {exc}") from None
        generated = generate_pages(
            result, history, env, now=self.now, audience=self.audience, drawer=drawer, bounds=bounds
        )
        self.timings = {
            "check": checked - started,
            "pages": time.perf_counter() - checked,
            "sanitize": 0.0,
            "charts": 0.0,
        }
        return generated

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir).resolve()
        self.generated = set()
        self.search_entries = {}
        for page in self.pages:
            if files.get_file_from_path(page.uri) is not None:
                log.info(
                    "pirsite: docs/%s is hand-written, so it is kept instead of the generated page", page.uri
                )
                continue
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.uri, content=page.content, inclusion=inclusion)
            file.edit_uri = (
                posixpath.relpath((self.root / page.edit_path).as_posix(), docs_dir.as_posix())
                if page.edit_path
                else None
            )
            files.append(file)
            self.generated.add(file.src_uri)
            if page.search is not None:
                self.search_entries[file.url] = page.search
        for uri in self.late.uris:  # a placeholder now; the chart itself in on_post_build
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=CHART_PLACEHOLDER))
                self.generated.add(uri)
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, ASSET_URI + asset.name, content=asset.read_bytes()))
        return files

    @event_priority(-100)  # once every plugin has set the files up
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Start converting the generated pages in workers, in the order MkDocs reads them."""
        self._close_prerender()
        self.clean = set()
        if os.environ.get(WORKERS_ENV, "").strip() == "0":
            return nav
        notices = RESTRICTED_BANNER if self.audience == "restricted" else ""  # as on_page_markdown
        sources = {page.uri: page.content for page in self.pages if page.uri.endswith(".md")}
        pages = [
            (f.src_uri, sources[f.src_uri], notices)
            for f in files.documentation_pages()
            if f.src_uri in self.generated and f.src_uri in sources
        ]
        self.prerender = Prerenderer.start(settings_of(config, files), pages)
        return nav

    def on_pre_page(self, page: MkPage, *, config: MkDocsConfig, files: Files) -> MkPage:
        if self.prerender is not None and page.file.src_uri in self.generated:
            page.render = MethodType(self._render, page)  # type: ignore[method-assign]
        return page

    def _render(self, page: MkPage, config: MkDocsConfig, files: Files) -> None:
        """``page.render``: the worker's conversion when it is of this very Markdown, else
        MkDocs' own."""
        done = self.prerender.result(page.file.src_uri) if self.prerender else None
        if done is None or page.markdown is None or done.digest != digest(page.markdown):
            MkPage.render(page, config, files)
            return
        _apply(page, done, files)
        self.clean.add(page.file.src_uri)

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        notices = ""
        if self.audience == "restricted":
            notices += RESTRICTED_BANNER
        reviewed = page.file.generated_by is None and page.file.src_uri.startswith(
            tuple(self.config.reviewed_pages)
        )
        if reviewed:
            notices += (
                review_notice(page.meta.get("last_reviewed"), self.now, self.config.review_after_days) or ""
            )
        if page.file.src_uri not in self.generated:  # generated pages are already without them
            markdown = without_ids(markdown, self.hidden_ids)
            markdown, unknown = fill_policy_values(markdown, self.policy)
            if unknown:
                names = ", ".join(f"[[policy {name}]]" for name in unknown)
                raise PluginError(
                    f"docs/{page.file.src_uri}: unknown policy value {names}; a page may name"
                    f" {', '.join(sorted(POLICY_VALUES))}"
                )
            if page.file.src_uri != self.config.glossary and page.meta.get("glossary_tooltips", True):
                markdown += self.tooltips  # a quiz opts out: a tooltip would give its answers away
        return after_title(markdown, notices) if notices else markdown

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        """Record text reaches HTML only through the sanitizer (see `site.sanitize`)."""
        if page.file.src_uri not in self.generated or page.file.src_uri in self.clean:
            return html  # hand-written, or sanitized by the worker that converted it
        started = time.perf_counter()
        clean = sanitize(html)
        self.timings["sanitize"] += time.perf_counter() - started
        return clean

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the charts over their placeholders: drawn by the worker while MkDocs rendered
        the pages, so the build rarely waits for them. Then add the record pages to the search
        index, which the search plugin has just written without them."""
        waiting = time.perf_counter()
        try:
            drawn = self.late.collect()
            self.timings["charts"] = time.perf_counter() - waiting
        finally:
            self._close_drawer()
            self._close_prerender()
        site = Path(config.site_dir)
        for page in drawn:
            if page.uri in self.generated:
                write_atomically(site / page.uri, page.content)
        _add_search_entries(site / SEARCH_INDEX, self.search_entries)
        mark(site, self.audience)

    def summary(self) -> str:
        """What pirsite's own stages took in this build, in words."""
        t = self.timings
        return (
            f"pirsite: records checked in {t['check']:.2f}s, {len(self.pages)} pages generated in "
            f"{t['pages']:.2f}s and sanitized in {t['sanitize']:.2f}s, "
            f"waited {t['charts']:.2f}s for the charts, "
            f"{len(getattr(self, 'clean', ()))} pages converted and sanitized in workers"
        )

    def on_build_error(self, *, error: Exception) -> None:
        self._close_drawer()
        self._close_prerender()

    def on_shutdown(self) -> None:
        self._close_drawer()
        self._close_prerender()

    def _close_prerender(self) -> None:
        if self.prerender is not None:
            self.prerender.close()
            self.prerender = None

    def _close_drawer(self) -> None:
        drawer = getattr(self, "drawer", None)
        if drawer is not None:
            drawer.close()
            self.drawer = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        for folder in ("incidents", "schemas", self.config.templates):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def _site_dir_for(config: MkDocsConfig, root: Path, audience: str) -> None:
    """A plain `mkdocs build` of another audience goes to that audience's own folder instead of
    site/, and never over a site of another audience unless REPLACE_ENV says so."""
    site = Path(config.site_dir).resolve()
    if audience != "internal" and site == default_site_dir(root, "internal").resolve():
        config.site_dir = str(default_site_dir(root, audience))
        log.info("pirsite: the %s site is built into %s", audience, config.site_dir)
    why = refusal(Path(config.site_dir), audience)
    if why and os.environ.get(REPLACE_ENV) != "1":
        raise PluginError(why)


def _add_search_entries(path: Path, entries: dict[str, Entry]) -> None:
    """The search plugin's index with an entry for each record page; nothing to do without
    one (search switched off) or without record pages."""
    if not entries or not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    write_atomically(path, json.dumps(with_entries(index, entries), separators=(",", ":"), default=str))


def _tooltips(docs_dir: Path, page: str) -> str:
    """Abbreviation definitions for the glossary's jargon; none without a glossary page (or
    with one outside the docs folder: a build never reads outside the repository)."""
    glossary = (docs_dir / page).resolve()
    if not glossary.is_relative_to(docs_dir.resolve()):
        return ""
    try:
        text = glossary.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    return abbreviations(tooltip_terms(definitions(text)))


def _as_of() -> datetime:
    raw = os.environ.get(AS_OF_ENV)
    if not raw:
        return datetime.now(UTC)
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise PluginError(f"{AS_OF_ENV}={raw!r} is not a timestamp; use e.g. 2026-11-23T12:00:00Z") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _allow_policy_tags(config: MkDocsConfig, tags: set[str]) -> None:
    """Make Material's tags plugin accept exactly the tags the policy can produce
    (plus any the project allows itself)."""
    plugin = config.plugins.get("material/tags")
    if plugin is None:
        return
    from material.plugins.tags.structure.tag import Tag

    allowed = plugin.config.tags_allowed or set()
    plugin.config.tags_allowed = allowed | {Tag(name) for name in tags}


def _apply(page: MkPage, done: Rendered, files: Files) -> None:
    """Set on ``page`` what `MkPage.render` would have, from a worker's conversion, and log
    the warnings it logged there (a strict build counts them here)."""
    page.content = done.html
    page.toc = get_toc(done.toc)  # type: ignore[arg-type]
    page._title_from_render = done.title
    page.present_anchor_ids = done.anchors
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:  # as MkDocs
        page.links_to_anchors = {
            target: links
            for uri, links in done.links_to_anchors.items()
            if (target := files.get_file_from_path(uri)) is not None
        }
    for name, level, message in done.warnings:
        logging.getLogger(name).log(level, message)
