"""Property-based tests: no input crashes the checker, and the fast and detailed
validators always agree on what is valid."""

from __future__ import annotations

import shutil

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import BASE, POSTMORTEM, PRIVACY, PROJECT
from pirsite.pipeline import check, load_config
from pirsite.problems import Problem

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RECORD = "incidents/2026/PIR-2026-0002/incident.yaml"
PM = "incidents/2026/PIR-2026-0002/postmortem.md"


class Setup(tuple):
    """(root, config) with a short repr, so a failing example prints readably."""

    def __repr__(self) -> str:
        return f"Setup({self[0]})"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    (root / RECORD).parent.mkdir(parents=True)
    return Setup((root, load_config(root)))


def run(setup: Setup, record: bytes, postmortem: bytes | None = None) -> list[Problem]:
    root, config = setup
    (root / RECORD).write_bytes(record)
    if postmortem is not None:
        (root / PM).write_bytes(postmortem)
    elif (root / PM).exists():
        (root / PM).unlink()
    result = check(root, config=config, use_cache=False)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message
    return result.problems


@FUZZ
@example(b"~")  # a null document once slipped through as "no problems"
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(setup, data: bytes) -> None:
    problems = run(setup, data)
    assert problems  # random bytes are never a valid record


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes_as_postmortem_never_crash(setup, data: bytes) -> None:
    run(setup, PRIVACY.encode(), b"---\n" + data)


LINES = PRIVACY.splitlines(keepends=True)
YAML_SNIPPETS = st.sampled_from(
    [
        "yes",
        "no",
        "~",
        "''",
        "[]",
        "{}",
        "- a",
        "&x a",
        "*x",
        "!!binary aGk=",
        "? a",
        "<<: {a: 1}",
        "2026-01-01",
        "2026-01-01 10:00",
        "12:30:00",
        "0x1F",
        "1e400",
        ".nan",
        "\t",
        ":",
        "#",
        '"',
        "'",
        "{at: 2026-13-45T99:99:99Z}",
        "\u00e9\u2028",
        "9" * 40,
    ]
)


@st.composite
def mutated_record(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "swap", "value", "indent", "insert"]))
        if action == "drop":
            del lines[index]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "value" and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {draw(YAML_SNIPPETS)}\n"
        elif action == "indent":
            lines[index] = " " * draw(st.integers(0, 5)) + lines[index].lstrip()
        else:
            lines.insert(index, draw(st.text(max_size=30)) + "\n")
        if not lines:
            lines = ["\n"]
    return "".join(lines)


@FUZZ
@given(mutated_record())
def test_mutations_of_a_valid_record_never_crash(setup, text: str) -> None:
    run(setup, text.encode("utf-8", "surrogatepass"), POSTMORTEM.encode())


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "2026-03-02T10:00:00Z",
            "2026-03-02T10:00:00",
            "2026-03-02T23:59:60Z",
            "2026-03-02t10:00:00z",
            "2026-03-02T10:00:00.123456789+01:00",
            "2026-02-29T10:00:00Z",
            "2026-03-02",
            "2026-3-2",
            "PIR-2026-0001",
            "INC-2026-0001",
            "sev1",
            "unassessed",
            "yes",
            "AI-1",
            "PRB-003",
            "CHG-1",
            "a.okafor",
            "DE",
            "US-FL",
            "gdpr-art33",
            "",
            "\u0660\u0661\u0662\u0663-01-01T00:00:00Z",
        ]
    ),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@pytest.mark.parametrize("base", [BASE, PRIVACY], ids=["base", "privacy"])
def test_fast_and_detailed_validators_agree(setup, base: str) -> None:
    _root, config = setup
    schema = config.incident_schema
    original = _stringify(yaml.safe_load(base))

    @FUZZ
    @given(st.data())
    def agree(data) -> None:
        record = _stringify(yaml.safe_load(base))
        paths = [p for p in _paths(record) if p]
        for _ in range(data.draw(st.integers(1, 3))):
            path = data.draw(st.sampled_from(paths))
            parent = record
            try:
                for part in path[:-1]:
                    parent = parent[part]
                if data.draw(st.booleans()) and isinstance(parent, dict):
                    parent.pop(path[-1], None)
                else:
                    parent[path[-1]] = data.draw(VALUES)
            except (KeyError, IndexError, TypeError):
                continue
        assert schema.is_valid(record) == schema.is_valid_detailed(record), record

    assert schema.is_valid(original)
    agree()


def _stringify(value):
    """YAML timestamps to strings, as the pirsite loader keeps them."""
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat().replace("+00:00", "Z")
    return value


ID_PIECES = st.sampled_from(["PIR", "SEC", "pir", "X", "-", "2025", "0042", "12345", "_", " ", "\n", "é", "A1"])


@FUZZ
@given(st.lists(ID_PIECES, max_size=30).map("".join))
@example("PIR-2025-0042-2026-0001 xPIR-2025-0003 _SEC-2024-0001 ÉPIR-2025-0004 A-1234-5678")
def test_mentioned_ids_finds_what_the_id_expression_finds(text: str) -> None:
    """The fast reader of incident ids (it finds the numbers first) agrees with the plain
    expression on every text, so the restricted-mention check misses nothing."""
    from pirsite.rules.mentions import INCIDENT_ID, mentioned_ids

    assert mentioned_ids(text) == set(INCIDENT_ID.findall(text))
