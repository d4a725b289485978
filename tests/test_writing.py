"""Files are replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

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
