"""A content-keyed cache of parsed, schema-valid records.

A repeated `pirsite check` re-reads every file but skips YAML parsing and schema
validation for files whose bytes it has seen valid before. The cache is JSON
(never pickle: no code runs from it), keyed by pirsite's version and the exact
schemas, safe to delete, and ignored when unreadable.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import __version__
from .writing import write_atomically

CACHE_DIR = ".pirsite-cache"
CACHE_FILE = "records.json"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class ParseCache:
    def __init__(self, root: Path, schemas: list[dict[str, Any]], *, enabled: bool = True) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.enabled = enabled
        self.key = digest(__version__ + json.dumps(schemas, sort_keys=True))
        self._old: dict[str, Any] = self._load() if enabled else {}
        self._new: dict[str, Any] = {}

    def _load(self) -> dict[str, Any]:
        try:
            with self.path.open(encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> Any:
        if not self.enabled:
            return None
        raw = self._old.get(key)
        if raw is not None:
            self._new[key] = raw
        return raw

    def put(self, key: str, raw: Any) -> None:
        if self.enabled:
            self._new[key] = raw

    def save(self) -> None:
        """Write atomically, keeping only entries used in this run."""
        if not self.enabled or self._new.keys() == self._old.keys():
            return
        try:
            self.path.parent.mkdir(exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            write_atomically(
                self.path, json.dumps({"key": self.key, "entries": self._new}, separators=(",", ":"))
            )
        except OSError:
            pass  # a read-only checkout still checks; it is only slower
