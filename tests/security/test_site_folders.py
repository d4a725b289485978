"""Each audience builds into its own folder, a build never replaces another audience's site
unless told so, and a build that is killed leaves nothing git would commit (its staging
folder is ignored from the moment it exists and removed by the next build)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import git
import pytest

from conftest import PROJECT, Repo
from site_fixtures import MARK, SITE_AS_OF, pirsite_build, program


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    program(Repo(tmp_path))
    shutil.copy(PROJECT / ".gitignore", tmp_path / ".gitignore")
    return tmp_path


def marker(site: Path) -> str:
    return (site / ".pirsite-audience").read_text(encoding="utf-8").strip()


def test_a_restricted_build_refuses_to_replace_the_internal_site(root: Path) -> None:
    assert pirsite_build(root).returncode == 0
    before = (root / "site/index.html").read_bytes()
    assert marker(root / "site") == "internal"
    refused = pirsite_build(root, "--audience", "restricted", "--site-dir", str(root / "site"))
    assert refused.returncode == 2
    assert "holds the internal site; refusing to replace it with the restricted site" in refused.stderr
    assert (root / "site/index.html").read_bytes() == before and MARK not in before.decode()
    told = pirsite_build(
        root, "--audience", "restricted", "--site-dir", str(root / "site"), "--replace-other-audience"
    )
    assert told.returncode == 0, told.stderr
    assert marker(root / "site") == "restricted"
    assert pirsite_build(root).returncode == 2  # and back: the internal build will not replace it either


def test_each_audience_has_its_own_default_folder(root: Path) -> None:
    assert pirsite_build(root).returncode == 0
    assert pirsite_build(root, "--audience", "restricted").returncode == 0
    assert marker(root / "site") == "internal" and marker(root / "site-restricted") == "restricted"
    assert pirsite_build(root).returncode == 0  # rebuilding an audience over itself is fine


def test_a_site_from_before_the_marker_is_recognised(root: Path) -> None:
    assert pirsite_build(root, "--audience", "restricted").returncode == 0
    (root / "site-restricted/.pirsite-audience").unlink()  # as an earlier pirsite left it
    result = pirsite_build(root, "--site-dir", str(root / "site-restricted"))
    assert result.returncode == 2 and "holds the restricted site" in result.stderr


def mkdocs(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PIRSITE_AS_OF": SITE_AS_OF, **env},
        timeout=300,
    )


def test_plain_mkdocs_builds_the_restricted_site_into_its_own_folder(root: Path) -> None:
    assert pirsite_build(root).returncode == 0
    before = (root / "site/index.html").read_bytes()
    result = mkdocs(root, PIRSITE_AUDIENCE="restricted")
    assert result.returncode == 0, result.stderr
    assert (root / "site/index.html").read_bytes() == before
    assert marker(root / "site-restricted") == "restricted"
    assert MARK in (root / "site-restricted/incidents/PIR-2026-0003/index.html").read_text(encoding="utf-8")
    other = mkdocs(root, "-d", str(root / "site-restricted"))  # internal over restricted: refused
    assert other.returncode != 0 and "holds the restricted site" in other.stderr
    told = mkdocs(root, "-d", str(root / "site-restricted"), PIRSITE_REPLACE_OTHER_AUDIENCE="1")
    assert told.returncode == 0 and marker(root / "site-restricted") == "internal"


def staged(root: Path) -> list[str]:
    g = git.Repo.init(root, initial_branch="main") if not (root / ".git").exists() else git.Repo(root)
    g.git.add(A=True)
    return g.git.diff("--cached", "--name-only").splitlines()


def test_a_killed_restricted_build_leaves_nothing_for_git_and_the_next_build_cleans_up(root: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pirsite", "--root", str(root), "build", "--audience", "restricted"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    # wait for the restricted data itself (the folder can exist a moment before its file)
    while not any((p / "exports/incidents.json").exists() for p in root.glob(".site-restricted-building-*")):
        assert time.monotonic() < deadline and process.poll() is None, (
            "the build ended before it could be killed"
        )
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    left = list(root.glob(".site-restricted-building-*"))
    assert left and (left[0] / "exports/incidents.json").exists()  # restricted data, left behind
    assert [name for name in staged(root) if "building" in name or name.startswith("site")] == []
    assert pirsite_build(root, "--audience", "restricted").returncode == 0
    assert list(root.glob(".site-restricted-building-*")) == []
    assert not (root / "site-restricted/.gitignore").exists()  # the staging folder's, not the site's


def test_staging_folders_are_ignored_under_any_name_and_only_dead_ones_removed(tmp_path: Path) -> None:
    from pirsite.writing import remove_stale_staging, staging_folder

    target = tmp_path / "out" / "published"
    target.parent.mkdir()
    mine = staging_folder(target, "building")
    (mine / "secret.html").write_text("x")
    dead = target.parent / ".published-building-999999999-abc123"
    dead.mkdir()
    legacy = target.parent / ".published-old-zz9k2"  # an earlier pirsite's, without a process id
    legacy.mkdir()
    os.utime(legacy, (time.time() - 7200, time.time() - 7200))
    fresh_legacy = target.parent / ".published-building-q1w2e3"
    fresh_legacy.mkdir()
    unrelated = target.parent / ".published-notes"
    unrelated.mkdir()
    assert staged(tmp_path) == []  # out/ matches no ignore pattern: the folder's own .gitignore works
    assert sorted(p.name for p in remove_stale_staging(target)) == sorted([dead.name, legacy.name])
    assert mine.exists() and fresh_legacy.exists() and unrelated.exists()


@pytest.mark.parametrize(
    "gitignore", [PROJECT / ".gitignore", PROJECT / "src/pirsite/skeleton/files/.gitignore"]
)
def test_the_ignore_files_cover_every_audience_s_staging_folders(tmp_path: Path, gitignore: Path) -> None:
    shutil.copy(gitignore, tmp_path / ".gitignore")
    g = git.Repo.init(tmp_path, initial_branch="main")
    names = [".site-building-1-a", ".site-restricted-building-1-b", ".site-restricted-old-2-c", ".site-old-x"]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("x")
    ignored = g.git.check_ignore(*[f"{name}/index.html" for name in names]).splitlines()
    assert sorted(ignored) == sorted(f"{name}/index.html" for name in names)
