"""The parse cache: a repeated check skips parsing unchanged files, and never lies."""

from __future__ import annotations

import json

import pytest

from conftest import BASE, Repo
from pirsite import pipeline
from pirsite.cache import CACHE_DIR, CACHE_FILE


def test_second_run_reuses_parsed_records(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.record()
    assert repo.check() == (0, [])
    assert (repo.root / CACHE_DIR / CACHE_FILE).is_file()
    assert (repo.root / CACHE_DIR / ".gitignore").read_text() == "*\n"

    parsed: list[str] = []
    real_parse = pipeline.parse

    def counting_parse(text, path, **kwargs):
        parsed.append(path)
        return real_parse(text, path, **kwargs)

    monkeypatch.setattr(pipeline, "parse", counting_parse)
    assert repo.check() == (0, [])
    assert parsed == ["schemas/policy.yaml"]  # the record came from the cache


def test_changed_file_is_parsed_again(repo: Repo) -> None:
    repo.record()
    repo.check()
    repo.record(BASE.replace("priority: p3", "priority: p1"))
    code, lines = repo.check()
    assert code == 1 and "error priority priority" in lines[0]


def test_invalid_records_are_never_cached(repo: Repo) -> None:
    repo.record(BASE.replace("sev3", "sev9"))
    repo.check()
    assert repo.check()[0] == 1


def test_corrupt_cache_is_ignored(repo: Repo) -> None:
    repo.record()
    (repo.root / CACHE_DIR).mkdir()
    (repo.root / CACHE_DIR / CACHE_FILE).write_text("{ not json")
    assert repo.check() == (0, [])


def test_cache_from_other_schemas_or_versions_is_not_trusted(repo: Repo) -> None:
    repo.record()
    repo.check()
    path = repo.root / CACHE_DIR / CACHE_FILE
    data = json.loads(path.read_text())
    data["key"] = "another-version"
    # Plant a cached entry claiming a broken record is valid: it must not be used.
    data["entries"] = {
        key: {**value, "priority": "p1"} if isinstance(value, dict) else value
        for key, value in data["entries"].items()
    }
    path.write_text(json.dumps(data))
    repo.record(BASE)
    assert repo.check() == (0, [])
