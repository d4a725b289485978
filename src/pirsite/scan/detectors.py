"""Detectors for personal data in a text.

Each returns `Hit`s: where a finding is and what kind it is, never keeping the
value. A detector runs its regular expression over the whole text at once (one
C-level pass instead of a call per line); the scanner maps offsets to lines.
Checksums keep false positives low: a card number must pass Luhn and start like
a card network's, an IBAN must pass mod-97, a phone number must be valid for its
region (libphonenumber), an IP address must be globally routable (documentation
and private ranges are not findings), and an email address at an allowed domain
is fine.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from .settings import ScanSettings

KINDS = ("email", "phone", "card", "iban", "ip", "national-id", "pattern", "name", "secret")


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # one of KINDS
    start: int  # 0-based offset in the scanned text
    end: int
    label: str  # what was found, in words ("email address", "customer id")


# Each expression starts with a character class (lookbehinds come after the first character),
# so the regex engine skips ahead in C instead of trying every position; cheap gates keep the
# rarer detectors off texts that cannot match at all.
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
_CARD = re.compile(r"\d(?<![\w-]\d)(?:[ -]?\d){12,18}(?![\w-])")
_IBAN = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
_IPV4 = re.compile(r"\d(?<![\w.]\d)\d{0,2}\.(?:\d{1,3}\.){2}\d{1,3}(?![\w.]*\d)")
_IPV4_GATE = re.compile(r"\.\d{1,3}\.\d")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_IPV6_GATE = re.compile(r":[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:")  # or "::"
# Dates, times, timestamps, record ids and versions: never phone numbers, and skipping
# them keeps the (slow) phone matcher off most lines of a record.
_NOT_PHONES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b[A-Z]{2,}-\d{4}-\d{3,}\b"
    r"|\bv?\d+(?:\.\d+){2,}\b"
)
_VERSION_BEFORE = re.compile(r"(?:\bv|version\s*|release\s*|build\s*)$", re.IGNORECASE)
_NOT_DIGITS = bytes(b for b in range(256) if not 48 <= b <= 57 and b != 10)  # keeps 0-9 and \n
_LINE = re.compile(r"[^\n]+")


def emails(text: str, settings: ScanSettings) -> Iterator[Hit]:
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        domain = match.group(1).lower()
        if any(domain == d or domain.endswith("." + d) for d in settings.allowed_domains):
            continue
        yield Hit("email", match.start(), match.end(), "email address")


def phones(text: str, settings: ScanSettings) -> Iterator[Hit]:
    candidates = [(start, line) for start, line, count in _lines_and_digits(text) if count >= 6]
    if not candidates:
        return
    masked = _NOT_PHONES.sub(_blank, "\n".join(line for _, line in candidates))  # offsets hold
    for (start, _), (_, line, count) in zip(candidates, _lines_and_digits(masked), strict=True):
        if count < 6:
            continue
        seen: list[tuple[int, int]] = []
        for region in settings.phone_regions or ("ZZ",):  # ZZ: only numbers written with +country code
            matcher = phonenumbers.PhoneNumberMatcher(line, region, leniency=phonenumbers.Leniency.VALID)
            for match in matcher:
                if not _written_like_a_phone(match.raw_string):
                    continue
                if not any(a <= match.start < b for a, b in seen):
                    seen.append((match.start, match.end))
                    yield Hit("phone", start + match.start, start + match.end, "phone number")


def _written_like_a_phone(raw: str) -> bool:
    """With a +country code, a trunk 0 (030 1234567, (0)20...), or ten digits (NANP): short
    digit groups such as section numbers (164.402) or rule ids (hipaa-164-404) can be valid
    national numbers somewhere, but nobody writes a phone number that way."""
    return raw.lstrip("( ").startswith(("+", "0")) or sum(map(str.isdigit, raw)) >= 10


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _lines_and_digits(text: str) -> list[tuple[int, str, int]]:
    """(offset, line, digits in it) for each line of ``text``."""
    lines = text.split("\n")
    if text.isascii():  # count with bytes.translate: no Python loop over the characters
        counts = [len(digits) for digits in text.encode().translate(None, _NOT_DIGITS).split(b"\n")]
    else:
        counts = [sum(map(str.isdigit, line)) for line in lines]
    out, start = [], 0
    for line, count in zip(lines, counts, strict=True):
        out.append((start, line, count))
        start += len(line) + 1
    return out


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def cards(text: str, settings: ScanSettings) -> Iterator[Hit]:
    for match in _CARD.finditer(text):
        found = match.group()
        digits = re.sub(r"[ -]", "", found)
        separators = set(re.findall(r"[ -]", found))
        if len(separators) > 1 or not 13 <= len(digits) <= 19:
            continue
        if digits[0] in "23456" and luhn(digits):  # Mastercard 2/5, Amex 3, Visa 4, Discover 6
            yield Hit("card", match.start(), match.end(), "payment card number")


def iban_valid(text: str) -> bool:
    compact = text.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def ibans(text: str, settings: ScanSettings) -> Iterator[Hit]:
    for match in _IBAN.finditer(text):
        if iban_valid(match.group()):
            yield Hit("iban", match.start(), match.end(), "IBAN")


def ips(text: str, settings: ScanSettings) -> Iterator[Hit]:
    patterns = [_IPV4] if _IPV4_GATE.search(text) else []
    if "::" in text or _IPV6_GATE.search(text):  # every IPv6 address has one or the other
        patterns.append(_IPV6)
    for pattern in patterns:
        for match in pattern.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            if pattern is _IPV4 and _VERSION_BEFORE.search(text, line_start, match.start()):
                continue  # v1.2.3.4, version 10.0.0.1
            try:
                address = ipaddress.ip_address(match.group())
            except ValueError:
                continue
            if address.is_global:
                yield Hit("ip", match.start(), match.end(), f"IPv{address.version} address")


def configured(text: str, settings: ScanSettings) -> Iterator[Hit]:
    """Policy patterns match within one line, as written: each line is searched on its own."""
    named = [("national-id", item) for item in settings.national_ids]
    named += [("pattern", item) for item in settings.patterns]
    if not named:
        return
    for line in _LINE.finditer(text):
        for kind, item in named:
            for match in item.pattern.finditer(line.group()):
                yield Hit(kind, line.start() + match.start(), line.start() + match.end(), item.name)


def names(text: str, settings: ScanSettings) -> Iterator[Hit]:
    pattern = _deny_list(settings.deny_names)
    if pattern is not None:
        for match in pattern.finditer(text):
            yield Hit("name", match.start(), match.end(), "a name on the deny list")


@lru_cache(maxsize=8)
def _deny_list(deny_names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive alternation of every name, longest first."""
    names = sorted({n.strip() for n in deny_names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", re.IGNORECASE)


DETECTORS = (emails, phones, cards, ibans, ips, configured, names)


def personal_data(text: str, settings: ScanSettings) -> list[Hit]:
    """Every personal-data finding in ``text`` (offsets into it); where findings overlap, the
    first detector's wins (a card number is not also reported as a phone number)."""
    hits: list[Hit] = []
    for detector in DETECTORS:
        for hit in detector(text, settings):
            if not any(hit.start < h.end and h.start < hit.end for h in hits):
                hits.append(hit)
    return hits
