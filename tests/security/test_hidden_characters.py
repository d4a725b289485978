"""Titles and ids say what they show: bidirectional controls (a right-to-left override turns
"exe.txt" into "txt.exe") and zero-width characters are errors with a hint, in every title
field and id, and what check prints never carries them raw."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import BASE, POSTMORTEM, PRIVACY, RECORD_PATH, Repo

CONTROLS = [
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u061c",
]
PM_PATH = "incidents/2026/PIR-2026-0002/postmortem.md"


def raw(line: str) -> list[str]:
    return [c for c in line if unicodedata.category(c) in ("Cf", "Cc")]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_hidden_character_in_a_title_is_an_error(repo: Repo, char: str) -> None:
    repo.record(BASE.replace("title: Search latency", f"title: Search{char} latency"))
    code, lines = repo.check()
    assert code == 1
    [line] = [line for line in lines if "hidden-character" in line]
    assert line.startswith(f"{RECORD_PATH}:3:1: error hidden-character title: ")
    assert f"U+{ord(char):04X}" in line and "position 7" in line and "delete it" in line
    assert raw(line) == []


@pytest.mark.parametrize(
    ("where", "old", "new"),
    [
        ("action_items[0].title", "title: Add a second", "title: Add\u202e a second"),
        ("action_items[0].id", "{id: AI-1,", "{id: AI-1\u200b,"),
        ("id", "id: PIR-2026-0001", "id: PIR-2026-0001\u200b"),
    ],
)
def test_every_title_and_id_is_covered(repo: Repo, where: str, old: str, new: str) -> None:
    repo.record(BASE.replace(old, new))
    code, lines = repo.check()
    assert code == 1
    assert [line for line in lines if f" {where}: " in line]  # refused (ids also by their pattern)
    assert all(raw(line) == [] for line in lines)


def test_the_postmortem_title_is_covered(repo: Repo) -> None:
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write(
        PM_PATH, POSTMORTEM.replace("status: approved\n", "status: approved\ntitle: Invoice \u202efdp.exe\n")
    )
    code, lines = repo.check()
    assert code == 1
    assert [line for line in lines if line.startswith(f"{PM_PATH}:4:1: error hidden-character title: ")]


def test_free_text_may_hold_joiners_that_scripts_need(repo: Repo) -> None:
    """Zero-width joiners are part of Persian, Indic scripts and emoji: only titles and ids refuse them."""
    repo.record(
        BASE.replace(
            "took over five seconds",
            "took over five seconds (\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645)",
        )
    )
    _code, lines = repo.check()
    assert [line for line in lines if "hidden-character" in line] == []
