"""Secrets (API keys, tokens, private keys, passwords in config) via detect-secrets.

detect-secrets is used as a library with its pattern plugins only: no entropy
plugins (commit hashes and UUIDs are not secrets) and never its network
verification. Its plugins cost a fraction of a millisecond per line, so a cheap
gate first skips lines that cannot hold a secret: no long token-like run of
characters, no credential keyword, no URL with a password.
"""

from __future__ import annotations

import re
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
    starts = _keyword_lines(text)
    if any(_mixed(run) for token in _long_tokens(text) for run in _RUN.findall(token)):
        starts.update(text.rfind("\n", 0, m.start()) + 1 for m in _RUN.finditer(text) if _mixed(m.group()))
    lines = []
    for start in sorted(starts):
        end = text.find("\n", start)
        lines.append((start, text[start:] if end < 0 else text[start:end]))
    return lines


def _keyword_lines(text: str) -> set[int]:
    """Starts of the lines holding a credential keyword. Every keyword contains one of
    `_WORDS`, so only lines where str.find meets one are searched with the (case-insensitive,
    slow over a whole text) expression; no keyword spans lines."""
    lowered = text.lower()  # same offsets: str.lower keeps the length of ASCII text
    if not text.isascii():
        return {text.rfind("\n", 0, m.start()) + 1 for m in _KEYWORDS.finditer(text)}
    starts: set[int] = set()
    for word in _WORDS:
        at = lowered.find(word)
        while at >= 0:
            start = lowered.rfind("\n", 0, at) + 1
            end = lowered.find("\n", at)
            end = len(text) if end < 0 else end
            if start not in starts and _KEYWORDS.search(text, start, end):
                starts.add(start)
            at = lowered.find(word, end)
    return starts


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

    _configure()
    found = []
    for offset, line in candidates:
        for secret in scan_line(line):
            value = secret.secret_value or ""
            start = line.find(value) if value else -1
            start, end = (start, start + len(value)) if start >= 0 else (0, len(line))
            found.append(Hit("secret", offset + start, offset + end, secret.type))
    return _first_per_span(found)


def _configure() -> None:
    """Select `PLUGINS` in detect-secrets' process-wide settings, unless they are selected.

    detect-secrets keeps its settings in one global; its `transient_settings` restores them
    afterwards, but entering it costs a quarter of a millisecond (it clears and rebuilds the
    plugins' caches), more than scanning a record's candidate lines. pirsite is the only user
    of detect-secrets in its process, so it leaves its selection in place and only selects
    again when something else changed it.
    """
    from detect_secrets.settings import cache_bust, configure_settings_from_baseline, get_settings

    if get_settings().plugins.keys() != _PLUGIN_SET:
        cache_bust()  # the cached plugin instances belong to the old selection
        get_settings().clear()
        configure_settings_from_baseline({"plugins_used": [{"name": name} for name in PLUGINS]})


_PLUGIN_SET = frozenset(PLUGINS)


def _first_per_span(found: list[Hit]) -> list[Hit]:
    """One finding per secret even when two plugins recognise it."""
    out: list[Hit] = []
    for hit in found:
        if not any(hit.start < h.end and h.start < hit.end for h in out):
            out.append(hit)
    return out
