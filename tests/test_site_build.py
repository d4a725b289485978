"""`pirsite build`: a real MkDocs build of a small program, what it publishes and what it never does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import BASE, PROJECT, RECORD_PATH, Repo
from offline import external_references
from site_fixtures import MARK, pirsite_build, program, site_files

RESTRICTED_ID = "PIR-2026-0003"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small program, built once for the internal and once for the restricted audience."""
    root = tmp_path_factory.mktemp("program")
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    program(Repo(root))
    for args in ((), ("--audience", "restricted")):
        result = pirsite_build(root, *args)
        assert result.returncode == 0, result.stderr
    return root


def test_build_says_where_the_site_is(tmp_path: Path) -> None:
    program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    result = pirsite_build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Site built: {tmp_path / 'site' / 'index.html'}" in result.stdout


def modes(folder: Path) -> dict[int, list[str]]:
    """The permission bits of ``folder`` and everything in it, with the paths that have them."""
    found: dict[int, list[str]] = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        found.setdefault(path.stat().st_mode & 0o7777, []).append(path.relative_to(folder).as_posix())
    return found


def test_the_site_is_readable_by_others_under_umask_022(built: Path) -> None:
    """A web server running as another user, or an rsync -a copy, can read every file."""
    site = modes(built / "site")
    folders = [p for p in (built / "site").rglob("*") if p.is_dir()]
    assert sorted(site) == [0o644, 0o755]
    assert len(site[0o755]) == len(folders) + 1  # the site folder itself too
    assert "trends/charts/incidents-per-month.svg" in site[0o644]  # written over its placeholder


def test_the_site_follows_a_stricter_umask_and_a_rebuild_keeps_the_folder_mode(tmp_path: Path) -> None:
    program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    assert pirsite_build(tmp_path, umask=0o027).returncode == 0
    assert sorted(modes(tmp_path / "site")) == [0o640, 0o750]
    (tmp_path / "site").chmod(0o755)
    assert pirsite_build(tmp_path, umask=0o027).returncode == 0
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o755


def test_internal_site_never_contains_restricted_details(built: Path) -> None:
    files = site_files(built / "site")
    assert "search/search_index.json" in files and "sitemap.xml" in files
    leaks = {
        name: marker
        for name, text in files.items()
        for marker in (MARK, RESTRICTED_ID, "PRB-917")
        if marker in text
    }
    assert leaks == {}


def test_internal_site_counts_restricted_incidents(built: Path) -> None:
    home = (built / "site/index.html").read_text(encoding="utf-8")
    assert "<strong>3</strong> incidents on record" in home
    index = (built / "site/incidents/index.html").read_text(encoding="utf-8")
    assert "2 incidents, plus 1 restricted (counted in metrics, not listed)" in index


def test_restricted_build_shows_everything_with_a_banner_on_every_page(built: Path) -> None:
    site = built / "site-restricted"
    page = (site / f"incidents/{RESTRICTED_ID}/index.html").read_text(encoding="utf-8")
    for marker in (
        "title",
        "summary",
        "timeline",
        "comms",
        "action",
        "rootcause",
        "ref",
        "reporter",
        "detection",
    ):
        assert f"{MARK}{marker}" in page, marker
    assert f"{MARK}postmortem body" in (site / f"postmortems/{RESTRICTED_ID}/index.html").read_text(
        encoding="utf-8"
    )
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 10
    assert [p for p in pages if "Restricted build" not in p.read_text(encoding="utf-8")] == []


def test_no_page_loads_anything_from_outside_the_site(built: Path) -> None:
    assert external_references(built / "site") == []
    assert external_references(built / "site-restricted") == []


def test_incident_pages_stay_out_of_the_navigation_but_indexes_link_them(built: Path) -> None:
    home = (built / "site/index.html").read_text(encoding="utf-8")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "PIR-2026-0001" not in nav
    index = (built / "site/incidents/index.html").read_text(encoding="utf-8")
    assert 'href="PIR-2026-0001/"' in index and 'href="PIR-2026-0002/"' in index


def test_search_index_has_incident_titles_but_not_the_heavy_tables(built: Path) -> None:
    index = json.loads((built / "site/search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    titles = " ".join(doc["title"] for doc in index["docs"])
    assert "Invoice emailed to the wrong customer" in titles
    assert "incidents/PIR-2026-0002/" in locations
    assert not any(loc.startswith("incidents/PIR-2026-0002/#timeline") for loc in locations)
    assert "incidents/" not in locations  # the all-incidents table is excluded: it repeats every title


def test_stale_procedure_is_flagged_and_a_current_one_is_not(built: Path) -> None:
    stale = (built / "site/procedures/old-triage/index.html").read_text(encoding="utf-8")
    fresh = (built / "site/procedures/triage/index.html").read_text(encoding="utf-8")
    assert "Review overdue" in stale and "Last reviewed on 2024-01-15" in stale
    assert "Review overdue" not in fresh


def test_nothing_is_written_into_docs(built: Path) -> None:
    written = sorted(
        p.relative_to(built / "docs").as_posix() for p in (built / "docs").rglob("*") if p.is_file()
    )
    assert written == ["procedures/old-triage.md", "procedures/triage.md"]


def test_a_hand_written_page_wins_over_a_generated_one(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    repo.write("docs/tags.md", "# Our own tags page\n\nWritten by hand.\n")
    assert pirsite_build(tmp_path).returncode == 0
    assert "Written by hand." in (tmp_path / "site/tags/index.html").read_text(encoding="utf-8")


def test_edit_button_opens_the_yaml_record(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    repo.write(
        "mkdocs.yml",
        config.replace("  font: false\n", "  font: false\n  features: [content.action.edit]\n")
        + "repo_url: https://git.example.com/ir/records\nedit_uri: -/edit/main/docs/\n",
    )
    assert pirsite_build(tmp_path).returncode == 0
    page = (tmp_path / "site/incidents/PIR-2026-0001/index.html").read_text(encoding="utf-8")
    assert f'href="https://git.example.com/ir/records/-/edit/main/{RECORD_PATH}"' in page


def test_record_text_cannot_inject_html(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    repo.record(
        BASE.replace(
            "title: Search latency spike in the EU region", 'title: "<script>alert(1)</script> spike"'
        ).replace("summary: Search requests", "summary: <img src=x onerror=alert(2)> Search requests")
    )
    assert pirsite_build(tmp_path).returncode == 0
    for name, text in site_files(tmp_path / "site").items():
        if name.startswith("exports/"):  # data for BI tools (.json, .csv): the text as recorded, never HTML
            continue
        assert "<script>alert" not in text, name
        assert "<img src=x" not in text, name
    exported = (tmp_path / "site/exports/incidents.json").read_text(encoding="utf-8")
    assert '"<script>alert(1)</script> spike"' in exported  # kept verbatim: escaping is the reader's job
    page = (tmp_path / "site/incidents/PIR-2026-0001/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; spike" in page


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    assert pirsite_build(tmp_path).returncode == 0
    before = site_files(tmp_path / "site")
    repo.record(BASE.replace("priority: p3", "priority: p1"))
    result = pirsite_build(tmp_path)
    assert result.returncode == 1
    assert f"{RECORD_PATH}:13:1: error priority priority:" in result.stderr
    assert "build failed, nothing was published" in result.stderr
    assert site_files(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    repo.write("notes/keep.txt", "my notes")
    result = pirsite_build(tmp_path, "--site-dir", str(tmp_path / "notes"))
    assert result.returncode == 2  # a usage error: the folder given is not a site
    assert "holds no built site (no index.html); refusing to replace it" in result.stderr
    assert (tmp_path / "notes/keep.txt").read_text() == "my notes"


def test_tags_come_from_the_policy_and_list_the_incidents(built: Path) -> None:
    tags = (built / "site/tags/index.html").read_text(encoding="utf-8")
    for tag in ("sev3", "privacy", "availability", "misdirected-disclosure", "performance-degradation"):
        assert f'id="tag:{tag}"' in tags, tag
    assert f"{MARK}-tag" not in tags  # a record's free tags are not Material tags


def test_a_tag_outside_the_policy_fails_the_build(tmp_path: Path) -> None:
    repo = program(Repo(tmp_path))
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    repo.write("docs/notes.md", "---\ntags: [made-up-tag]\n---\n\n# Notes\n")
    result = pirsite_build(tmp_path)
    assert result.returncode == 1
    assert "Tags not in allow list: made-up-tag" in result.stderr
