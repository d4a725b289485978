"""Every YAML hazard is refused with a precise, actionable message."""

from __future__ import annotations

import os

import pytest

from conftest import BASE, POSTMORTEM, PRIVACY, RECORD_PATH, Repo

P = RECORD_PATH


def test_duplicate_key_points_at_the_second_key(repo: Repo) -> None:
    repo.record(BASE.replace("severity: sev3\n", "severity: sev3\nseverity: sev2\n"))
    assert repo.check() == (
        1,
        [
            f"{P}:11:1: error yaml-duplicate-key: duplicate key `severity` "
            "(each key may appear once in a mapping; merge the two entries)",
        ],
    )


def test_duplicate_key_still_reports_schema_errors(repo: Repo) -> None:
    text = BASE.replace("severity: sev3\n", "severity: sev3\nseverity: sev2\n").replace(
        "urgency: medium", "urgency: meduim"
    )
    repo.record(text)
    code, lines = repo.check()
    assert code == 1
    assert (
        lines[1]
        == f"{P}:13:1: error invalid-value urgency: `meduim` is not an allowed value (did you mean `medium`?)"
    )


def test_alias_and_anchor_are_refused(repo: Repo) -> None:
    repo.record(BASE.replace("domains: [availability]", "domains: &d [availability]\ntags: *d"))
    assert repo.check() == (
        1,
        [
            f"{P}:8:10: error yaml-alias: anchor `&d` is not allowed in records (write the value out in full; "
            "anchors and aliases hide what a record says and can expand without bound)",
            f"{P}:9:7: error yaml-alias: alias `*d` is not allowed in records (write the value out in full; "
            "anchors and aliases hide what a record says and can expand without bound)",
        ],
    )


def test_yaml_bomb_is_refused_without_expanding(repo: Repo) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    repo.record(bomb)
    code, lines = repo.check()
    assert code == 1
    assert lines[0].startswith(f"{P}:1:4: error yaml-alias: anchor `&a` is not allowed")


def test_tab_indentation(repo: Repo) -> None:
    repo.record(BASE.replace("  method: monitoring-alert", "\tmethod: monitoring-alert"))
    assert repo.check() == (
        1,
        [
            f"{P}:23:1: error yaml-tab: tab used for indentation "
            "(YAML indentation must use spaces; replace the tab with spaces)",
        ],
    )


def test_tabs_inside_text_are_fine(repo: Repo) -> None:
    repo.record(
        BASE.replace("title: Search latency", 'title: "Search\\tlatency').replace(
            "EU region\n", 'EU region"\n', 1
        )
    )
    assert repo.check() == (0, [])


def test_non_utf8(repo: Repo) -> None:
    repo.record(BASE.replace("Search latency", "Search lat\udcffency").encode("utf-8", "surrogateescape"))
    assert repo.check() == (
        1,
        [f"{P}:3:18: error encoding: the file is not valid UTF-8 (byte 0xff) (save the file as UTF-8)"],
    )


def test_file_over_size_limit(repo: Repo) -> None:
    repo.record(BASE + "# " + "x" * (1 << 20) + "\n")
    assert repo.check() == (
        1,
        [
            f"{P}:1:1: error too-large: the file is larger than 1024 KiB (records hold facts, not attachments; "
            "move large content to evidence/ or summarise it)",
        ],
    )


def test_symlink_outside_repository(repo: Repo, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "incident.yaml"
    outside.write_text(BASE, encoding="utf-8")
    target = repo.root / P
    target.parent.mkdir(parents=True)
    os.symlink(outside, target)
    assert repo.check() == (
        1,
        [
            f"{P}:1:1: error path-outside: the file is a symlink that leads outside the repository "
            "(replace the symlink with the file itself)",
        ],
    )


def test_symlinked_folder_outside_repository(repo: Repo, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "incident.yaml").write_text(BASE, encoding="utf-8")
    (repo.root / "incidents/2026").mkdir(parents=True)
    os.symlink(outside, repo.root / "incidents/2026/PIR-2026-0001")
    code, lines = repo.check()
    assert (code, lines[0][:60]) == (1, f"{P}:1:1: error path-outside: the file is a symlink"[:60])


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO"])
def test_unquoted_yaml11_boolean_where_text_is_wanted(repo: Repo, word: str) -> None:
    repo.record(
        PRIVACY.replace('personal_data_disclosed: "yes"', f"personal_data_disclosed: {word}"),
        "incidents/2026/PIR-2026-0002/incident.yaml",
    )
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", POSTMORTEM)
    value = "true" if word.lower() in ("yes", "on") else "false"
    assert repo.check() == (
        1,
        [
            f"incidents/2026/PIR-2026-0002/incident.yaml:27:3: error yaml-bool privacy.personal_data_disclosed: "
            f'unquoted `{word}` is read by YAML as the boolean {value}, not as text (quote it: "{word}")',
        ],
    )


def test_unquoted_yes_is_fine_where_a_boolean_is_wanted(repo: Repo) -> None:
    repo.record(BASE.replace("internal: true", "internal: yes"))
    assert repo.check() == (0, [])


def test_timestamp_without_offset(repo: Repo) -> None:
    repo.record(BASE.replace("contained_at: 2026-03-02T10:30:00Z", "contained_at: 2026-03-02T10:30:00"))
    assert repo.check() == (
        1,
        [
            f"{P}:20:1: error timestamp-offset contained_at: timestamp `2026-03-02T10:30:00` has no UTC offset "
            "(add the offset it was recorded in, e.g. `Z` for UTC or `+01:00`; use the form 2026-03-01T14:05:00Z)",
        ],
    )


def test_timestamp_with_space_and_no_offset(repo: Repo) -> None:
    repo.record(BASE.replace("- {at: 2026-03-02T10:00:00Z", "- {at: 2026-03-02 10:00"))
    _code, lines = repo.check()
    assert lines == [
        f"{P}:30:6: error timestamp-offset timeline[0].at: timestamp `2026-03-02 10:00` has no UTC offset "
        "(add the offset it was recorded in, e.g. `Z` for UTC or `+01:00`; use the form 2026-03-01T14:05:00Z)",
    ]


def test_date_where_timestamp_is_wanted(repo: Repo) -> None:
    """A date is a valid partial time, but a live incident is told it costs its clocks."""
    repo.record(BASE.replace("resolved_at: 2026-03-02T10:40:00Z", "resolved_at: 2026-03-02"))
    assert repo.check() == (
        0,
        [
            f"{P}:21:1: warning partial-time resolved_at: `2026-03-02` is only a date, so the durations and "
            "clocks that use it are not measured (record the time with its offset, e.g. 2026-03-01T14:05:00Z; "
            "a record of an incident handled before the program can say historical: true)",
        ],
    )


def test_impossible_timestamp(repo: Repo) -> None:
    repo.record(BASE.replace("resolved_at: 2026-03-02T10:40:00Z", "resolved_at: 2026-02-30T10:40:00Z"))
    assert repo.check() == (
        1,
        [
            f"{P}:21:1: error bad-timestamp resolved_at: `2026-02-30T10:40:00Z` is not a time "
            "(write it like 2026-03-01T14:05:00Z, or as precisely as it is known: 2014-06-01, 2014-06 or 2014; "
            "`unknown` if it is not known)",
        ],
    )


def test_python_tag_is_refused(repo: Repo) -> None:
    repo.record(BASE.replace("reporter: monitoring", "reporter: !!python/object/apply:os.system [echo]"))
    assert repo.check() == (
        1,
        [
            f"{P}:14:11: error yaml-tag: YAML tag `!!python/object/apply:os.system` is not allowed "
            "(remove the tag; records hold plain text, numbers, lists and mappings)",
        ],
    )


def test_syntax_error_has_position(repo: Repo) -> None:
    repo.record(BASE.replace("title: Search latency spike in the EU region", "title: Search: latency: spike"))
    code, lines = repo.check()
    assert code == 1
    assert lines == [
        f"{P}:3:14: error yaml-syntax: YAML syntax error: mapping values are not allowed in this context "
        "(check indentation and quoting on this line and the one before; quote values that contain ': ' "
        "or start with a special character)",
    ]


def test_empty_file(repo: Repo) -> None:
    repo.record("# nothing yet\n")
    assert repo.check() == (
        1,
        [f"{P}:1:1: error yaml-empty: the document is empty (a record is a YAML mapping of fields)"],
    )


def test_record_that_is_not_a_mapping(repo: Repo) -> None:
    repo.record("- just\n- a list\n")
    assert repo.check() == (
        1,
        [
            f"{P}:1:1: error wrong-type: expected a mapping of fields "
            "(write `field: value` lines, starting with the required fields)",
        ],
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # Deeper than libyaml's own limit (1,000 flow levels since PyYAML 6.0.3): still ours.
        ("tags: " + "[" * 30000 + "]" * 30000 + "\n", "1:70"),
        ("tags: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "1:259"),
    ],
)
def test_deep_nesting_is_refused_not_crashed(repo: Repo, text: str, where: str) -> None:
    repo.record(text)
    code, lines = repo.check()
    assert code == 1
    assert lines == [
        f"{P}:{where}: error yaml-depth: nesting deeper than 64 levels (records are shallow; flatten the structure)"
    ]


def test_front_matter_that_does_not_parse(repo: Repo) -> None:
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write(
        "incidents/2026/PIR-2026-0002/postmortem.md",
        POSTMORTEM.replace("status: approved", "status: [approved"),
    )
    code, lines = repo.check()
    assert code == 1
    assert lines == [
        "incidents/2026/PIR-2026-0002/postmortem.md:4:8: error yaml-syntax: YAML syntax error: did not find "
        "expected ',' or ']' (while parsing a flow sequence) (check indentation and quoting on this line and "
        "the one before; quote values that contain ': ' or start with a special character)",
    ]


def test_front_matter_missing(repo: Repo) -> None:
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", "# Postmortem\n\n## Summary\n")
    assert repo.check() == (
        1,
        [
            "incidents/2026/PIR-2026-0002/postmortem.md:1:1: error front-matter: the postmortem does not start "
            "with front matter (begin the file with a line '---', the YAML fields, and another '---')",
        ],
    )


def test_front_matter_not_closed(repo: Repo) -> None:
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", "---\nincident: PIR-2026-0002\n")
    assert repo.check() == (
        1,
        [
            "incidents/2026/PIR-2026-0002/postmortem.md:1:1: error front-matter: the front matter is not closed "
            "(end the YAML fields with a line '---')",
        ],
    )


def test_front_matter_duplicate_key_line_counts_from_file_start(repo: Repo) -> None:
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write(
        "incidents/2026/PIR-2026-0002/postmortem.md",
        POSTMORTEM.replace("status: approved\n", "status: approved\nstatus: draft\n"),
    )
    _code, lines = repo.check()
    assert lines[0] == (
        "incidents/2026/PIR-2026-0002/postmortem.md:4:1: error yaml-duplicate-key: duplicate key "
        "`status` (each key may appear once in a mapping; merge the two entries)"
    )
