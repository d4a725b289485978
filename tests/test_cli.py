"""The `pirsite check` command as users and CI see it: formats, exit codes, summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF, BASE, RECORD_PATH, Repo
from pirsite.cli import main

BROKEN = BASE.replace("priority: p3", "priority: p1")
SUMMARY = re.compile(
    r"^checked (\d+) files? \((\d+) incidents?\): (\d+) errors?, (\d+) warnings? in \d+\.\d\ds$"
)


def run(repo: Repo, *args: str):
    return CliRunner().invoke(main, ["--root", str(repo.root), "check", "--as-of", AS_OF, *args])


def test_summary_line_counts_files_incidents_errors_warnings(repo: Repo) -> None:
    repo.record(BROKEN)
    repo.record(
        BASE.replace("PIR-2026-0001", "PIR-2026-0002").replace(
            "status: done, closed_at: 2026-03-20T12:00:00Z", "status: open"
        ),
        "incidents/2026/PIR-2026-0002/incident.yaml",
    )
    result = run(repo)
    assert result.exit_code == 1
    match = SUMMARY.match(result.stdout.splitlines()[-1])
    assert match and match.groups() == ("2", "2", "1", "1")


def test_clean_repository_exits_zero_with_summary(repo: Repo) -> None:
    repo.record()
    result = run(repo)
    assert result.exit_code == 0
    assert SUMMARY.match(result.stdout.strip())


def test_warnings_alone_exit_zero(repo: Repo) -> None:
    repo.record(BASE.replace("status: done, closed_at: 2026-03-20T12:00:00Z", "status: open"))
    assert run(repo).exit_code == 0


def test_json_format_is_a_list_with_the_documented_keys(repo: Repo) -> None:
    repo.record(BROKEN)
    result = run(repo, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # the summary goes to stderr, so stdout stays JSON
    assert data == [
        {
            "path": RECORD_PATH,
            "line": 13,
            "column": 1,
            "level": "error",
            "code": "priority",
            "field": "priority",
            "message": "priority `p1` does not follow from impact `medium` x urgency `medium`, which gives `p3`",
            "hint": "set priority: p3, or say why it differs in priority_override",
        }
    ]
    assert SUMMARY.match(result.stderr.strip())


def test_github_format_annotates_the_line(repo: Repo) -> None:
    repo.record(BROKEN)
    result = run(repo, "--format", "github")
    assert result.stdout.splitlines()[0] == (
        f"::error file={RECORD_PATH},line=13,col=1,title=priority priority::priority `p1` does not follow from "
        "impact `medium` x urgency `medium`, which gives `p3` (set priority: p3, or say why it differs in "
        "priority_override)"
    )


def test_github_format_escapes_newlines_and_commas() -> None:
    from pirsite.output import github_line
    from pirsite.problems import error

    line = github_line(error("a,b:c.yaml", "x", "two\nlines 100%", field=("f",), line=1, column=2))
    assert line == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=x f::two%0Alines 100%25"


def test_problems_are_sorted_by_path_and_line(repo: Repo) -> None:
    repo.record(
        BROKEN.replace("internal: true", "internal: false"),
        "incidents/2026/PIR-2026-0002/incident.yaml".replace("0002", "0001"),
    )
    repo.record(
        BROKEN.replace("PIR-2026-0001", "PIR-2026-0002"), "incidents/2026/PIR-2026-0002/incident.yaml"
    )
    _, lines = repo.check()
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys) and len(keys) == 3


def test_paths_limit_per_file_problems_but_not_cross_record_ones(repo: Repo) -> None:
    repo.record(BROKEN)
    repo.record(
        BROKEN.replace("PIR-2026-0001", "PIR-2026-0002") + "related: [PIR-2026-0099]\n",
        "incidents/2026/PIR-2026-0002/incident.yaml",
    )
    code, lines = repo.check(str(repo.root / RECORD_PATH))
    assert code == 1
    assert [line.split(": ")[1] for line in lines] == [
        "error priority priority",
        "error reference related[0]",
    ]


def test_path_outside_repository_is_a_usage_error(repo: Repo, tmp_path_factory) -> None:
    repo.record()
    result = run(repo, str(tmp_path_factory.mktemp("elsewhere")))
    assert result.exit_code == 2
    assert "is outside the repository" in result.output


def test_missing_path_is_a_usage_error(repo: Repo) -> None:
    result = run(repo, str(repo.root / "incidents/2031"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_unknown_format_is_a_usage_error(repo: Repo) -> None:
    result = run(repo, "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of" in result.output


def test_as_of_needs_an_offset(repo: Repo) -> None:
    result = CliRunner().invoke(main, ["--root", str(repo.root), "check", "--as-of", "2026-01-01T00:00:00"])
    assert result.exit_code == 2
    assert "the time needs a UTC offset" in result.output


def test_no_repository_found(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "no schemas/policy.yaml in this folder or its parents" in result.output


def test_root_is_found_from_a_subfolder(repo: Repo, monkeypatch) -> None:
    repo.record(BROKEN)
    monkeypatch.chdir(repo.root / "incidents/2026")
    result = CliRunner().invoke(main, ["check", "--as-of", AS_OF])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{RECORD_PATH}:13:1: error priority")


def test_folder_without_record_is_reported(repo: Repo) -> None:
    (repo.root / "incidents/2026/PIR-2026-0005").mkdir(parents=True)
    assert repo.check() == (
        1,
        [
            "incidents/2026/PIR-2026-0005:1:1: error layout: folder has no incident.yaml "
            "(add incidents/2026/PIR-2026-0005/incident.yaml or remove the folder)"
        ],
    )


def test_non_year_folder_is_reported(repo: Repo) -> None:
    (repo.root / "incidents/misc").mkdir(parents=True)
    assert repo.check() == (
        1,
        [
            "incidents/misc:1:1: error layout: `misc` is not a year folder "
            "(records live in incidents/<YYYY>/<ID>/incident.yaml)"
        ],
    )


def test_version_and_help() -> None:
    assert CliRunner().invoke(main, ["--version"]).output.startswith("pirsite, version ")
    help_text = CliRunner().invoke(main, ["check", "--help"]).output
    assert "--format [github|json|text]" in help_text and "Exit status" in help_text


def test_unreadable_folder_is_reported_not_a_traceback(repo: Repo, monkeypatch) -> None:
    repo.record()

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", denied)
    result = run(repo)
    assert result.exit_code == 2
    assert result.output == f"pirsite: cannot read {repo.root / 'incidents'}: Permission denied\n"
