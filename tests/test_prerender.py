"""The generated pages converted in worker processes (`site.prerender`, issue 18 point 3):
the site is the very same as MkDocs rendering every page itself, and what MkDocs would warn
about in a page still reaches the build."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from conftest import PROJECT, Repo
from pirsite.mkdocs_plugin import WORKERS_ENV, _apply
from pirsite.site import prerender
from site_fixtures import pirsite_build, program, site_files

CONVERTED = re.compile(r"(\d+) pages converted and sanitized in workers")


def _built(root: Path, site: str, *args: str) -> tuple[dict[str, str], int]:
    done = pirsite_build(root, "--site-dir", str(root / site), *args)
    assert done.returncode == 0, done.stderr[-3000:]
    found = CONVERTED.search(done.stderr)
    assert found, done.stderr[-2000:]
    return site_files(root / site), int(found.group(1))


def test_the_example_site_is_the_same_whether_workers_or_mkdocs_convert_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROJECT, root, ignore=shutil.ignore_patterns("site", ".git", ".venv*", ".pirsite-cache"))
    with_workers, converted = _built(root, "site-workers")
    monkeypatch.setenv(WORKERS_ENV, "0")
    alone, none = _built(root, "site-alone")
    assert none == 0
    incident_pages = [uri for uri in alone if re.match(r"incidents/PIR-[^/]+/index\.html$", uri)]
    assert converted > len(incident_pages) > 50  # the workers did convert the record pages
    assert with_workers.keys() == alone.keys()
    assert [uri for uri in alone if with_workers[uri] != alone[uri]] == []


def test_the_restricted_build_is_the_same_with_workers_banner_and_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    with_workers, converted = _built(tmp_path, "site-workers", "--audience", "restricted")
    assert converted > 0
    assert "Restricted build" in with_workers["incidents/PIR-2026-0002/index.html"]
    monkeypatch.setenv(WORKERS_ENV, "0")
    alone, _ = _built(tmp_path, "site-alone", "--audience", "restricted")
    assert [uri for uri in alone if with_workers.get(uri) != alone[uri]] == []


def _convert_here(pages: list[tuple[str, str, str]], files: list[str]) -> list[prerender.Rendered]:
    """What a worker returns, converted in this process."""
    settings = prerender.Settings(
        extensions=["toc", "tables", "attr_list", "md_in_html"],
        extension_configs={"toc": {"permalink": True}},
        use_directory_urls=True,
        links={
            "not_found": logging.WARNING,
            "absolute_links": logging.INFO,
            "unrecognized_links": logging.INFO,
        },
        files=[(uri, uri.replace(".md", "/index.html"), "UNDEFINED") for uri in files],
        log_level=logging.INFO,
    )
    mkdocs_log = logging.getLogger("mkdocs")
    saved = mkdocs_log.handlers[:], mkdocs_log.level, mkdocs_log.propagate
    try:
        prerender._init(settings)
        return prerender._convert(pages)
    finally:
        mkdocs_log.handlers[:], mkdocs_log.level, mkdocs_log.propagate = saved
        prerender._worker = None


def test_a_worker_rewrites_links_as_mkdocs_does_and_keeps_its_warnings() -> None:
    page = "# Title\n\n## Part\n\n[there](other.md#x) [gone](missing.md) <b onclick=x>bold</b>\n"
    first, second = _convert_here(
        [("incidents/a.md", page, ""), ("incidents/b.md", "# B\n\nplain\n", "!!! note\n    banner\n\n")],
        ["incidents/a.md", "incidents/other.md", "incidents/b.md"],
    )
    assert '<a href="../other/#x">there</a>' in first.html
    assert "onclick" not in first.html  # sanitized
    assert first.title == "Title" and [t["id"] for t in first.toc[0]["children"]] == ["part"]
    assert first.links_to_anchors["incidents/other.md"] == {"x": "other.md#x"}
    assert [(level, "missing.md" in message) for _, level, message in first.warnings] == [
        (logging.WARNING, True)
    ]
    assert first.digest == prerender.digest(page)
    assert second.warnings == []  # one page's warnings are not the next one's
    assert second.digest == prerender.digest(
        prerender.after_title("# B\n\nplain\n", "!!! note\n    banner\n\n")
    )


def test_the_build_logs_a_worker_s_warnings_so_a_strict_build_fails_on_them(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page as MkPage

    (done,) = _convert_here([("a.md", "# A\n\n[gone](missing.md)\n", "")], ["a.md"])
    files = Files([File("a.md", None, "", True)])
    page = MkPage.__new__(MkPage)  # what _apply sets is all this needs
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        _apply(page, done, files)
    assert [r.levelno for r in caplog.records if "missing.md" in r.getMessage()] == [logging.WARNING]
    assert page.content == done.html and page._title_from_render == "A"


def test_no_workers_where_the_settings_cannot_reach_another_process() -> None:
    settings = prerender.Settings(["toc"], {"toc": {"slugify": lambda v, s: v}}, True, {}, [], logging.INFO)
    assert prerender.Prerenderer.start(settings, [("a.md", "# A\n", "")]) is None


def test_a_page_not_sent_to_the_workers_is_rendered_by_mkdocs() -> None:
    settings = prerender.Settings(
        ["toc"], {}, True, {}, [("a.md", "a/index.html", "UNDEFINED")], logging.INFO
    )
    workers = prerender.Prerenderer.start(settings, [("a.md", "# A\n", "")])
    if workers is None:
        pytest.skip("one core: no workers")
    try:
        assert workers.result("b.md") is None
        assert workers.result("a.md") is not None
        assert workers.result("a.md") is None  # handed over once
    finally:
        workers.close()
