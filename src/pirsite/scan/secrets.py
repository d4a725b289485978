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
from itertools import compress

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
_WORDS = ("://", "passw", "pwd", "secret", "token", "key", "bearer", "begin")  # in every keyword
_NOT_DIGITS = bytes(b for b in range(256) if not 48 <= b <= 57)
_RUN = re.compile(r"[A-Za-z0-9_+/=.-]{16,}")


def candidate_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every line with a credential keyword or a run of 16+ token characters
    mixing letters and digits: the only lines worth detect-secrets' time."""
    lowered = text.lower()
    if any(word in lowered for word in _WORDS):
        starts = {text.rfind("\n", 0, m.start()) + 1 for m in _KEYWORDS.finditer(text)}
    else:
        starts = set()
    if any(_mixed(run) for token in _long_tokens(text) for run in _RUN.findall(token)):
        starts.update(text.rfind("\n", 0, m.start()) + 1 for m in _RUN.finditer(text) if _mixed(m.group()))
    lines = []
    for start in sorted(starts):
        end = text.find("\n", start)
        lines.append((start, text[start:] if end < 0 else text[start:end]))
    return lines


def _long_tokens(text: str) -> list[str]:
    """Whitespace-separated tokens of 16+ characters: every token-like run lies inside one,
    and splitting is far cheaper than running the run expression over the whole text."""
    tokens = text.split()
    return list(compress(tokens, map((15).__lt__, map(len, tokens))))


def _mixed(run: str) -> bool:
    """Letters and digits both (``run`` is ASCII: the token class is)."""
    return run.lower() != run.upper() and bool(run.encode().translate(None, _NOT_DIGITS))


def secrets(text: str) -> list[Hit]:
    """Every secret in ``text``, at offsets into it."""
    candidates = candidate_lines(text)
    if not candidates:
        return []
    from detect_secrets.core.scan import scan_line  # imported on first need: 0.2 s
    from detect_secrets.settings import transient_settings

    found = []
    with transient_settings(_settings()):
        for offset, line in candidates:
            for secret in scan_line(line):
                value = secret.secret_value or ""
                start = line.find(value) if value else -1
                start, end = (start, start + len(value)) if start >= 0 else (0, len(line))
                found.append(Hit("secret", offset + start, offset + end, secret.type))
    return _first_per_span(found)


@lru_cache(maxsize=1)
def _settings() -> dict[str, object]:
    return {"plugins_used": [{"name": name} for name in PLUGINS]}


def _first_per_span(found: list[Hit]) -> list[Hit]:
    """One finding per secret even when two plugins recognise it."""
    out: list[Hit] = []
    for hit in found:
        if not any(hit.start < h.end and h.start < hit.end for h in out):
            out.append(hit)
    return out
