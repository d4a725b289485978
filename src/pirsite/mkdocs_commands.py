"""`pirsite build` and `pirsite serve`: MkDocs' own build and server, made safe to publish from.

A build goes to a fresh folder beside the target and replaces the target only when
it succeeded, so a failed build never leaves a half-written site where the old one
was; a folder that is not a built site is never replaced, nor a site built for another
audience unless asked. Staging folders are ignored by git from the moment they exist
(a `.gitignore` inside), and those of a build that was killed are removed by the next.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .audience import default_site_dir, refusal
from .mkdocs_plugin import AS_OF_ENV, AUDIENCE_ENV
from .problems import EXIT_PROBLEMS, EXIT_USAGE
from .writing import remove_stale_staging, staging_folder

__all__ = ["BuildError", "build_site", "default_site_dir", "serve_site"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2 is noise in our output




class BuildError(Exception):
    """The site could not be built; the message says why (the old site is untouched), and
    ``exit_code`` whose fault it is: 1 problems in the records or pages, 2 usage, configuration
    or the machine (a full disk, an unwritable folder)."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _io_failure(exc: OSError) -> BuildError:
    where = f" ({exc.filename})" if exc.filename else ""
    return BuildError(f"cannot write the site: {exc.strerror or exc}{where}; the previous site is kept")


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
    replace_other_audience: bool = False,
) -> Path:
    """Build the site for ``audience`` into ``site_dir`` (strict), replacing it only on success
    (and a site of another audience only with ``replace_other_audience``); ``report`` receives
    a line saying how long the build and pirsite's part of it took."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(
            f"{config_file} not found; run pirsite build in an incident repository (see pirsite init)"
        )
    _check_target(root, site_dir)
    why = refusal(site_dir, audience)
    if why and not replace_other_audience:
        raise BuildError(why)
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(site_dir)
        staging = staging_folder(site_dir, "building")
    except OSError as exc:
        raise _io_failure(exc) from None
    handler = logging.StreamHandler()  # MkDocs' warnings explain a strict failure: show them
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    config = None
    try:
        with _environment(audience, as_of):
            started = time.perf_counter()
            config = load_config(str(config_file), site_dir=str(staging), strict=True)
            build(config)
            took = time.perf_counter() - started
        _replace(staging, site_dir)
    except (Abort, ConfigurationError, PluginError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(exc).strip()
        if message.startswith("Aborted with a BuildError"):  # MkDocs' wrapper of our PluginError
            message = "see the errors above"
        raise BuildError(message or type(exc).__name__, _exit_code(exc, config)) from None
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _io_failure(exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(handler)
    plugin = config.plugins.get("pirsite")
    if report is not None and plugin is not None and hasattr(plugin, "summary"):
        report(f"{plugin.summary()}; the whole build took {took:.2f}s")
    return site_dir


def _exit_code(exc: Exception, config: object) -> int:
    """1 when records or pages have problems (strict warnings included), 2 for configuration."""
    from mkdocs.exceptions import ConfigurationError

    if isinstance(exc, ConfigurationError) or config is None:
        return EXIT_USAGE
    plugin = config.plugins.get("pirsite")  # type: ignore[attr-defined]
    return EXIT_USAGE if getattr(plugin, "failure", None) == "configuration" else EXIT_PROBLEMS


def _replace(staging: Path, target: Path) -> None:
    """Swap the new site in with renames, so readers see either the old or the new one."""
    old = None
    if target.exists():
        old = staging_folder(target, "old")  # deleted below; ignored by git meanwhile
        os.rename(target, old / "site")
    try:
        os.rename(staging, target)
    except OSError:
        if old is not None:
            os.rename(old / "site", target)  # put the previous site back
            shutil.rmtree(old, ignore_errors=True)
        raise
    (target / ".gitignore").unlink(missing_ok=True)  # the staging folder's, not the site's
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve_site(root: Path, *, audience: str, dev_addr: str | None = None) -> None:
    """MkDocs' live-reloading server; the plugin also watches records and the policy."""
    from mkdocs.commands.serve import serve

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"{config_file} not found; run pirsite serve in an incident repository")
    host, port = _free_address(dev_addr or "127.0.0.1:8000")
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    with _environment(audience, None):
        serve(str(config_file), livereload=True, dev_addr=f"{host}:{port}")


def _free_address(dev_addr: str) -> tuple[str, int]:
    """HOST and PORT of ``dev_addr``, refused before anything is built when the port is taken."""
    host, _, port_text = dev_addr.rpartition(":")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise BuildError(f"--dev-addr {dev_addr!r} is not HOST:PORT, e.g. 127.0.0.1:8000")
    port = int(port_text)
    try:
        socket.create_server((host.strip("[]"), port)).close()
    except OSError as exc:
        taken = exc.errno == errno.EADDRINUSE
        why = "is already in use" if taken else f"cannot be served on ({exc.strerror or exc})"
        raise BuildError(
            f"{host}:{port} {why}; stop what is serving there or choose another port, "
            f"e.g. --dev-addr {host}:{port + 1 if port < 65535 else 8000}"
        ) from None
    return host, port
