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
    real_parse, real_parse_located = pipeline.parse, pipeline.parse_located

    def counting(real):
        def counted(text, path, **kwargs):
            parsed.append(path)
            return real(text, path, **kwargs)

        return counted

    monkeypatch.setattr(pipeline, "parse", counting(real_parse))
    monkeypatch.setattr(pipeline, "parse_located", counting(real_parse_located))
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


def test_a_warm_check_reports_exactly_what_a_cold_one_does(tmp_path) -> None:
    """The example program has warnings that name only a field (an overdue action item, an
    undecided notification); a check from the cache places them at the same lines and
    columns as a cold check, which finds them in the nodes it has just parsed."""
    import shutil
    from datetime import datetime

    from conftest import PROJECT

    for folder in ("schemas", "incidents", "problems", "docs"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    now = datetime.fromisoformat("2026-11-23T12:00:00+00:00")
    cold = pipeline.check(tmp_path, now=now, use_cache=False, git_history=False).problems
    assert any(p.code == "action-overdue" for p in cold)
    first = pipeline.check(tmp_path, now=now, git_history=False).problems  # fills the cache
    warm = pipeline.check(tmp_path, now=now, git_history=False).problems
    assert first == cold
    assert warm == cold
    assert all(p.line > 0 for p in warm)
