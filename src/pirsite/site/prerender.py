"""Converting the generated pages' Markdown in worker processes, beside MkDocs.

Python-Markdown is the largest part of a build: MkDocs converts every page in turn in one
process, building a new converter for each (1.7 ms before any text is read). The pages
pirsite generates are known before MkDocs reads any, so a `Prerenderer` converts them in
worker processes (both cores) while MkDocs reads its files and nav, with the site's own
extensions and MkDocs' own link, anchor and title processors, and sanitizes their HTML
there too (`site.sanitize`). The plugin hands MkDocs a page's result instead of rendering
it only when the page's Markdown is still what the worker converted (`Rendered.digest`: no
other plugin changed it); otherwise MkDocs renders the page as usual. The warnings MkDocs'
processors log in a worker (a link to a missing page) are logged again in the build, so a
strict build fails on them as it would without workers.

MkDocs' processors are private classes of `mkdocs.structure.pages` (MkDocs 1.6, the range
pyproject allows); if they cannot be imported, or the settings cannot be sent to a worker,
there are no workers and MkDocs renders every page itself.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from types import SimpleNamespace
from typing import Any

log = logging.getLogger("mkdocs.plugins.pirsite")

BATCH = 40  # pages a worker converts per task: few enough that the first ones arrive soon


@dataclass(frozen=True, slots=True)
class Settings:
    """What a worker needs to convert pages as MkDocs would: the site's Markdown extensions,
    its link validation and every file a page may link to, as (src_uri, dest_uri, inclusion)."""

    extensions: list[Any]
    extension_configs: dict[str, Any]
    use_directory_urls: bool
    links: dict[str, Any]  # config.validation.links: not_found, absolute_links, unrecognized_links
    files: list[tuple[str, str, str]]
    log_level: int


@dataclass(slots=True)
class Rendered:
    """A page converted in a worker: what MkDocs' render would have set on the page."""

    digest: str  # of the Markdown it was converted from
    html: str  # sanitized
    toc: list[dict[str, Any]]
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]]  # target src_uri -> anchor -> link
    warnings: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message)


def digest(markdown: str) -> str:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).hexdigest()


def settings_of(config: Any, files: Iterable[Any]) -> Settings:
    """The worker settings of a MkDocs build (its config, once every plugin has set it up)."""
    links = config.validation.links
    return Settings(
        extensions=list(config.markdown_extensions),
        extension_configs=dict(config.mdx_configs or {}),
        use_directory_urls=bool(config.use_directory_urls),
        links={
            "not_found": links.not_found,
            "absolute_links": links.absolute_links,
            "unrecognized_links": links.unrecognized_links,
        },
        files=[(f.src_uri, f.dest_uri, f.inclusion.name) for f in files],
        log_level=logging.getLogger("mkdocs").getEffectiveLevel(),
    )


class Prerenderer:
    """Converts pages in worker processes; `result` waits for one page's.

    Use `close` when the build ends (the workers stop).
    """

    def __init__(self, settings: Settings, pages: list[tuple[str, str, str]], workers: int) -> None:
        self._pool = ProcessPoolExecutor(
            workers, mp_context=get_context("spawn"), initializer=_init, initargs=(settings,)
        )
        self._waiting: dict[str, tuple[Future[list[Rendered]], int]] = {}
        for start in range(0, len(pages), BATCH):
            batch = pages[start : start + BATCH]
            future = self._pool.submit(_convert, batch)
            for number, (uri, _, _) in enumerate(batch):
                self._waiting[uri] = (future, number)

    @classmethod
    def start(cls, settings: Settings, pages: list[tuple[str, str, str]]) -> Prerenderer | None:
        """Workers converting ``pages`` ((src_uri, source, notices) in the order MkDocs will ask
        for them), or None where none can run: one core, no processes, settings that cannot be
        sent to another process (an extension configured with an object)."""
        workers = min(2, os.cpu_count() or 1)
        if workers < 2 or not pages:
            return None
        try:
            from mkdocs.structure.pages import _RelativePathTreeprocessor  # noqa: F401  (still there)

            pickle.dumps(settings)
            return cls(settings, pages, workers)
        except Exception as exc:
            log.debug("pirsite: MkDocs renders the generated pages itself (no workers: %s)", exc)
            return None

    def result(self, uri: str) -> Rendered | None:
        """The converted page, once its worker is done; None if it was not sent or its worker
        failed (MkDocs then renders it)."""
        found = self._waiting.pop(uri, None)
        if found is None:
            return None
        future, number = found
        try:
            return future.result()[number]
        except Exception as exc:
            log.debug("pirsite: %s rendered in this process (worker failed: %s)", uri, exc)
            return None

    def close(self) -> None:
        self._waiting.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)


_worker: SimpleNamespace | None = None  # a worker's converter and files


class _Captured(logging.Handler):
    """Keeps the records MkDocs' processors log while a page converts."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _init(settings: Settings) -> None:
    """A worker's one converter (reset between pages, as MkDocs' fresh one per page would
    be) and the site's files, for MkDocs' link processor."""
    global _worker
    import markdown
    from mkdocs.structure.files import File, Files, InclusionLevel

    files = Files(
        [
            File(
                uri, None, "", settings.use_directory_urls, dest_uri=dest, inclusion=InclusionLevel[inclusion]
            )
            for uri, dest, inclusion in settings.files
        ]
    )
    captured = _Captured()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.setLevel(settings.log_level)
    mkdocs_log.addHandler(captured)
    mkdocs_log.propagate = False
    config = SimpleNamespace(
        use_directory_urls=settings.use_directory_urls,
        validation=SimpleNamespace(links=SimpleNamespace(**settings.links)),
    )
    md = markdown.Markdown(extensions=settings.extensions, extension_configs=settings.extension_configs)
    _worker = SimpleNamespace(md=md, files=files, config=config, captured=captured)


def after_title(markdown: str, insert: str) -> str:
    """``insert`` placed right after the page's first `# ` heading (or on top without one)."""
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "".join([*lines[: index + 1], "\n", insert, *lines[index + 1 :]])
    return insert + markdown


def _convert(batch: list[tuple[str, str, str]]) -> list[Rendered]:
    return [_convert_one(uri, source, notices) for uri, source, notices in batch]


def _convert_one(uri: str, source: str, notices: str) -> Rendered:
    """What MkDocs computes for a page from its ``source`` (front matter and Markdown, with
    the plugin's ``notices`` after its title, as on_page_markdown adds them) in
    `mkdocs.structure.pages.Page.render`, then sanitized."""
    from mkdocs.structure.pages import (
        _ExtractAnchorsTreeprocessor,
        _ExtractTitleTreeprocessor,
        _RawHTMLPreprocessor,
        _RelativePathTreeprocessor,
    )
    from mkdocs.utils.meta import get_data

    from .sanitize import sanitize

    assert _worker is not None
    md, files, config = _worker.md, _worker.files, _worker.config
    text, _ = get_data(source)
    if notices:
        text = after_title(text, notices)
    file = files.get_file_from_path(uri)
    md.reset()
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(file, files, config)
    anchors._register(md)
    relative = _RelativePathTreeprocessor(file, files, config)
    relative._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    _worker.captured.records = []
    html = md.convert(text)
    return Rendered(
        digest=digest(text),
        html=sanitize(html),
        toc=list(getattr(md, "toc_tokens", [])),
        title=title.title,
        anchors=anchors.present_anchor_ids | raw_html.present_anchor_ids,
        links_to_anchors={target.src_uri: dict(links) for target, links in relative.links_to_anchors.items()},
        warnings=_worker.captured.records,
    )
