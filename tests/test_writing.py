"""Files are replaced whole or not at all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BASE, PROJECT, RECORD_PATH
from pirsite.cli import main
from pirsite.writing import write_atomically


def test_text_and_bytes_replace_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "page.svg"
    write_atomically(path, "<svg/>é")
    assert path.read_text(encoding="utf-8") == "<svg/>é"
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in path.parent.iterdir()] == ["page.svg"]  # no temporary left behind


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomically(path, None)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["records.json"]


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_the_umask_mode(tmp_path: Path, mask: int, expected: int) -> None:
    old = os.umask(mask)
    try:
        write_atomically(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.json") == expected


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o664)
    write_atomically(path, "new")
    assert _mode(path) == 0o664


def test_the_check_cache_and_schema_write_follow_the_umask(tmp_path: Path) -> None:
    """Teammates on a shared machine can read what check and schema --write leave behind."""
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    (tmp_path / RECORD_PATH).parent.mkdir(parents=True)
    (tmp_path / RECORD_PATH).write_text(BASE)
    schema = tmp_path / "schemas/incident.schema.json"
    schema.write_text(schema.read_text().replace('"title"', '"title" ', 1))  # drifted copy
    schema.chmod(0o664)
    old = os.umask(0o022)
    try:
        CliRunner().invoke(main, ["--root", str(tmp_path), "check"])
        written = CliRunner().invoke(main, ["--root", str(tmp_path), "schema", "--write"])
    finally:
        os.umask(old)
    assert "updated schemas/incident.schema.json" in written.output
    assert _mode(schema) == 0o664  # replaced, mode kept
    cache = sorted(p for p in (tmp_path / ".pirsite-cache").iterdir())
    assert cache and {_mode(p) for p in cache} == {0o644}
