"""The CSV export is safe to open in a spreadsheet: no text cell starts a formula (even behind
whitespace, controls, zero-width or bidi characters, or in its full-width form), and a CR or LF
in a text never ends a row, so a CSV reader gets one row per incident with the recorded text."""

from __future__ import annotations

import csv
import io
import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import BASE, PRIVACY, PROJECT, Repo
from pirsite.exports import _csv_cell, to_csv
from site_fixtures import pirsite_build, program

FORMULA_CHARS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# What a spreadsheet or a reader's eye may skip before the first character that counts.
SKIPPED = {"Cc", "Cf", "Zs", "Zl", "Zp"}

ATTACKS = {
    "cr": "\r=1+1 cr lead",
    "lf": "\n=1+1",
    "crlf": "\r\n=1+1",
    "tab": "\t=1+1",
    "spaces": "   =1+1",
    "zero-width space": "\u200b=1+1",
    "bidi override": "\u202e=1+1",
    "bidi isolate": "\u2066=1+1",
    "nbsp": "\u00a0=1+1",
    "bom": "\ufeff=1+1",
    "c1 next line": "\x85=1+1",
    "mixed": "\u00a0\u200b\r\n\t \u202e=cmd|' /C calc'!A0",
    "equals": '=HYPERLINK("http://x","y")',
    "plus": "+1+1",
    "minus": "-1+1",
    "at": "@SUM(A1:A2)",
    "full-width equals": "\uff1d1+1",
    "full-width plus": "\uff0b1+1",
    "full-width minus": "\uff0d1+1",
    "full-width at": "\uff20SUM(A1)",
    "spaces then full-width": "  \uff1d1+1",
    "tab alone": "\tplain",
    "cr alone": "\rplain",
}
HARMLESS = {
    "plain": "Search latency spike",
    "embedded cr lf": "starts plain\r=1+1\nsecond line\r\nthird =2",
    "formula char later": "a=1+1",
    "apostrophe": "'quoted already",
}


def formula_leading(cell: str) -> bool:
    """The test's own reading of a cell, as a lenient spreadsheet might: the first character
    that is not whitespace, a control or a format (zero-width, bidi) character."""
    first = next((c for c in cell if not (c.isspace() or unicodedata.category(c) in SKIPPED)), "")
    return first in FORMULA_CHARS or cell.startswith(("\t", "\r", "\n"))


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return cell == cell.strip()


def assert_safe(rows: list[list[str]]) -> None:
    """No cell but a number (-0.5) starts a formula unless it starts with the quote."""
    for row in rows:
        for cell in row:
            assert cell.startswith("'") or is_number(cell) or not formula_leading(cell), repr(cell)


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_formula_leading_text_is_neutralised(text: str) -> None:
    assert formula_leading(text)
    assert _csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS.values(), ids=HARMLESS.keys())
def test_other_text_is_kept(text: str) -> None:
    assert _csv_cell(text) == text


@pytest.mark.parametrize(
    "texts", [*([t] for t in ATTACKS.values()), list(ATTACKS.values()) + list(HARMLESS.values())]
)
def test_one_row_per_incident_with_the_text_back(texts: list[str]) -> None:
    rows = [{"id": f"PIR-{n}", "title": t, "teams": [t, "ops"], "hours": -0.5} for n, t in enumerate(texts)]
    parsed = parse(to_csv(rows))
    assert len(parsed) == 1 + len(rows)
    assert parsed[0] == ["id", "title", "teams", "hours"]
    assert_safe(parsed)
    for row, (n, text) in zip(parsed[1:], enumerate(texts), strict=True):
        title = "'" + text if formula_leading(text) else text
        assert row == [f"PIR-{n}", title, title + ";ops", "-0.5"]


def test_cr_and_lf_are_only_row_ends_or_quoted() -> None:
    text = to_csv([{"id": "PIR-1", "title": "\r=1+1 cr lead"}, {"id": "PIR-2", "title": "a\nb\rc"}])
    assert text == 'id,title\r\nPIR-1,"\'\r=1+1 cr lead"\r\nPIR-2,"a\nb\rc"\r\n'
    # also when a reader's newline translation turned the row ends into LF
    assert parse(text.replace("\r\n", "\n")) == parse(text)


def test_numbers_stay_numbers_and_lists_are_joined() -> None:
    row = {"hours": -0.5, "count": -3, "zero": 0, "ok": False, "none": None}
    assert to_csv([row]).splitlines() == ["hours,count,zero,ok,none", "-0.5,-3,0,false,"]
    assert _csv_cell(["=a", "b"]) == "'=a;b"
    assert _csv_cell(["a", "=1"]) == "a;=1"  # not formula-leading in a spreadsheet cell
    assert _csv_cell(["\u200b+1", "b"]) == "'\u200b+1;b"
    assert _csv_cell(["\u200b", "+1"]) == "\u200b;+1"  # starts with ";" once the invisible is skipped
    assert _csv_cell("-5") == "'-5"  # text, even if it looks like a number
    assert _csv_cell(float("-inf")) == "'-inf"  # not a number a spreadsheet can hold


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exports")
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    repo = program(Repo(root))
    repo.record(BASE.replace("title: Search latency spike in the EU region", 'title: "\\r=1+1 cr lead"'))
    repo.record(
        PRIVACY.replace(
            "title: Invoice emailed to the wrong customer", 'title: "\\uff1dHYPERLINK(1)\\r\\nnext"'
        ),
        "incidents/2026/PIR-2026-0002/incident.yaml",
    )
    result = pirsite_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site/exports/incidents.csv"


def test_the_built_csv_has_one_row_per_incident_and_no_formula(exported: Path) -> None:
    with exported.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == ["PIR-2026-0001", "PIR-2026-0002"]
    assert [row["title"] for row in rows] == ["'\r=1+1 cr lead", "'\uff1dHYPERLINK(1)\r\nnext"]
    assert_safe([list(row.values()) for row in rows])
    assert rows[0]["hours_to_contain"] == "0.5"
