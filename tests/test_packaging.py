"""The release: the wheel and sdist a team installs hold everything pirsite needs, and the licence."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from conftest import PROJECT

BUILD = """
import sys
from setuptools import build_meta
out = sys.argv[1]
wheel, sdist = build_meta.build_wheel(out), build_meta.build_sdist(out)
print("built", wheel, sdist)
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The wheel and sdist, built by setuptools' PEP 517 hooks as pip or `python -m build` would."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-c", BUILD, str(out)], cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    wheel_name, sdist_name = result.stdout.splitlines()[-1].split()[1:]
    warnings = [
        line for line in result.stderr.splitlines() if "warning" in line.lower() and "byte-compiling" not in line
    ]
    assert warnings == []  # e.g. a data folder setuptools would treat as a missing package
    return out / wheel_name, out / sdist_name


def package_files() -> set[str]:
    """Every file of src/pirsite a wheel must carry."""
    src = PROJECT / "src"
    return {
        path.relative_to(src).as_posix()
        for path in (src / "pirsite").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def starter_docs() -> set[str]:
    return {
        f"pirsite/_starter/{path.relative_to(PROJECT / 'docs').as_posix()}"
        for folder in ("procedures", "training")
        for path in (PROJECT / "docs" / folder).glob("*.md")
    }


def test_the_wheel_holds_the_package_its_data_the_starter_docs_and_the_licence(dist: tuple[Path, Path]) -> None:
    with zipfile.ZipFile(dist[0]) as wheel:
        names = set(wheel.namelist())
        metadata = Parser().parsestr(wheel.read("pirsite-0.1.0.dist-info/METADATA").decode())
        licence = wheel.read("pirsite-0.1.0.dist-info/licenses/LICENSE").decode()
    assert package_files() - names == set()  # modules, templates, assets, skeleton (dotfiles too)
    assert "pirsite/skeleton/files/.github/workflows/check.yml" in names
    assert "pirsite/skeleton/runtime-requirements.txt" in names
    assert starter_docs() - names == set() and "pirsite/_starter/procedures/handling-personal-data.md" in names
    assert not [n for n in names if n.startswith(("tests/", "incidents/", "benchmarks/"))]
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["License-File"] == "LICENSE"
    assert "Framework :: MkDocs" in metadata.get_all("Classifier")
    assert "incident response" in metadata["Keywords"]
    assert metadata["Requires-Python"] == ">=3.11"


def test_the_sdist_builds_the_wheel_and_leaves_the_tests_out_on_purpose(dist: tuple[Path, Path]) -> None:
    """Tests need the example program, its git history and a browser: they run from a checkout,
    so an sdist with half of them (no conftest.py) would only fail to collect."""
    with tarfile.open(dist[1]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "pyproject.toml", "src/pirsite/cli.py"} <= names
    assert "docs/procedures/handling-personal-data.md" in names  # builds pirsite._starter
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "incidents/"))]
