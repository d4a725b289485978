"""Restricted incidents are counted everywhere and described nowhere outside the restricted
build: pages, search index, sitemap, exports, charts, quarterly reports and `pirsite report`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import PROJECT, Repo
from pirsite.cli import main
from site_fixtures import MARK, SITE_AS_OF, pirsite_build, program, site_files

RESTRICTED_ID = "PIR-2026-0003"
MARKERS = (MARK, RESTRICTED_ID, "PRB-917")  # every restricted detail carries MARK; plus its id and problem


def leaks(texts: dict[str, str]) -> dict[str, list[str]]:
    found = {name: [m for m in MARKERS if m in text] for name, text in texts.items()}
    return {name: markers for name, markers in found.items() if markers}


@pytest.fixture(scope="module")
def program_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaks")
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    program(Repo(root))
    result = pirsite_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def files(program_root: Path) -> dict[str, str]:
    return site_files(program_root / "site")


@pytest.mark.parametrize(
    "part",
    [
        "exports/incidents.json",
        "exports/incidents.csv",
        "exports/metrics.json",
        "trends/charts/",
        "reports/",
        "reports/2026-Q2-slides.html",  # the leadership deck of the restricted incident's quarter
        "index.html",  # the home page's dashboard
    ],
)
def test_no_restricted_detail_in(files: dict[str, str], part: str) -> None:
    chosen = {name: text for name, text in files.items() if name.startswith(part)}
    assert chosen, f"the build wrote nothing under {part}"  # the test looks where the data is
    assert leaks(chosen) == {}


def test_no_restricted_detail_anywhere_in_the_internal_site(files: dict[str, str]) -> None:
    assert leaks(files) == {}


def test_restricted_incident_is_still_counted(files: dict[str, str]) -> None:
    metrics = json.loads(files["exports/metrics.json"])
    assert metrics["overall"]["incidents"] == 3 and metrics["overall"]["restricted"] == 1
    rows = json.loads(files["exports/incidents.json"])
    assert len(rows) == 2  # one row per internal-audience incident


@pytest.mark.parametrize("fmt", ["md", "json", "csv"])
def test_pirsite_report_shows_no_restricted_detail(program_root: Path, fmt: str) -> None:
    result = CliRunner().invoke(
        main,
        [
            "--root",
            str(program_root),
            "report",
            "--quarter",
            "2026Q2",
            "--format",
            fmt,
            "--as-of",
            SITE_AS_OF,
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    assert leaks({"report": result.output}) == {}


def test_the_markers_are_in_the_restricted_record(program_root: Path) -> None:
    """The leak tests can fail: every detail they look for is in the restricted record."""
    record = program_root / f"incidents/2026/{RESTRICTED_ID}/incident.yaml"
    postmortem = record.with_name("postmortem.md")
    assert leaks({"record": record.read_text(encoding="utf-8")}) == {"record": list(MARKERS)}
    assert MARK in postmortem.read_text(encoding="utf-8")
