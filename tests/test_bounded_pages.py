"""Bounded pages (issue 18, point 4): no page grows with the number of incidents, and the
search index keeps a record page's title and summary, not its body.

The bounds are made small here (`Bounds`, and `index_rows` / `list_items` in mkdocs.yml) so
that a few dozen incidents show what 10,000 would; benchmarks/page_sizes.py measures the
real sizes."""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import PROJECT, Repo
from pirsite.history import History
from pirsite.pipeline import check
from pirsite.site.pages import Bounds, generate, group_uri
from pirsite.site.search import SNIPPET, Entry, plain, shortened, with_entries
from pirsite.site.templates import environment
from site_fixtures import MARK, MKDOCS_YML, SITE_AS_OF, program

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from realistic import make_realistic_repo  # the example program, cloned with renumbered ids

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NO_HISTORY = History({}, False, "not a git repository")
SMALL = Bounds(rows=10, items=3)
ID = re.compile(r"\bPIR-\d{4}-\d{4}\b")
RECORD_PAGE = re.compile(r"^(incidents|postmortems|problems)/(PIR|PRB)-[^/]*\.md$")
ROW = re.compile(r"^\| \[PIR-\d{4}-\d{4}\]\(", re.MULTILINE)  # an incident table's row


def pages_of(root: Path, bounds: Bounds = SMALL, audience: str = "internal") -> dict[str, str]:
    result = check(root, now=NOW, use_cache=False, git_history=False)
    assert result.errors == 0, [p for p in result.problems if p.level == "error"]
    pages = generate(result, NO_HISTORY, environment(None, root), now=NOW, audience=audience, bounds=bounds)
    return {p.uri: p.content for p in pages}


@pytest.fixture(scope="module")
def example() -> dict[str, str]:
    """The example program's pages (65 incidents) with small bounds."""
    return pages_of(PROJECT)


@pytest.fixture(scope="module")
def example_shown() -> list[str]:
    result = check(PROJECT, now=NOW, use_cache=False, git_history=False)
    return sorted(i.id for i in result.incidents if not i.restricted)


def _kind(uri: str) -> str:
    """Pages of one kind share a name: a group's pages, the known-error pages."""
    uri = re.sub(r"^(incidents/by-[a-z-]+)/[^/]+/(index|page-\d+)\.md$", r"\1/*", uri)
    return re.sub(r"^problems/known-errors(\.md|/page-\d+\.md)$", "problems/known-errors/*", uri)


def _largest_by_kind(pages: dict[str, str]) -> dict[str, int]:
    largest: dict[str, int] = {}
    for uri, content in pages.items():
        if uri.endswith(".md") and not RECORD_PAGE.match(uri):
            largest[_kind(uri)] = max(largest.get(_kind(uri), 0), len(content))
    return largest


def test_no_page_grows_with_the_number_of_incidents(tmp_path: Path) -> None:
    """The example program and five times as many incidents: every page but a record's own is
    as large as the largest of its kind before (give or take its figures), the pages of a
    group's incidents more in number, not longer. (Without the bounds the all-incidents page
    grows from 12 to 55 KB here, a report from 17 to 34 KB.)"""
    sizes = {}
    for count in (65, 325):
        make_realistic_repo(tmp_path / str(count), count, git=False)
        sizes[count] = _largest_by_kind(pages_of(tmp_path / str(count)))
    grown = {
        kind: (sizes[65].get(kind), size)
        for kind, size in sizes[325].items()
        if size > 1.25 * sizes[65].get(kind, 0) + 2500
    }
    assert grown == {}


def test_the_all_incidents_page_holds_its_newest_rows_and_the_data_file_every_row(
    example: dict[str, str], example_shown: list[str]
) -> None:
    page = example["incidents/index.md"]
    rows = [line for line in page.splitlines() if ROW.match(line)]
    assert len(rows) == SMALL.rows
    assert f'data-rows="rows.json" data-total="{len(example_shown)}"' in page
    assert f"This page lists the newest {SMALL.rows} of the {len(example_shown)} incidents" in page
    assert "exports/incidents.csv" in page  # the download stays
    data = json.loads(example["incidents/rows.json"])
    assert data["columns"][:3] == ["Incident", "Title", "Status"]
    assert sorted(row[0]["link"] for row in data["rows"]) == example_shown  # no restricted one
    assert [row[0]["link"] for row in data["rows"][: SMALL.rows]] == [ID.search(r).group() for r in rows]
    assert all(isinstance(cell, str) for row in data["rows"] for cell in row[1:])  # text, never markup


def test_group_indexes_summarise_and_each_group_s_incidents_go_on_pages_of_their_own(
    example: dict[str, str],
) -> None:
    summary = example["incidents/by-severity.md"]
    assert "| Severity | Incidents | Open | Latest |" in summary
    assert ROW.findall(summary) == []  # no incident table: one row a group
    listed: list[str] = []
    for severity in ("sev1", "sev2", "sev3", "sev4"):
        assert f"](by-severity/{severity}/index.md)" in summary
        more = [u for u in example if u.startswith(f"incidents/by-severity/{severity}/page-")]
        uris = [group_uri("severity", severity), *sorted(more, key=lambda u: int(re.findall(r"\d+", u)[-1]))]
        for number, uri in enumerate(uris, 1):
            rows = [line for line in example[uri].splitlines() if ROW.match(line)]
            assert 0 < len(rows) <= SMALL.rows
            listed += [ID.search(row).group() for row in rows]
            if len(uris) > 1:  # every page links the others
                assert f"**{number}**" in example[uri]
    assert len(set(listed)) == len(listed) > 3 * SMALL.rows  # each incident on one page of its severity
    assert any("/page-2.md" in u for u in example if u.startswith("incidents/by-severity/"))


def test_home_reports_and_trends_name_a_few_and_say_how_many_more(example: dict[str, str]) -> None:
    home = example["index.md"]
    open_section = home.split("## Open incidents", 1)[1].split("## Clocks running", 1)[0]
    assert len(ROW.findall(open_section)) == SMALL.items
    assert re.search(r"\*\d+ more open incidents not listed here: the \[all-incidents table\]", open_section)
    clocks = home.split("## Clocks running", 1)[1].split("## Latest postmortems", 1)[0]
    assert len(re.findall(r"^\| \[PIR-", clocks, re.MULTILINE)) <= SMALL.items
    reports = [uri for uri in example if re.match(r"reports/\d{4}-Q\d\.md$", uri)]
    assert reports
    for uri in reports:
        sections = example[uri].split("\n## ")[1:]
        for section in sections:
            table = [line for line in section.splitlines() if re.match(r"^\| \[?PIR-", line)]
            assert len(table) <= SMALL.items, (uri, section[:40])  # overdue actions: all owners together
    assert any("lists every one" in example[uri] for uri in reports)  # `pirsite report` has them all


def test_the_postmortem_problem_and_change_indexes_and_known_errors_are_bounded(tmp_path: Path) -> None:
    make_realistic_repo(tmp_path, 130, git=False)
    pages = pages_of(tmp_path, Bounds(rows=3, items=2))
    for uri, data in (
        ("postmortems/index.md", "postmortems/rows.json"),
        ("problems/index.md", "problems/rows.json"),
        ("changes/index.md", "changes/rows.json"),
    ):
        table = pages[uri].split("## Emergency changes")[0]
        rows = re.findall(r"^\| (?:\[(?:PIR|PRB)-|`)", table, re.MULTILINE)
        assert len(rows) == 3, uri
        total = len(json.loads(pages[data])["rows"])
        assert total > 3 and f'data-rows="rows.json" data-total="{total}"' in pages[uri], uri
    problems = json.loads(pages["problems/rows.json"])["rows"]
    assert all(row[0] == {"link": row[0]["link"]} and row[0]["link"].startswith("PRB-") for row in problems)
    known = [u for u in pages if _kind(u) == "problems/known-errors/*"]
    assert len(known) > 1
    assert all(pages[u].count("\n## PRB-") <= 2 and "**Workaround.**" in pages[u] for u in known)


def test_the_tags_page_counts_the_tags_and_links_their_pages(example: dict[str, str]) -> None:
    tags = example["tags.md"]
    assert "<!-- material/tags -->" not in tags  # no listing of every page under every tag
    assert ID.findall(tags) == []
    assert '<span id="tag:sev1">`sev1`</span> | severity |' in tags
    assert "](incidents/by-severity/sev1/index.md)" in tags
    assert "](incidents/index.md?domains=privacy)" in tags


def test_bounds_are_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        Bounds(rows=0)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short.", 20, "Short."),
        ("alpha beta gamma delta", 12, "alpha beta …"),
        ("unbreakablewordhere", 5, "unbre …"),
    ],
)
def test_an_entry_keeps_the_start_of_a_record_s_text_cut_at_a_word(
    text: str, limit: int, expected: str
) -> None:
    assert shortened(text, limit) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("**Invoice** sent to the _wrong_ customer.", "Invoice sent to the wrong customer."),
        ("See [the runbook](../procedures/triage.md) and `db-01`.", "See the runbook and db-01."),
        ("## Summary\n\n- one\n- two\n\n> quoted", "Summary one two quoted"),
        ("<script>alert(1)</script> & more", "alert(1) & more"),
        ("the retention_job ran", "the retention_job ran"),
    ],
)
def test_an_entry_s_text_is_plain_words(markdown: str, expected: str) -> None:
    assert plain(markdown) == expected


def test_the_index_gets_one_escaped_entry_per_record_page_and_keeps_every_other_page() -> None:
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "incidents/PIR-2026-0001/#timeline", "title": "Timeline", "text": "<p>long</p>"},
            {"location": "procedures/triage/", "title": "Triage", "text": "<p>Look</p>"},
            {"location": "procedures/triage/#first", "title": "First", "text": "<p>Then</p>"},
        ],
    }
    entries = {
        "incidents/PIR-2026-0001/": Entry(
            "PIR-2026-0001: Spike <b>", "A **spike** & " + "x " * 200, ("sev3",)
        )
    }
    kept = with_entries(index, entries)
    assert kept["config"] == index["config"]
    assert kept["docs"][:2] == index["docs"][1:]  # the plugin's entry for the record page goes
    entry = kept["docs"][2]
    assert entry["location"] == "incidents/PIR-2026-0001/" and entry["tags"] == ["sev3"]
    assert entry["title"] == "PIR-2026-0001: Spike"  # a tag in a title is no markup
    assert entry["text"].startswith("A spike &amp; x x") and entry["text"].endswith(" …")
    assert len(entry["text"]) <= SNIPPET + 10


BOUNDED_YML = MKDOCS_YML.replace("  - pirsite\n", "  - pirsite:\n      index_rows: 1\n      list_items: 1\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site program (two internal incidents, a restricted one) with one row an index
    page, built for both audiences."""
    from pirsite.mkdocs_commands import build_site

    root = tmp_path_factory.mktemp("bounded")
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    program(Repo(root))
    (root / "mkdocs.yml").write_text(BOUNDED_YML, encoding="utf-8")
    for audience in ("internal", "restricted"):
        build_site(root, root / f"site-{audience}", audience=audience, as_of=SITE_AS_OF)
    return root


def _index(site: Path) -> list[dict[str, object]]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_the_search_index_has_a_record_page_s_title_and_summary_but_not_its_body(built: Path) -> None:
    docs = _index(built / "site-internal")
    records = [d for d in docs if str(d["location"]).startswith(("incidents/PIR-", "postmortems/PIR-"))]
    assert {d["location"] for d in records} == {
        "incidents/PIR-2026-0001/",
        "incidents/PIR-2026-0002/",
        "postmortems/PIR-2026-0002/",
    }  # one entry each: no section of their body
    incident = next(d for d in records if d["location"] == "incidents/PIR-2026-0002/")
    assert incident["title"] == "PIR-2026-0002: Invoice emailed to the wrong customer"
    assert str(incident["text"]).startswith("One customer's invoice, with name and postal address")
    assert len(str(incident["text"])) <= SNIPPET + 2
    assert "resolved" not in str(incident["text"])  # not the strip or the record table
    assert any(str(d["location"]).startswith("procedures/triage/") for d in docs)  # full text kept
    text = json.dumps(docs)
    assert MARK not in text and "PIR-2026-0003" not in text


def test_the_restricted_banner_is_on_every_page_but_not_in_the_index(built: Path) -> None:
    site = built / "site-restricted"
    assert "Restricted build" in (site / "procedures/triage/index.html").read_text(encoding="utf-8")
    docs = _index(site)
    assert "incidents/PIR-2026-0003/" in {d["location"] for d in docs}
    assert not [d for d in docs if "Restricted build" in str(d["text"]) + str(d["title"])]


def test_the_built_index_page_points_its_script_at_the_data_file(built: Path) -> None:
    site = built / "site-internal"
    page = (site / "incidents/index.html").read_text(encoding="utf-8")
    assert 'data-rows="rows.json" data-total="2"' in page
    assert '<p class="pirsite-more">' in page
    assert len(re.findall(r'<td><a href="PIR-2026-000\d/">', page)) == 1
    rows = json.loads((site / "incidents/rows.json").read_text(encoding="utf-8"))["rows"]
    assert [row[0] for row in rows] == [{"link": "PIR-2026-0002"}, {"link": "PIR-2026-0001"}]
    assert not [p for p in site.rglob("rows.json") if MARK in p.read_text(encoding="utf-8")]
