"""Every command alike: options before or after the command, one set of exit codes (0 done,
1 problems in records, 2 usage, configuration or I/O), counts that say what they count, and one
clear line instead of a traceback when the machine says no."""

from __future__ import annotations

import errno
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, BASE, PROJECT, Repo
from pirsite.cli import main
from site_fixtures import pirsite_build, program

BROKEN = BASE.replace("severity: sev3", "severity: sev9").replace("priority: p3", "priority: p1")


def small_program(root: Path) -> Repo:
    """The small program of the site tests, with this project's policy."""
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    return program(Repo(root))


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--as-of", AS_OF],
        ["schema"],
        ["report", "--quarter", "2026Q1", "--as-of", AS_OF],
    ],
)
def test_root_is_accepted_after_the_command_too(repo: Repo, command: list[str]) -> None:
    repo.record()
    before = invoke("--root", str(repo.root), *command)
    after = invoke(*command, "--root", str(repo.root))
    assert before.exit_code == after.exit_code == 0, after.output
    assert after.stdout.splitlines()[:-1] == before.stdout.splitlines()[:-1]  # the last: timing


def test_a_root_given_after_the_command_wins(repo: Repo, tmp_path_factory: pytest.TempPathFactory) -> None:
    repo.record(BROKEN)
    elsewhere = tmp_path_factory.mktemp("empty")
    result = invoke("--root", str(elsewhere), "check", "--root", str(repo.root), "--as-of", AS_OF)
    assert result.exit_code == 1


def test_counts_say_errors_in_how_many_files(repo: Repo) -> None:
    repo.record(BROKEN.replace("visibility: internal", "visibility: secret"))
    repo.record(BROKEN.replace("PIR-2026-0001", "PIR-2026-0002"), "incidents/2026/PIR-2026-0002/incident.yaml")
    result = invoke("--root", str(repo.root), "report", "--quarter", "2026Q1")
    assert result.exit_code == 1
    assert "pirsite: 3 errors in 2 files; fix them before reporting." in result.stderr


def test_build_counts_errors_and_files_and_exits_1(tmp_path: Path) -> None:
    small_program(tmp_path)
    Repo(tmp_path).record(BROKEN, "incidents/2026/PIR-2026-0009/incident.yaml")
    result = pirsite_build(tmp_path)
    assert result.returncode == 1
    assert "errors in 1 file; fix them first:" in result.stderr
    assert "invalid record(s)" not in result.stderr


def test_a_broken_policy_is_exit_2_for_build_as_for_check(tmp_path: Path) -> None:
    small_program(tmp_path)
    policy = tmp_path / "schemas/policy.yaml"
    policy.write_text(policy.read_text() + "\nnot_a_policy_key: 1\n")
    check = invoke("--root", str(tmp_path), "check")
    assert check.exit_code == 2
    build = pirsite_build(tmp_path)
    assert build.returncode == 2, build.stderr
    assert "build failed, nothing was published" in build.stderr
    assert "Traceback" not in build.stderr


def test_report_on_a_new_repository_says_there_are_no_incidents_yet(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path / "ir")).exit_code == 0
    result = invoke("--root", str(tmp_path / "ir"), "report")
    assert result.exit_code == 0
    assert "no incidents on record yet" in result.stderr
    assert "--quarter" not in result.output


def test_a_full_disk_is_one_clear_line_with_exit_2_and_the_previous_site_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs.utils

    small_program(tmp_path)
    assert pirsite_build(tmp_path).returncode == 0
    before = (tmp_path / "site/index.html").read_bytes()

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "site/index.html")

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    result = invoke("--root", str(tmp_path), "build", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "pirsite: build failed, nothing was published: cannot write the site: "
        "No space left on device (site/index.html); the previous site is kept"
    )
    assert "Traceback" not in result.output
    assert (tmp_path / "site/index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_an_unwritable_site_folder_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pirsite.mkdocs_commands

    small_program(tmp_path)

    def refused(*_args: object, **_kwargs: object) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(pirsite.mkdocs_commands, "staging_folder", refused)
    result = invoke("--root", str(tmp_path), "build")
    assert result.exit_code == 2
    assert "cannot write the site: Permission denied" in result.stderr
    assert "Traceback" not in result.output


def test_serve_on_a_port_in_use_is_refused_before_any_build(tmp_path: Path) -> None:
    small_program(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "pirsite", "--root", str(tmp_path), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"pirsite: 127.0.0.1:{port} is already in use; stop what is serving there or choose another "
        f"port, e.g. --dev-addr 127.0.0.1:{port + 1}"
    )
    assert "Building documentation" not in result.stderr  # nothing was built first


def test_help_documents_exit_codes_and_shell_completion() -> None:
    result = invoke("--help")
    assert "1 when records or pages have problems" in result.output
    assert "2 for a usage, configuration or" in result.output
    assert '_PIRSITE_COMPLETE=bash_source pirsite' in result.output
    completion = subprocess.run(
        [sys.executable, "-c", "from pirsite.cli import main; main(prog_name='pirsite')"],
        env={"_PIRSITE_COMPLETE": "bash_source", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert "_pirsite_completion()" in completion.stdout
