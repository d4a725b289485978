"""Hand-written pages name policy values (`[[policy slas.acknowledge]]`) instead of typing
them, so a card or procedure copied into a program with another policy states that policy's
targets; a name the build does not know stops the build."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from pirsite.cli import main
from pirsite.site.policy_values import fill, words
from site_fixtures import pirsite_build


def test_durations_read_as_people_write_them() -> None:
    assert words(timedelta(minutes=15)) == "15 min"
    assert words(timedelta(minutes=90)) == "90 min"
    assert words(timedelta(hours=4)) == "4 h"
    assert words(timedelta(hours=36)) == "36 h"
    assert words(timedelta(days=1)) == "1 day"
    assert words(timedelta(days=30)) == "30 days"
    assert words({"sev1": timedelta(minutes=15), "sev2": timedelta(hours=1)}) == "`sev1` 15 min, `sev2` 1 h"


def test_an_unknown_name_is_reported_not_blanked() -> None:
    from conftest import PROJECT
    from pirsite.pipeline import check

    policy = check(PROJECT, use_cache=False, git_history=False).policy
    text, unknown = fill("within [[policy slas.acknowledge]] or [[policy slas.ackowledge]]", policy)
    assert text.startswith("within `sev1` 15 min, `sev2` 30 min")
    assert unknown == ["slas.ackowledge"] and "[[policy slas.ackowledge]]" in text


def test_a_new_program_with_its_own_targets_gets_a_card_with_them(tmp_path: Path) -> None:
    root = tmp_path / "ir"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    policy = root / "schemas/policy.yaml"
    text = policy.read_text(encoding="utf-8")
    assert "acknowledge: {sev1: 15m," in text
    policy.write_text(
        text.replace("acknowledge: {sev1: 15m,", "acknowledge: {sev1: 10m,").replace(
            "assess_severity_within: 4h", "assess_severity_within: 2h"
        ),
        encoding="utf-8",
    )
    result = pirsite_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    card = (root / "site/training/first-15-minutes/index.html").read_text(encoding="utf-8")
    assert "<code>sev1</code> 10 min" in card and "<code>sev1</code> 15 min" not in card
    assert "2 h after <code>reported_at</code>" in card

    page = root / "docs/training/first-15-minutes.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nWithin [[policy slas.ackowledge]].\n", encoding="utf-8"
    )
    result = pirsite_build(root)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/training/first-15-minutes.md: unknown policy value [[policy slas.ackowledge]]" in output
    assert "Traceback" not in output
