"""Writing files and folders so that they are never seen half-written, with the modes the user's
umask asks for (temporary files and folders are private, 0600/0700, until they are renamed)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux), so no
    other thread ever creates a file under a cleared umask."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def file_mode(path: Path) -> int:
    """The mode for a file written at ``path``: the one it has when it exists, else 0666 less
    the umask, as a plain ``open()`` would create it."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~umask()


def folder_mode(path: Path) -> int:
    """The mode for a folder put in place at ``path``: its current one, else 0777 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o777 & ~umask()


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a unique temporary file beside ``path``, then rename it over ``path``:
    readers see the old file or the new one, never a part (text is written as UTF-8). The file
    gets the mode of the one it replaces, or the umask's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.fchmod(handle.fileno(), file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def staging_folder(target: Path, label: str) -> Path:
    """A new, empty folder beside ``target`` to build into before it is renamed over ``target``;
    it already has the mode ``target`` should have."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-{label}-", dir=target.parent))
    os.chmod(staging, folder_mode(target))
    return staging
