import yaml

from conftest import PROJECT


def test_pre_commit_hook_runs_pirsite_check_once() -> None:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["pirsite-check"]
    hook = hooks[0]
    assert hook["entry"] == "pirsite check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False  # cross-record rules need the whole repository
