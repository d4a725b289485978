"""What the scanner looks for beyond its built-in kinds: the policy's `scanning` section."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class NamedPattern:
    name: str  # "US SSN", "customer id": shown in findings instead of the value
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class ScanSettings:
    phone_regions: tuple[str, ...] = ()  # regions for numbers written without +country code
    allowed_domains: tuple[str, ...] = ("example.com", "example.org", "example.net")
    national_ids: tuple[NamedPattern, ...] = ()
    patterns: tuple[NamedPattern, ...] = ()
    deny_names: tuple[str, ...] = ()
    secrets: bool = True
    detect_names: bool = True  # people's names found by names.person_names, beyond the deny list
    allow_names: tuple[str, ...] = ()  # names that are never findings (a public spokesperson)
    roster: tuple[str, ...] = ()  # the policy's people: names and handles, never findings
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_raw(cls, raw: dict[str, Any] | None, people: Iterable[Mapping[str, Any]] = ()) -> ScanSettings:
        """From the (schema-valid) policy section and the policy's ``people`` (their names and
        handles are not findings); ValueError names a pattern that does not compile."""
        raw = raw or {}
        defaults = cls()

        def patterns(key: str) -> tuple[NamedPattern, ...]:
            out = []
            for index, item in enumerate(raw.get(key, ())):
                try:
                    out.append(NamedPattern(item["name"], re.compile(item["pattern"])))
                except re.error as exc:
                    raise ValueError(f"scanning.{key}[{index}].pattern: {exc}") from None
            return tuple(out)

        return cls(
            phone_regions=tuple(r.upper() for r in raw.get("phone_regions", defaults.phone_regions)),
            allowed_domains=tuple(d.lower() for d in raw.get("allowed_domains", defaults.allowed_domains)),
            national_ids=patterns("national_ids"),
            patterns=patterns("patterns"),
            deny_names=tuple(raw.get("deny_names", ())),
            secrets=bool(raw.get("secrets", True)),
            detect_names=bool(raw.get("detect_names", True)),
            allow_names=tuple(raw.get("allow_names", ())),
            roster=tuple(
                value for person in people for value in (person.get("name"), person.get("handle")) if value
            ),
            raw=raw,
        )

    @property
    def not_findings(self) -> tuple[str, ...]:
        """Names the name detector leaves alone: the roster's and the allowed ones."""
        return self.roster + self.allow_names

    @property
    def fingerprint(self) -> str:
        """Changes whenever the findings for the same text could (the settings or the scanner's
        own code): keys the scan cache."""
        text = json.dumps([self.raw, self.roster], sort_keys=True, default=str)
        return hashlib.blake2b(text.encode() + _code_digest(), digest_size=8).hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """A digest of the scanner's source and name lists: a changed detector invalidates cached
    findings even when pirsite's version number did not change (development, editable installs)."""
    digest = hashlib.blake2b(digest_size=8)
    here = Path(__file__).parent
    for source in sorted([*here.glob("*.py"), *here.glob("name-lists/*.txt")]):
        digest.update(source.read_bytes())
    return digest.digest()
