"""Writing files and folders so that they are never seen half-written, with the modes the user's
umask asks for (temporary files and folders are private, 0600/0700, until they are renamed)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

STAGING_IGNORE = "# a folder pirsite is writing: never commit it\n*\n"
_STALE_AFTER = 3600  # seconds: a staging folder without a process id (an older pirsite's)


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
    """A new folder beside ``target`` to build into before it is renamed over ``target``; it
    already has the mode ``target`` should have, and a `.gitignore` that keeps all of it out
    of git (whatever the repository's own ignores say), so a killed build is never committed.
    Its name carries the process id, so the next build knows when it was left behind."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-{label}-{os.getpid()}-", dir=target.parent))
    (staging / ".gitignore").write_text(STAGING_IGNORE, encoding="utf-8")
    os.chmod(staging, folder_mode(target))
    return staging


def remove_stale_staging(target: Path) -> list[Path]:
    """Remove the staging folders of ``target`` left by processes that are gone (a build that
    was killed); those of a build still running are kept. Returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(target.name)}-(?:building|old)-(?:(\d+)-)?[A-Za-z0-9_]+")
    removed = []
    for entry in target.parent.iterdir() if target.parent.is_dir() else ():
        found = pattern.fullmatch(entry.name)
        if found and entry.is_dir() and not entry.is_symlink() and _left_behind(entry, found.group(1)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _left_behind(folder: Path, pid: str | None) -> bool:
    if pid is None:
        return time.time() - folder.stat().st_mtime > _STALE_AFTER
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False  # alive under another user, or not a process id at all
    return False
