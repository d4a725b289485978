"""`pirsite init`: a new repository that checks and builds, and never a silent overwrite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import PROJECT
from pirsite.cli import main
from pirsite.skeleton import SKELETON


def init(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["init", *args], input=stdin)


def test_init_creates_a_repository_that_checks_and_builds(tmp_path: Path) -> None:
    target = tmp_path / "ir"
    result = init(str(target))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"created an incident repository in {target} (")
    for rel in (
        "mkdocs.yml",
        "schemas/policy.yaml",
        "schemas/incident.schema.json",
        "incidents/README.md",
        ".github/CODEOWNERS",
        ".github/PULL_REQUEST_TEMPLATE/new-incident.md",
        ".github/PULL_REQUEST_TEMPLATE/postmortem-review.md",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        "docs/procedures/notification-decision.md",
    ):
        assert (target / rel).is_file(), rel
    check = CliRunner().invoke(main, ["--root", str(target), "check"])
    assert check.exit_code == 0, check.output
    build = subprocess.run(
        [sys.executable, "-m", "pirsite", "--root", str(target), "build"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    assert (target / "site/index.html").is_file() and (target / "site/procedures/index.html").is_file()


def test_generated_workflows_and_settings_parse_and_name_the_right_commands(tmp_path: Path) -> None:
    init(str(tmp_path / "ir"))
    root = tmp_path / "ir"
    check = yaml.safe_load((root / ".github/workflows/check.yml").read_text())
    assert "pull_request" in check[True]  # YAML 1.1 reads the `on:` key as True
    runs = [step.get("run", "") for step in check["jobs"]["check"]["steps"]]
    assert 'pirsite check --since "origin/${{ github.base_ref }}" --format github' in runs
    assert check["jobs"]["check"]["steps"][0]["with"]["fetch-depth"] == 0
    site = yaml.safe_load((root / ".github/workflows/site.yml").read_text())
    assert site[True]["push"]["branches"] == ["main"] and site[True]["schedule"][0]["cron"]
    assert "pirsite build --site-dir site" in [s.get("run") for s in site["jobs"]["build"]["steps"]]
    assert site["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "pirsite check"
    settings = json.loads((root / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./schemas/incident.schema.json"] == "incidents/*/*/incident.yaml"
    assert (
        "/incidents/**/postmortem.md @your-org/incident-reviewers"
        in (root / ".github/CODEOWNERS").read_text()
    )


def test_a_non_empty_folder_is_refused_without_force(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = init(str(tmp_path))
    assert result.exit_code == 2
    assert "is not empty; choose a new folder, or pass --force" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_force_lists_files_it_would_replace_and_asks(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n")
    (tmp_path / "notes.txt").write_text("mine")
    refused = init(str(tmp_path), "--force", stdin="n\n")
    assert refused.exit_code == 1
    assert "These 1 file(s) in" in refused.output and "  mkdocs.yml\n" in refused.output
    assert "Nothing was changed." in refused.output
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Ours\n"
    assert not (tmp_path / "schemas").exists()
    accepted = init(str(tmp_path), "--force", "--yes")
    assert accepted.exit_code == 0, accepted.output
    assert (tmp_path / "mkdocs.yml").read_text() == (SKELETON / "mkdocs.yml").read_text()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_skeleton_schemas_are_this_projects_schemas() -> None:
    """init ships a copy so an installed wheel can use it; it must never drift."""
    for path in sorted((PROJECT / "schemas").iterdir()):
        assert (SKELETON / "schemas" / path.name).read_bytes() == path.read_bytes(), (
            f"copy schemas/{path.name} to src/pirsite/skeleton/files/schemas/"
        )
