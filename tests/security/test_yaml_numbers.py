"""YAML 1.1 number forms are refused: a record never holds a number other than the one a reader sees.

PyYAML reads YAML 1.1: `017` is octal 15, `1:30` is 90 (base 60), `0x1F` 31, `1_000` 1000.
Counts feed notification thresholds, so each such form is an error (yaml-number) at the
scalar, and the rest of the record is still checked. Plain decimal numbers are unchanged.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import BASE, PRIVACY, RECORD_PATH, Repo
from pirsite.cli import main
from pirsite.yamlsafe import parse

P = RECORD_PATH
PRIVACY_PATH = "incidents/2026/PIR-2026-0002/incident.yaml"
COUNT_LINE = 27  # scope.users_affected, inserted after scope.services
COUNT_COLUMN = len("  users_affected: ") + 1


def with_count(value: str) -> str:
    return BASE.replace("  services: [search]\n", f"  services: [search]\n  users_affected: {value}\n")


def number_error(raw: str, kind: str, read: str, example: str | None, line: int, column: int) -> str:
    plainly = f"in plain decimal digits, e.g. `{example}`," if example else "in plain decimal digits,"
    return (
        f"{P}:{line}:{column}: error yaml-number: `{raw}` is a YAML 1.1 {kind} (it would be read as {read}) "
        f'(write the number {plainly} or quote it if it is text: "{raw}")'
    )


def wrong_type(got: str) -> str:
    return (
        f"{P}:{COUNT_LINE}:3: error wrong-type scope.users_affected: expected a whole number, "
        f"got {got} (Number of users affected. `unknown` when not known.)"
    )


@pytest.mark.parametrize(
    ("raw", "kind", "read", "example"),
    [
        ("017", "octal number", "15", "17"),
        ("0100", "octal number", "64", "100"),
        ("00", "octal number", "0", "0"),
        ("0x1F", "hexadecimal number", "31", "31"),
        ("0b11", "binary number", "3", "3"),
        ("1:30", "base-60 (sexagesimal) number", "90", "90"),
        ("1_000", "number with `_` digit separators", "1000", "1000"),
    ],
)
def test_yaml11_integer_form_in_a_count_is_an_error(
    repo: Repo, raw: str, kind: str, read: str, example: str
) -> None:
    repo.record(with_count(raw))
    assert repo.check() == (1, [number_error(raw, kind, read, example, COUNT_LINE, COUNT_COLUMN)])


@pytest.mark.parametrize(
    ("raw", "kind", "read", "example", "got"),
    [
        ("1:30.5", "base-60 (sexagesimal) number", "90.5", "90.5", "the number 90.5"),
        (".inf", "special number", "infinity", None, "the number inf"),
        (".nan", "special number", "not-a-number", None, "the number nan"),
    ],
)
def test_yaml11_float_form_in_a_count_is_an_error(
    repo: Repo, raw: str, kind: str, read: str, example: str | None, got: str
) -> None:
    repo.record(with_count(raw))
    # a float is not a count either: the schema says so too, on the field
    assert repo.check() == (
        1,
        [wrong_type(got), number_error(raw, kind, read, example, COUNT_LINE, COUNT_COLUMN)],
    )


def test_yaml12_octal_is_text_to_yaml11_and_refused_as_a_count(repo: Repo) -> None:
    # YAML 1.1 has no 0o prefix: `0o17` is the text "0o17" (YAML 1.2 would read 15); a count refuses text
    repo.record(with_count("0o17"))
    assert repo.check() == (1, [wrong_type("text")])


def test_count_inside_a_list_points_at_the_number(repo: Repo) -> None:
    text = PRIVACY.replace("{jurisdiction: DE, count: 1}", "{jurisdiction: DE, count: 010}")
    repo.record(text, PRIVACY_PATH)
    line = text[: text.index("count: 010")].count("\n") + 1
    column = text.splitlines()[line - 1].index("010") + 1
    code, lines = repo.check()
    assert code == 1
    assert lines == [
        number_error("010", "octal number", "8", "10", line, column).replace(P, PRIVACY_PATH),
    ]


def test_every_number_and_the_rest_of_the_record_are_checked_in_one_run(repo: Repo) -> None:
    text = (
        with_count("0x1F")
        .replace("  services: [search]\n", "  services: [search]\n  customers_affected: 1_000\n")
        .replace("urgency: medium", "urgency: meduim")
    )
    repo.record(text)
    code, lines = repo.check()
    assert code == 1
    assert lines == [
        f"{P}:12:1: error invalid-value urgency: `meduim` is not an allowed value (did you mean `medium`?)",
        number_error("1_000", "number with `_` digit separators", "1000", "1000", 27, 23),
        number_error("0x1F", "hexadecimal number", "31", "31", 28, COUNT_COLUMN),
    ]


@pytest.mark.parametrize("raw", ["17", "0", "1000"])
def test_plain_decimal_counts_pass(repo: Repo, raw: str) -> None:
    repo.record(with_count(raw))
    assert repo.check() == (0, [])


def test_quoted_digits_are_text(repo: Repo) -> None:
    repo.record(BASE.replace("reporter: monitoring", 'reporter: "0100"'))
    assert repo.check() == (0, [])


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("17", 17),
        ("0", 0),
        ("-3", -3),
        ("+3", 3),
        ("12345678901234567890", 12345678901234567890),
        ("1.5", 1.5),
        ("-0.25", -0.25),
        ("1.", 1.0),
        (".5", 0.5),  # accepted: it reads as 0.5, as a reader expects
        ("007.5", 7.5),  # floats are always decimal in YAML 1.1
        ("1.5e+3", 1500.0),
        ("1e3", "1e3"),  # no dot: text in YAML 1.1, never a different number
    ],
)
def test_plain_decimal_numbers_parse_as_written(raw: str, value: object) -> None:
    assert parse(f"n: {raw}\n", "x.yaml") == ({"n": value}, [])


@pytest.mark.parametrize("raw", ["-017", "+0x1F", "0_17", "-.inf", "1_000.5", "-1:30"])
def test_signed_and_mixed_forms_are_refused(raw: str) -> None:
    _data, problems = parse(f"n: {raw}\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-number", 1, 4)]


def test_a_long_number_is_not_echoed() -> None:
    raw = "0x" + "F" * 5000
    _data, problems = parse(f"n: {raw}\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-number", 1, 4)]
    assert (
        problems[0].message
        == f"`{raw[:40]}…` is a YAML 1.1 hexadecimal number (it would be read as another number)"
    )


def test_policy_with_a_yaml11_number_is_a_configuration_error(repo: Repo) -> None:
    policy = repo.root / "schemas/policy.yaml"
    text = policy.read_text()
    assert text.count("      min_approvals: 2\n") == 1
    policy.write_text(text.replace("      min_approvals: 2\n", "      min_approvals: 02\n"))
    line = text[: text.index("      min_approvals: 2\n")].count("\n") + 1
    result = CliRunner().invoke(main, ["--root", str(repo.root), "check"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"schemas/policy.yaml:{line}:22: error yaml-number: `02` is a YAML 1.1 octal number (it would be read as 2) "
        '(write the number in plain decimal digits, e.g. `2`, or quote it if it is text: "02")',
        "pirsite: configuration error: schemas/policy.yaml is not a valid policy",
    ]
