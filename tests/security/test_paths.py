"""Paths stay inside the repository: links in records that lead out of it, run code or
lead nowhere are refused at file:line:col, and symlinked records and template folders
that resolve elsewhere are refused; hostile input never ends in a traceback."""

from __future__ import annotations

import os

import pytest

from conftest import BASE, POSTMORTEM, PRIVACY, RECORD_PATH, Repo
from pirsite.problems import ConfigError
from pirsite.site.templates import environment

P = RECORD_PATH
PM = "incidents/2026/PIR-2026-0002/postmortem.md"
OUTSIDE_HINT = "(link to a file in the incident's folder (e.g. evidence/...) or to an https:// page)"
UNSAFE_HINT = "(link to an https:// page or a file in the repository instead)"
BROKEN_HINT = "(fix the path; links in records are relative to the record's folder)"
VIA_DOTS = "link-outside: link leads outside the repository via `..` " + OUTSIDE_HINT
VIA_SYMLINK = "link-outside: link leads outside the repository via a symlink " + OUTSIDE_HINT
ABSOLUTE = "link-outside: link to an absolute path outside the repository " + OUTSIDE_HINT
JAVASCRIPT = "unsafe-link: link with a javascript: URL: it would run code in readers' browsers " + UNSAFE_HINT
DATA = "unsafe-link: link with a data: URL: it would run code in readers' browsers " + UNSAFE_HINT


def with_postmortem(repo: Repo, body: str) -> None:
    """The privacy incident and its postmortem, with ``body`` as line 11 of the postmortem."""
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write(PM, POSTMORTEM.replace("## Summary\ns\n", f"## Summary\n{body}\n"))


def with_summary(repo: Repo, link: str) -> None:
    """The base incident with a Markdown link to ``link`` at line 4, column 27."""
    summary = BASE.splitlines()[3]
    repo.record(BASE.replace(summary, f"summary: See [the report]({link}) for details."))


def with_ticket(repo: Repo, link: str) -> None:
    """The base incident whose action item's ``link:`` value starts at line 33, column 156."""
    repo.record(
        BASE.replace("closed_at: 2026-03-20T12:00:00Z}", f"closed_at: 2026-03-20T12:00:00Z, link: {link}}}")
    )


@pytest.mark.parametrize(
    ("body", "column", "problem"),
    [
        ("See [x](../../../../../etc/passwd).", 9, VIA_DOTS),
        ("See [x](/etc/passwd).", 9, ABSOLUTE),
        ("See [x](file:///etc/passwd).", 9, ABSOLUTE),
        ("See [x](C:\\Windows\\win.ini).", 9, ABSOLUTE),
        ("See [x](\\\\fileserver\\share\\hr.xlsx).", 9, ABSOLUTE),
        ("See [x](~/.ssh/id_ed25519).", 9, ABSOLUTE),
        ("See ![x](javascript:alert(1)).", 10, JAVASCRIPT),
        ("See [x](JaVa\tScRiPt:alert(1)).", 9, JAVASCRIPT),
        ("See [x]( javascript:alert(1) 'title').", 10, JAVASCRIPT),
        ("See [x](&#106;avascript:alert(1)).", 9, JAVASCRIPT),
        ("See [x](<javascript:alert(1)>).", 10, JAVASCRIPT),
        ("See [x](data:text/html;base64,PHNjcmlwdD4=).", 9, DATA),
        ("[x]: ../../../../../etc/passwd", 6, VIA_DOTS),
    ],
)
def test_postmortem_link_that_leaves_the_repository_or_runs_code(
    repo: Repo, body: str, column: int, problem: str
) -> None:
    with_postmortem(repo, body)
    assert repo.check() == (1, [f"{PM}:11:{column}: error {problem}"])


@pytest.mark.parametrize(
    "body",
    [
        "```\n[x](/etc/passwd) and ![y](javascript:alert(1))\n```",
        "~~~markdown\n[x]: ../../../../../etc/passwd\n~~~",
        "Write links like `[x](/etc/passwd)` only in code.",
        "See [the runbook](https://runbooks.example.com/privacy#triage) and [above](#summary).",
        "Mail [the DPO](mailto:dpo@example.com) or see [the incident](incident.yaml).",
    ],
)
def test_postmortem_links_that_are_fine_or_in_code(repo: Repo, body: str) -> None:
    with_postmortem(repo, body)
    assert repo.check() == (0, [])


def test_a_wrapped_line_of_prose_that_starts_with_brackets_is_not_a_link(repo: Repo) -> None:
    """`[15.01.2025]: Click here...` in a summary is text: a definition is one destination and
    at most a title, as Python-Markdown reads it. A real definition mid-paragraph is still judged
    (Python-Markdown takes it, so a script there would run)."""
    summary = BASE.splitlines()[3]
    prose = "summary: |\n  The customer wrote on the portal:\n  [15.01.2025]: Click here to see the notice we sent.\n"
    repo.record(BASE.replace(summary + "\n", prose))
    assert repo.check() == (0, [])
    hostile = "summary: |\n  The customer wrote on the portal:\n  [x]: javascript:alert(1)\n"
    repo.record(BASE.replace(summary + "\n", hostile))
    code, lines = repo.check()
    assert code == 1 and lines == [f"{P}:6:8: error {JAVASCRIPT}"]


def test_a_folded_line_is_judged_as_the_parsed_text_reads(repo: Repo) -> None:
    """In a folded YAML block (`>`), a raw line that starts with `[label]: target` is joined to
    the line before when parsed: it is prose, even with a target-like word. In a literal block
    (`|`) the same line stays a line of its own, and a definition there is judged."""
    summary = BASE.splitlines()[3]
    folded = "summary: >\n  The customer wrote on the portal and quoted our notice\n  [15.01.2025]: javascript:void\n"
    repo.record(BASE.replace(summary + "\n", folded))
    assert repo.check() == (0, [])
    literal = "summary: |\n  The customer wrote on the portal and quoted our notice\n  [15.01.2025]: javascript:void\n"
    repo.record(BASE.replace(summary + "\n", literal))
    code, lines = repo.check()
    assert code == 1 and len(lines) == 1 and "javascript" in lines[0]


def test_summary_link_to_existing_evidence_is_fine(repo: Repo) -> None:
    repo.write("incidents/2026/PIR-2026-0001/evidence/report.pdf", b"%PDF-1.7\n")
    with_summary(repo, "evidence/report.pdf")
    assert repo.check() == (0, [])


def test_summary_link_to_missing_evidence_is_broken(repo: Repo) -> None:
    with_summary(repo, "evidence/missing.pdf")
    assert repo.check() == (
        1,
        [f"{P}:4:27: error link-broken: link target does not exist: evidence/missing.pdf {BROKEN_HINT}"],
    )


def test_summary_link_to_evidence_symlinked_outside_the_repository(
    repo: Repo, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "leak.txt"
    outside.write_text("not the repository's to publish\n", encoding="utf-8")
    evidence = repo.root / "incidents/2026/PIR-2026-0001/evidence"
    evidence.mkdir(parents=True)
    os.symlink(outside, evidence / "leak.txt")
    with_summary(repo, "evidence/leak.txt")
    assert repo.check() == (1, [f"{P}:4:27: error {VIA_SYMLINK}"])


def test_action_item_link_that_leaves_the_repository(repo: Repo) -> None:
    with_ticket(repo, "../../../../etc/shadow")
    assert repo.check() == (1, [f"{P}:33:156: error {VIA_DOTS}"])


@pytest.mark.parametrize("link", ["SRE-2417", "https://tickets.example.com/SRE-1", '"SRE-2417"'])
def test_action_item_ticket_link_is_fine(repo: Repo, link: str) -> None:
    with_ticket(repo, link)
    assert repo.check() == (0, [])


def test_record_symlinked_outside_the_repository_is_refused(
    repo: Repo, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "incident.yaml"
    outside.write_text(BASE, encoding="utf-8")
    (repo.root / P).parent.mkdir(parents=True)
    os.symlink(outside, repo.root / P)
    assert repo.check() == (
        1,
        [
            f"{P}:1:1: error path-outside: the file is a symlink that leads outside the repository "
            "(replace the symlink with the file itself)",
        ],
    )


def test_template_folder_symlinked_outside_the_repository_is_refused(
    repo: Repo, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "tags.md.j2").write_text("# Not ours\n", encoding="utf-8")
    (repo.root / "templates").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ConfigError) as caught:
        environment(repo.root / "templates", repo.root)
    [problem] = caught.value.problems
    assert (problem.code, problem.message) == (
        "path-outside",
        "the template override folder resolves outside the repository",
    )


def test_hostile_links_never_end_in_a_traceback(repo: Repo) -> None:
    folder = repo.root / "incidents/2026/PIR-2026-0002"
    folder.mkdir(parents=True)
    os.symlink("loop", folder / "loop")
    body = "\n".join(
        [
            "[a](../../../../../etc/passwd) [b](/etc/passwd) [c](file:///etc/passwd)",
            "[d](loop) [e](evidence/a\x00b) [f]("
            + "x/" * 5000
            + ") [g](%00) [h](a%2F..%2F..%2F..%2F..%2F..)",
            "[i](" * 2000 + ")" * 2000 + " [j](](](](",
            "[k](javascript:alert(1)) [l](vbscript:msgbox) [m](\\\\?\\C:\\) [n](<>) [o]()",
        ]
    )
    with_postmortem(repo, body)
    code, lines = repo.check()
    assert code == 1
    assert not any("Traceback" in line for line in lines)
    assert {line.split(" ")[2] for line in lines} == {"link-outside:", "link-broken:", "unsafe-link:"}
