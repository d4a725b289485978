"""`pirsite new`: the next free id across branches, skeletons, never overwriting."""

from __future__ import annotations

import git
from click.testing import CliRunner

from conftest import BASE, POSTMORTEM, PRIVACY, Repo
from pirsite.cli import main


def new(repo: Repo, *args: str):
    return CliRunner().invoke(main, ["--root", str(repo.root), "new", *args])


def commit_record(repo: git.Repo, root, incident_id: str, message: str) -> None:
    path = root / f"incidents/2026/{incident_id}/incident.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BASE.replace("PIR-2026-0001", incident_id), encoding="utf-8")
    repo.index.add([str(path)])
    repo.index.commit(message)


def test_next_id_skips_ids_taken_on_other_branches(repo: Repo) -> None:
    g = git.Repo.init(repo.root, initial_branch="main")
    with g.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "test@example.com")
    commit_record(g, repo.root, "PIR-2026-0001", "first")
    g.create_head("analyst-a").checkout()
    commit_record(g, repo.root, "PIR-2026-0002", "analyst a files 0002")
    g.heads.main.checkout()
    g.create_head("analyst-b").checkout()
    commit_record(g, repo.root, "PIR-2026-0003", "analyst b files 0003")
    g.heads.main.checkout()  # the working tree only has 0001
    result = new(repo, "incident", "--year", "2026", "--title", "Phishing email reported by staff")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "created incidents/2026/PIR-2026-0004/incident.yaml (PIR-2026-0004; checked 3 branch(es))"
    )
    text = (repo.root / "incidents/2026/PIR-2026-0004/incident.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/incident.schema.json\n")
    assert "id: PIR-2026-0004\ntitle: Phishing email reported by staff\n" in text


def test_next_id_outside_git_uses_the_working_tree(repo: Repo) -> None:
    repo.record()
    result = new(repo, "incident", "--year", "2026")
    assert result.output.splitlines()[0].startswith(
        "created incidents/2026/PIR-2026-0002/incident.yaml (PIR-2026-0002; not a git repository"
    )


def test_new_incident_asks_check_for_the_fields_to_choose(repo: Repo) -> None:
    new(
        repo,
        "incident",
        "--year",
        "2026",
        "--domain",
        "privacy",
        "--title",
        "Letter sent to the wrong address",
    )
    code, lines = repo.check()
    assert code == 1
    assert [line.split(": ")[1] for line in lines] == [
        "error invalid-value category",
        "error wrong-type reporter",
        "error invalid-value detection.method",
    ]


def test_never_overwrites(repo: Repo, monkeypatch) -> None:
    repo.record()
    from pirsite import cli

    monkeypatch.setattr(cli, "next_id", lambda root, policy, year: ("PIR-2026-0001", 0))
    result = new(repo, "incident", "--year", "2026")
    assert result.exit_code == 1
    assert "already exists; nothing was written" in result.output
    assert (repo.root / "incidents/2026/PIR-2026-0001/incident.yaml").read_text() == BASE


def test_unknown_domain_is_a_usage_error(repo: Repo) -> None:
    result = new(repo, "incident", "--domain", "privcy")
    assert result.exit_code == 2
    assert "'privcy' is not one of privacy, security" in result.output


def test_new_postmortem_has_required_sections_and_roster_people(repo: Repo) -> None:
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    result = new(repo, "postmortem", "PIR-2026-0002")
    assert result.exit_code == 0, result.output
    text = (repo.root / "incidents/2026/PIR-2026-0002/postmortem.md").read_text()
    assert text.startswith(
        "---\nincident: PIR-2026-0002\nstatus: draft\nauthors: [m.lindqvist]\n"
        "reviewers: [j.whitfield, a.okafor]\n---\n"
    )
    code, lines = repo.check()
    assert (code, lines) == (0, [])  # every required section is there


def test_new_postmortem_never_overwrites(repo: Repo) -> None:
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", POSTMORTEM)
    result = new(repo, "postmortem", "PIR-2026-0002")
    assert result.exit_code == 1 and "already exists" in result.output
    assert (repo.root / "incidents/2026/PIR-2026-0002/postmortem.md").read_text() == POSTMORTEM


def test_new_postmortem_for_unknown_incident(repo: Repo) -> None:
    result = new(repo, "postmortem", "PIR-2026-0099")
    assert result.exit_code == 1
    assert "no valid incident PIR-2026-0099" in result.output


def test_check_since_reports_only_what_the_branch_changed(repo: Repo) -> None:
    g = git.Repo.init(repo.root, initial_branch="main")
    with g.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "test@example.com")
    broken = BASE.replace("priority: p3", "priority: p1")
    repo.record(
        broken.replace("PIR-2026-0001", "PIR-2026-0002"), "incidents/2026/PIR-2026-0002/incident.yaml"
    )
    g.index.add([str(p) for p in repo.root.rglob("*") if p.is_file() and ".git" not in p.parts])
    g.index.commit("main: an old broken record")
    g.create_head("feature").checkout()
    repo.record(broken)  # new on the branch, untracked
    code, lines = repo.check("--since", "main")
    assert code == 1
    assert [line.split(":")[0] for line in lines] == ["incidents/2026/PIR-2026-0001/incident.yaml"]
    g.index.add([str(repo.root / "incidents/2026/PIR-2026-0001/incident.yaml")])
    g.index.commit("feature: file 0001")
    assert [line.split(":")[0] for line in repo.check("--since", "main")[1]] == [
        "incidents/2026/PIR-2026-0001/incident.yaml"
    ]
    code, lines = repo.check()
    assert len(lines) == 2  # without --since both broken records are reported


def test_check_since_unknown_ref(repo: Repo) -> None:
    git.Repo.init(repo.root, initial_branch="main")
    result = CliRunner().invoke(main, ["--root", str(repo.root), "check", "--since", "nope"])
    assert result.exit_code == 2
    assert "unknown git ref 'nope'" in result.output
