"""Problems print harmlessly in every format: texts from records (keys, values, file names)
never add a line, forge a GitHub workflow command, or reach a terminal as a control sequence."""

from __future__ import annotations

import json
import unicodedata

import pytest

from conftest import BASE, Repo
from pirsite.output import FORMATS, as_dict, visible
from pirsite.problems import Problem, error, warning

FORGED = "::error file=README.md,line=1::FORGED"
HOSTILE = {
    "newline command": f"a\n{FORGED}",
    "cr command": f"a\r{FORGED}",
    "crlf command": f"a\r\n{FORGED}",
    "legacy command": "a ##[error]FORGED ##[stop-commands]tok",
    "osc-8 link": "\x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\",
    "csi colour": "\x1b[31mred\x1b[0m",
    "c1 csi": "\x9b31mred",
    "del and nul": "a\x7fb\x00c",
    "bidi": "\u202eevil\u202c \u2066x\u2069 \u200e\u200f\u061c",
    "zero width": "a\u200bb\u200cc\u200dd\u2060e\ufeff",
    "line separators": "a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i",
    "tab": "a\tb",
    "tag characters": "a\U000e0041\U000e007f",
    "lone surrogate": "bad\udc80name",  # a file name read with surrogateescape
}
HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def problems() -> list[Problem]:
    found = [
        error(
            f"incidents/{text}.yaml",
            "unknown-field",
            f"unknown field `{text}`",
            f"remove {text}",
            field=(text, 0, text),
            line=3,
            column=1,
        )
        for text in HOSTILE.values()
    ]
    found.append(warning(f"{FORGED}.yaml", "x", "m", line=1, column=1))  # a path that starts with "::"
    found.append(error(f" \u3000{FORGED}.yaml", "x", "m", line=1, column=1))  # after whitespace
    return found


def hidden_characters(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in HIDDEN]


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_one_line_per_problem_and_nothing_hidden(fmt: str) -> None:
    found = problems()
    out = FORMATS[fmt](found)
    out.encode("utf-8")  # printable, even from a lone surrogate
    assert out.endswith("\n")
    lines = out[:-1].split("\n")
    # splitlines also splits on VT, FF, FS, GS, RS, NEL, U+2028, U+2029
    assert len(lines) == len(found) == len(out.splitlines())
    for line in lines:
        assert hidden_characters(line) == [], line


def test_text_lines_never_read_as_workflow_commands() -> None:
    for line in FORMATS["text"](problems()).splitlines():
        assert not line.lstrip().startswith("::"), line  # the runner trims leading whitespace first
        assert "##[" not in line, line  # the legacy form is read anywhere in a line
    assert FORMATS["text"](problems()[-2:]).splitlines()[0].startswith("./::error file=README.md")


def test_github_lines_are_each_one_command_for_the_record_file() -> None:
    """Parsed as the runner does: `::name props::data`, props split on ','."""
    for problem, line in zip(problems(), FORMATS["github"](problems()).splitlines(), strict=True):
        assert line.startswith(f"::{problem.level} ")
        info, _, data = line[2:].partition("::")
        name, _, props = info.partition(" ")
        assert name == problem.level
        assert [p.split("=", 1)[0] for p in props.split(",")] == ["file", "line", "col", "title"]
        assert "\n" not in data and "\r" not in data


def test_text_shows_controls_as_escapes() -> None:
    line = FORMATS["text"]([error("a.yaml", "c", HOSTILE["newline command"], line=1, column=1)])
    assert line == f"a.yaml:1:1: error c: a\\n{FORGED}\n"
    assert visible("\r\n\t\x1b\x9b\x7f\u202e\u200b\U000e0041\udc80") == (
        "\\r\\n\\t\\x1b\\x9b\\x7f\\u202e\\u200b\\U000e0041\\udc80"
    )
    assert visible("Müller, 東京 ✓ 100% \u00a0") == "Müller, 東京 ✓ 100% \u00a0"  # text is kept


def test_github_keeps_its_percent_escapes() -> None:
    line = FORMATS["github"]([error("a.yaml", "c", "100%\r\n\x1b[31m", line=1, column=2)])
    assert line == "::error file=a.yaml,line=1,col=2,title=c::100%25%0D%0A\\x1b[31m\n"


def test_json_parses_back_to_the_texts_with_nothing_hidden_raw() -> None:
    found = problems()
    out = FORMATS["json"](found)
    out.encode("utf-8")
    assert hidden_characters(out.replace("\n", "")) == []
    assert json.loads(out) == [as_dict(p) for p in found]


def test_json_keeps_other_unicode_readable() -> None:
    out = FORMATS["json"]([error("a.yaml", "c", "Müller 東京", line=1, column=1)])
    assert '"message": "Müller 東京"' in out


HOSTILE_KEY = '"a\\n::error file=README.md,line=1::FORGED\\e]8;;http://x\\e\\\\ \\u202e \\x9b31m": 1\n'


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_check_never_prints_a_forged_command(repo: Repo, fmt: str) -> None:
    repo.record(BASE + HOSTILE_KEY)
    code, lines = repo.check("--format", fmt)
    assert code == 1
    assert not [line for line in lines if line.lstrip().startswith("::error file=README.md")]
    assert [c for line in lines for c in hidden_characters(line)] == []
    if fmt == "json":
        (problem,) = json.loads("\n".join(lines))
        assert (
            problem["field"]
            == "a\n::error file=README.md,line=1::FORGED\x1b]8;;http://x\x1b\\ \u202e \x9b31m"
        )
    else:
        assert len(lines) == 1 and "unknown-field" in lines[0]
