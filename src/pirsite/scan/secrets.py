"""Secrets (API keys, tokens, private keys, passwords in config) via detect-secrets.

detect-secrets is used as a library with its pattern plugins only: no entropy
plugins (commit hashes and UUIDs are not secrets) and never its network
verification. Its plugins cost a fraction of a millisecond per line, so a cheap
gate first skips lines that cannot hold a secret: no long token-like run of
characters, no credential keyword, no URL with a password.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .detectors import Hit

PLUGINS = (
    "ArtifactoryDetector",
    "AWSKeyDetector",
    "AzureStorageKeyDetector",
    "BasicAuthDetector",
    "DiscordBotTokenDetector",
    "GitHubTokenDetector",
    "GitLabTokenDetector",
    "JwtTokenDetector",
    "KeywordDetector",
    "MailchimpDetector",
    "NpmDetector",
    "OpenAIDetector",
    "PrivateKeyDetector",
    "PypiTokenDetector",
    "SendGridDetector",
    "SlackDetector",
    "SquareOAuthDetector",
    "StripeDetector",
    "TelegramBotTokenDetector",
    "TwilioKeyDetector",
)
_KEYWORDS = re.compile(
    r"://[^\s/@]+:[^\s@]+@|passw|pwd|secret|token|[a-z]_?key\b|key_?pass|bearer|BEGIN",
    re.IGNORECASE,
)
_RUN = re.compile(r"[A-Za-z0-9_+/=.-]{16,}")


def might_hold_a_secret(line: str) -> bool:
    """A credential keyword, or a run of 16+ token characters mixing letters and digits."""
    if _KEYWORDS.search(line):
        return True
    return any(_mixed(run) for run in _RUN.findall(line))


def _mixed(run: str) -> bool:
    return any(c.isdigit() for c in run) and any(c.isalpha() for c in run)


def secrets(lines: list[tuple[int, str]]) -> list[tuple[int, Hit]]:
    """(line number, hit) for every secret in the gated ``lines``."""
    candidates = [(number, line) for number, line in lines if might_hold_a_secret(line)]
    if not candidates:
        return []
    from detect_secrets.core.scan import scan_line  # imported on first need: 0.2 s
    from detect_secrets.settings import transient_settings

    found = []
    with transient_settings(_settings()):
        for number, line in candidates:
            for secret in scan_line(line):
                value = secret.secret_value or ""
                start = line.find(value) if value else -1
                start, end = (start, start + len(value)) if start >= 0 else (0, len(line))
                found.append((number, Hit("secret", start, end, secret.type)))
    return _first_per_span(found)


@lru_cache(maxsize=1)
def _settings() -> dict[str, object]:
    return {"plugins_used": [{"name": name} for name in PLUGINS]}


def _first_per_span(found: list[tuple[int, Hit]]) -> list[tuple[int, Hit]]:
    """One finding per secret even when two plugins recognise it."""
    out: list[tuple[int, Hit]] = []
    for number, hit in found:
        if not any(n == number and hit.start < h.end and h.start < hit.end for n, h in out):
            out.append((number, hit))
    return out
