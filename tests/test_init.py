"""`pirsite init`: a new repository that checks and builds, and never a silent overwrite."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import PROJECT
from pirsite import __version__
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
        "docs/procedures/handling-personal-data.md",  # the scanner's hint points at it
        "tools/requirements.txt",
        "tools/pirsite",
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
    assert check["permissions"] == {"contents": "read"}
    steps = check["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert runs[-2:] == [
        "python -m pip install --require-hashes -r tools/requirements.txt",
        'pirsite check --since "origin/${{ github.base_ref }}" --format github',
    ]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert steps[1]["with"]["cache"] == "pip" and steps[1]["with"]["cache-dependency-path"] == "tools/requirements.txt"
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "tools/pirsite check" and hooks[0]["language"] == "script"
    settings = json.loads((root / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./schemas/incident.schema.json"] == "incidents/*/*/incident.yaml"
    assert (
        "/incidents/**/postmortem.md @your-org/incident-reviewers"
        in (root / ".github/CODEOWNERS").read_text()
    )


def test_no_workflow_installs_pirsite_by_a_bare_name(tmp_path: Path) -> None:
    """pirsite is on no registry: whoever registered the name would run code in the team's CI."""
    init(str(tmp_path / "ir"))
    for workflow in sorted((tmp_path / "ir/.github/workflows").glob("*.yml")):
        text = workflow.read_text()
        assert "pip install pirsite" not in text, workflow.name
        assert "pip install --require-hashes -r tools/requirements.txt" in text, workflow.name


def test_the_site_is_kept_as_an_artifact_and_pages_is_opt_in_with_a_warning(tmp_path: Path) -> None:
    init(str(tmp_path / "ir"))
    text = (tmp_path / "ir/.github/workflows/site.yml").read_text()
    assert "A Pages site is PUBLIC on the internet" in text
    site = yaml.safe_load(text)
    assert site[True]["push"]["branches"] == ["main"] and site[True]["schedule"][0]["cron"]
    assert site["permissions"] == {"contents": "read"}  # least privilege; deploy asks for its own
    build = site["jobs"]["build"]["steps"]
    assert "pirsite build --site-dir site" in [s.get("run") for s in build]
    artifact = next(s for s in build if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"] == "site"
    pages = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["if"] == "vars.PIRSITE_PUBLISH_TO_PAGES == 'true'"
    deploy = site["jobs"]["deploy"]
    assert deploy["if"] == "github.ref == 'refs/heads/main' && vars.PIRSITE_PUBLISH_TO_PAGES == 'true'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("incidents/2026/PIR-2026-0001/incident.yaml", True),
        ("incidents/2026/PIR-2026-0001/postmortem.md", True),
        ("schemas/policy.yaml", True),
        ("docs/procedures/triage.md", True),  # scanned for personal data by check
        ("mkdocs.yml", True),
        ("templates/incident.md.j2", True),
        ("README.md", False),
        ("tools/requirements.txt", False),
    ],
)
def test_the_pre_commit_hook_runs_for_every_path_check_reads(path: str, runs: bool) -> None:
    for config in (SKELETON / ".pre-commit-config.yaml", PROJECT / ".pre-commit-hooks.yaml"):
        data = yaml.safe_load(config.read_text())
        hook = data[0] if isinstance(data, list) else data["repos"][0]["hooks"][0]
        assert bool(re.search(hook["files"], path)) is runs, (config.name, path)


def test_the_hook_runner_installs_the_vendored_pirsite_by_hash(tmp_path: Path) -> None:
    init(str(tmp_path / "ir"))
    runner = tmp_path / "ir/tools/pirsite"
    assert runner.stat().st_mode & 0o111  # pre-commit's `script` language runs it directly
    text = runner.read_text()
    assert "pip install --quiet --require-hashes -r tools/requirements.txt" in text
    assert 'exec "$venv/bin/pirsite" "$@"' in text
    assert "/tools/.venv/" in (tmp_path / "ir/.gitignore").read_text().splitlines()


def test_the_vendored_wheel_is_pinned_by_hash_and_is_this_pirsite(tmp_path: Path) -> None:
    init(str(tmp_path / "ir"))
    tools = tmp_path / "ir/tools"
    wheel = tools / f"pirsite-{__version__}-py3-none-any.whl"
    requirements = (tools / "requirements.txt").read_text()
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert requirements.endswith(f"./tools/{wheel.name} \\\n    --hash=sha256:{digest}\n")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+", requirements, flags=re.MULTILINE)
    for dependency in ("mkdocs", "mkdocs-material", "pyyaml", "jsonschema", "gitpython", "click", "nh3"):
        assert dependency in pins, dependency
    entries = requirements.split("\n\n") if "\n\n" in requirements else re.split(r"\n(?=\S)", requirements)
    unhashed = [e for e in entries if e.strip() and not e.startswith("#") and "--hash=sha256:" not in e]
    assert unhashed == []
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        record = archive.read(f"pirsite-{__version__}.dist-info/RECORD").decode()
    assert f"pirsite-{__version__}.dist-info/licenses/LICENSE" in names
    assert "pirsite/_starter/procedures/handling-personal-data.md" in names
    assert all(name in record for name in names)


def test_init_from_the_vendored_wheel_creates_procedures_and_checks(tmp_path: Path) -> None:
    """What a team gets from a wheel, not a checkout: installed offline from tools/ only."""
    init(str(tmp_path / "ir"))
    wheel = next((tmp_path / "ir/tools").glob("*.whl"))
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pirsite", *args], capture_output=True, text=True, env=env, timeout=120)

    where = run("--version")
    assert where.returncode == 0 and __version__ in where.stdout
    located = subprocess.run(
        [sys.executable, "-c", "import pirsite; print(pirsite.__file__)"], capture_output=True, text=True, env=env
    )
    assert located.stdout.startswith(str(target))
    assert run("init", str(tmp_path / "second")).returncode == 0
    second = tmp_path / "second"
    assert (second / "docs/procedures/handling-personal-data.md").is_file()
    assert (second / "docs/training/glossary.md").is_file()
    assert (second / "tools/pirsite").stat().st_mode & 0o111
    assert (second / "tools" / wheel.name).read_bytes() == wheel.read_bytes()  # the same bytes again
    assert run("--root", str(second), "check").returncode == 0


def test_init_writes_files_others_can_read(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        init(str(tmp_path / "ir"))
    finally:
        os.umask(old)
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / "ir").rglob("*") if p.is_file()}
    assert modes == {0o644, 0o755}
    assert (tmp_path / "ir/tools/pirsite").stat().st_mode & 0o777 == 0o755


def test_a_folder_holding_only_version_control_metadata_is_empty(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/HEAD").write_text("ref: refs/heads/main\n")
    result = init(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mkdocs.yml").is_file()
    assert f"cd {tmp_path} && git add -A" in result.output  # no second git init


def test_a_repeated_init_changes_nothing(tmp_path: Path) -> None:
    init(str(tmp_path / "ir"))
    again = init(str(tmp_path / "ir"), "--force", "--yes")
    assert again.exit_code == 0 and "(0 files)" in again.output


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
