"""The wheel of the running pirsite, rebuilt from its own files, for `pirsite init` to vendor.

pirsite is not published on a package registry, so a new repository cannot `pip install pirsite`
(and whoever registered that name would run code in the team's CI). Instead init commits the exact
version that generated the repository as a wheel, pinned by hash with every dependency. The wheel
is rebuilt from the installed package (a wheel install or a source checkout alike), byte for byte
the same for the same source, so a repeated init finds nothing changed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from .. import __version__

PACKAGE = Path(__file__).resolve().parents[1]  # src/pirsite, or site-packages/pirsite
LICENSE_IN_CHECKOUT = PACKAGE.parents[1] / "LICENSE"
_WHEEL = f"""\
Wheel-Version: 1.0
Generator: pirsite {__version__} (init)
Root-Is-Purelib: true
Tag: py3-none-any
"""


def wheel_name() -> str:
    return f"pirsite-{__version__}-py3-none-any.whl"


def _package_files(extra: Iterable[tuple[str, Path]]) -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield f"pirsite/{path.relative_to(PACKAGE).as_posix()}", path
    yield from extra


def _metadata_files() -> Iterator[tuple[str, bytes]]:
    info = f"pirsite-{__version__}.dist-info"
    dist = metadata.distribution("pirsite")
    for name in ("METADATA", "entry_points.txt", "top_level.txt"):
        text = dist.read_text(name)
        if text is not None:
            yield f"{info}/{name}", text.encode("utf-8")
    license_text = dist.read_text("licenses/LICENSE")
    if license_text is None and LICENSE_IN_CHECKOUT.is_file():
        license_text = LICENSE_IN_CHECKOUT.read_text(encoding="utf-8")
    if license_text is not None:
        yield f"{info}/licenses/LICENSE", license_text.encode("utf-8")
    yield f"{info}/WHEEL", _WHEEL.encode("utf-8")


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def build(extra: Iterable[tuple[str, Path]] = ()) -> bytes:
    """The wheel's bytes: the package, ``extra`` (name in the wheel, file) and its metadata, with
    fixed timestamps and modes so the same source always gives the same bytes."""
    sources = dict(_package_files(extra))
    files = {name: path.read_bytes() for name, path in sources.items()}
    files.update(_metadata_files())
    record_name = f"pirsite-{__version__}.dist-info/RECORD"
    record = "".join(f"{name},sha256={_digest(data)},{len(data)}\n" for name, data in sorted(files.items()))
    files[record_name] = (record + f"{record_name},,\n").encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files, key=lambda n: (n == record_name, n)):  # RECORD last
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            executable = name in sources and os.access(sources[name], os.X_OK)
            entry.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[name])
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
