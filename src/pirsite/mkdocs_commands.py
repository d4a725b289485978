"""`pirsite build` and `pirsite serve`: MkDocs' own build and server, made safe to publish from.

A build goes to a fresh folder beside the target and replaces the target only when
it succeeded, so a failed build never leaves a half-written site where the old one
was; and a folder that is not a built site is never replaced.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .mkdocs_plugin import AS_OF_ENV, AUDIENCE_ENV
from .writing import staging_folder

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2 is noise in our output


class BuildError(Exception):
    """The site could not be built; the message says why (the old site is untouched)."""


def default_site_dir(root: Path, audience: str) -> Path:
    return root / ("site" if audience == "internal" else f"site-{audience}")


@contextmanager
def _environment(audience: str, as_of: str | None) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in (AUDIENCE_ENV, AS_OF_ENV)}
    os.environ[AUDIENCE_ENV] = audience
    if as_of:
        os.environ[AS_OF_ENV] = as_of
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _check_target(root: Path, target: Path) -> None:
    root, target = root.resolve(), target.resolve()
    if target == root or root.is_relative_to(target):
        raise BuildError(f"{target} contains the repository; choose a folder for the site alone, e.g. site/")
    if target.is_relative_to(root / "docs") or target.is_relative_to(root / "incidents"):
        raise BuildError(f"{target} is inside docs/ or incidents/; build the site somewhere else, e.g. site/")
    if target.exists() and not target.is_dir():
        raise BuildError(f"{target} is a file, not a site folder; remove it or choose another --site-dir")
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        raise BuildError(
            f"{target} is not empty and holds no built site (no index.html); refusing to replace it. "
            "Remove it yourself or choose another --site-dir"
        )


def build_site(
    root: Path,
    site_dir: Path,
    *,
    audience: str,
    as_of: str | None = None,
    report: Callable[[str], None] | None = None,
) -> Path:
    """Build the site for ``audience`` into ``site_dir`` (strict), replacing it only on success;
    ``report`` receives a line saying how long the build and pirsite's part of it took."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(
            f"{config_file} not found; run pirsite build in an incident repository (see pirsite init)"
        )
    _check_target(root, site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(site_dir, "building")
    handler = logging.StreamHandler()  # MkDocs' warnings explain a strict failure: show them
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        with _environment(audience, as_of):
            started = time.perf_counter()
            config = load_config(str(config_file), site_dir=str(staging), strict=True)
            build(config)
            took = time.perf_counter() - started
    except (Abort, ConfigurationError, PluginError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(exc).strip()
        if message.startswith("Aborted with a BuildError"):  # MkDocs' wrapper of our PluginError
            message = "see the errors above"
        raise BuildError(message or type(exc).__name__) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(handler)
    _replace(staging, site_dir)
    plugin = config.plugins.get("pirsite")
    if report is not None and plugin is not None and hasattr(plugin, "summary"):
        report(f"{plugin.summary()}; the whole build took {took:.2f}s")
    return site_dir


def _replace(staging: Path, target: Path) -> None:
    """Swap the new site in with renames, so readers see either the old or the new one."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))  # private: deleted
        os.rename(target, old / "site")
    os.rename(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve_site(root: Path, *, audience: str, dev_addr: str | None = None) -> None:
    """MkDocs' live-reloading server; the plugin also watches records and the policy."""
    from mkdocs.commands.serve import serve

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"{config_file} not found; run pirsite serve in an incident repository")
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    with _environment(audience, None):
        kwargs = {"dev_addr": dev_addr} if dev_addr else {}
        serve(str(config_file), livereload=True, **kwargs)
