"""The MkDocs plugin runs the same pipeline as `pirsite check` and refuses invalid records."""

from __future__ import annotations

import subprocess
import sys

from conftest import BASE, RECORD_PATH, Repo


def build(repo: Repo) -> subprocess.CompletedProcess[str]:
    repo.write("mkdocs.yml", "site_name: Test program\nplugins: [pirsite]\n")
    repo.write("docs/index.md", "# Home\n")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_valid_records_build(repo: Repo) -> None:
    repo.record()
    result = build(repo)
    assert result.returncode == 0, result.stderr
    assert (repo.root / "site/index.html").is_file()


def test_invalid_record_fails_the_build_with_the_check_message(repo: Repo) -> None:
    repo.record(BASE.replace("priority: p3", "priority: p1"))
    result = build(repo)
    assert result.returncode != 0
    assert (
        f"{RECORD_PATH}:13:1: error priority priority: priority `p1` does not follow from impact `medium` "
        "x urgency `medium`, which gives `p3`"
    ) in result.stderr
    assert not (repo.root / "site/index.html").exists()
