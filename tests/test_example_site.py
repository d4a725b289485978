"""The example program's real site: every internal incident has a page, no restricted
incident leaks anywhere, nothing is loaded from outside, and serving watches the records."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from conftest import PROJECT
from offline import external_references
from pirsite.cli import main
from pirsite.pipeline import check
from site_fixtures import site_files


def _incidents() -> tuple[list[str], list[str]]:
    result = check(PROJECT, now=datetime(2026, 11, 23, 12, tzinfo=UTC))
    internal = [i.id for i in result.incidents if not i.restricted]
    restricted = [i.id for i in result.incidents if i.restricted]
    return internal, restricted


def test_every_internal_incident_has_a_page_and_no_restricted_one_appears(example_site: Path) -> None:
    internal, restricted = _incidents()
    assert len(restricted) >= 3
    assert all((example_site / f"incidents/{i}/index.html").is_file() for i in internal)
    files = site_files(example_site)
    leaks = sorted({(name, rid) for name, text in files.items() for rid in restricted if rid in text})
    assert leaks == []
    sitemap = files["sitemap.xml"]
    assert all(f"/incidents/{i}/" in sitemap for i in internal)


def test_example_site_loads_nothing_from_outside(example_site: Path) -> None:
    assert external_references(example_site) == []


def test_search_index_is_lean_and_covers_procedures(example_site: Path) -> None:
    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("procedures/notification-decision/") for loc in locations)
    records = [loc for loc in locations if loc.startswith(("incidents/PIR-", "postmortems/PIR-"))]
    assert len(records) > 65  # every incident and postmortem page...
    assert len(records) == len(set(records)) and not [loc for loc in records if "#" in loc]  # ...once, no body
    assert any("#" in loc for loc in locations if loc.startswith("procedures/"))  # procedures in full


def test_policy_pages_and_procedures_are_published(example_site: Path) -> None:
    pages = [p for p in example_site.glob("*/*/index.html") if p.parts[-3] in ("procedures", "training")]
    assert len(pages) >= 20
    rules = (example_site / "policy/notification-rules/index.html").read_text(encoding="utf-8")
    assert "Florida Stat. 501.171" in rules and "Not legal advice" in rules


def test_serve_watches_records_policy_and_templates() -> None:
    from pirsite.mkdocs_plugin import PirsitePlugin

    plugin = PirsitePlugin()
    plugin.load_config({})
    plugin.root = PROJECT
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    plugin.on_serve(Server(), config=None, builder=None)  # type: ignore[arg-type]
    assert watched == [str(PROJECT / "incidents"), str(PROJECT / "schemas")]


def test_serve_without_mkdocs_yml_is_a_clear_usage_error(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas/policy.yaml").write_text((PROJECT / "schemas/policy.yaml").read_text())
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "serve"])
    assert result.exit_code == 2
    assert f"{tmp_path / 'mkdocs.yml'} not found" in result.output


def test_trends_and_quarterly_reports_are_published(example_site: Path) -> None:
    quarters = [f"{year}-Q{q}" for year in (2025, 2026) for q in (1, 2, 3, 4)]
    assert all((example_site / f"reports/{q}/index.html").is_file() for q in quarters)
    overview = (example_site / "trends/index.html").read_text(encoding="utf-8")
    assert "2026-Q3 against 2026-Q2" in overview
    report = (example_site / "reports/2026-Q3/index.html").read_text(encoding="utf-8")
    assert "1 restricted sev1/sev2 incident(s) not listed." in report
    assert "PIR-2026-0014" in report  # the quarter's internal sev2


def test_the_readme_chart_is_the_example_programs(example_site: Path) -> None:
    """docs/img/incidents-per-month.svg is copied from this build (as of 2026-11-23): keep it current.
    Compared by its text (title, labels, ticks, legend), so a matplotlib upgrade alone does not fail it."""

    def texts(path: Path) -> list[str]:
        return [t.text or "" for t in ET.parse(path).iter() if t.tag.endswith(("}text", "}title", "}desc"))]

    built = texts(example_site / "trends/charts/incidents-per-month.svg")
    assert "Incidents per month, by severity" in built
    assert texts(PROJECT / "docs/img/incidents-per-month.svg") == built
