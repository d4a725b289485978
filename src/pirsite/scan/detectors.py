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
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress

import phonenumbers

from .names import person_names
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
_NOT_PHONES = re.compile(  # each branch's first character is matched first, as above
    r"[\dA-Zv](?<=\b[\dA-Zv])(?:"
    r"(?<=\d)\d{3}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"  # dates
    r"|(?<=\d)\d?:\d{2}(?::\d{2})?\b"  # times
    r"|(?<=[A-Z])[A-Z]+-\d{4}-\d{3,}\b"  # record ids
    r"|(?<=[v\d])\d*(?<=\d)(?:\.\d+){2,}\b)"  # versions
)
# Identifiers: UUIDs, hex digests and ticket or request ids (INC0012345, REQ-1234567). Some
# random UUIDs hold a digit run that is a valid number somewhere (5 in 5,000 did). Tested
# only on the token around a rare phone match, never on whole texts (that costs more than
# the phone matcher itself).
_IDENTIFIER = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"  # UUIDs
    r"|[0-9A-Fa-f]{16,}"  # digests
    r"|[A-Za-z]{2,12}[-_#]?\d{5,}"  # ticket, change and request ids
)
_TOKEN = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_#-")
_VERSION_BEFORE = re.compile(r"(?:\bv|version\s*|release\s*|build\s*)$", re.IGNORECASE)
_NOT_DIGITS = bytes(b for b in range(256) if not 48 <= b <= 57 and b != 10)  # keeps 0-9 and \n
_LINE = re.compile(r"[^\n]+")
# Gates on the text's shape: each byte mapped to its class (digit 0, upper-case letter A,
# space or dash -, anything else x) by one bytes.translate. Scanning that for a card's or
# an IBAN's outline is a fast literal search; the detectors' own expressions then only run
# on the few texts that have one.
_SHAPES = bytes(
    ord("0")
    if chr(b).isdigit()
    else ord("A")
    if chr(b).isupper()
    else ord("-")
    if chr(b) in " -"
    else ord("x")
    for b in range(256)
)
_CARD_SHAPE = re.compile(rb"0(?:-?0){12}")  # 13 digits, single separators between
_IBAN_SHAPE = re.compile(rb"AA00")


@lru_cache(maxsize=4)
def _shape(text: str) -> bytes:
    return text.encode("ascii").translate(_SHAPES)


def emails(text: str, settings: ScanSettings) -> Iterator[Hit]:
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        domain = match.group(1).lower()
        if any(domain == d or domain.endswith("." + d) for d in settings.allowed_domains):
            continue
        yield Hit("email", match.start(), match.end(), "email address")


def phones(text: str, settings: ScanSettings) -> Iterator[Hit]:
    candidates = _digit_lines(text, 6)
    if not candidates:
        return
    masked = _NOT_PHONES.sub(_blank, "\n".join(line for _, line in candidates))  # offsets hold
    lines = masked.split("\n")
    for (start, _), line, count in zip(candidates, lines, _digit_counts(masked, lines), strict=True):
        if count < 6:
            continue
        seen: list[tuple[int, int]] = []
        for region in settings.phone_regions or ("ZZ",):  # ZZ: only numbers written with +country code
            matcher = phonenumbers.PhoneNumberMatcher(line, region, leniency=phonenumbers.Leniency.VALID)
            for match in matcher:
                if not _written_like_a_phone(match.raw_string) or _in_identifier(
                    line, match.start, match.end
                ):
                    continue
                if not any(a <= match.start < b for a, b in seen):
                    seen.append((match.start, match.end))
                    yield Hit("phone", start + match.start, start + match.end, "phone number")


def _in_identifier(line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]`` lies inside one identifier token (a UUID, digest, ticket id)."""
    if any(c not in _TOKEN for c in line[start:end]):
        return False  # spaces or brackets: written as a phone number, not part of one token
    while start > 0 and line[start - 1] in _TOKEN:
        start -= 1
    while end < len(line) and line[end] in _TOKEN:
        end += 1
    return bool(_IDENTIFIER.fullmatch(line[start:end].strip("-_#")))


def _written_like_a_phone(raw: str) -> bool:
    """With a +country code, a trunk 0 (030 1234567, (0)20...), or ten digits (NANP): short
    digit groups such as section numbers (164.402) or rule ids (hipaa-164-404) can be valid
    national numbers somewhere, but nobody writes a phone number that way."""
    return raw.lstrip("( ").startswith(("+", "0")) or sum(map(str.isdigit, raw)) >= 10


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _digit_lines(text: str, least: int) -> list[tuple[int, str]]:
    """(offset, line) of each line of ``text`` holding at least ``least`` digits, counted by
    C-level passes (bytes.translate, map) rather than a Python loop over the lines."""
    lines = text.split("\n")
    wanted = list(map(least.__le__, _digit_counts(text, lines)))
    if not any(wanted):
        return []
    starts = accumulate(map(len, lines), lambda total, length: total + length + 1, initial=0)
    return list(compress(zip(starts, lines, strict=False), wanted))  # starts has one more


def _digit_counts(text: str, lines: list[str]) -> Iterable[int]:
    """The number of digits on each of ``lines`` (``text`` split at newlines)."""
    if text.isascii():  # bytes.translate drops every other byte in C
        return map(len, text.encode().translate(None, _NOT_DIGITS).split(b"\n"))
    return (sum(map(str.isdigit, line)) for line in lines)


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def cards(text: str, settings: ScanSettings) -> Iterator[Hit]:
    if text.isascii() and not _CARD_SHAPE.search(_shape(text)):
        return
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
    if text.isascii() and not _IBAN_SHAPE.search(_shape(text)):
        return
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
    """Policy patterns, searched in the whole text with `^` and `$` anchored at lines; a match
    never spans lines (where one would, the lines it spans are searched on their own)."""
    for kind, named in (("national-id", settings.national_ids), ("pattern", settings.patterns)):
        for item in named:
            for match in _search_all(item.pattern, text):
                if "\n" not in match.group():
                    yield Hit(kind, match.start(), match.end(), item.name)
                    continue
                first = text.rfind("\n", 0, match.start()) + 1
                last = text.find("\n", match.end() - 1)
                for line in _LINE.finditer(text, first, len(text) if last < 0 else last):
                    for inner in item.pattern.finditer(line.group()):
                        if inner.end() > inner.start():
                            yield Hit(
                                kind, line.start() + inner.start(), line.start() + inner.end(), item.name
                            )


def _search_all(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The non-empty matches of ``pattern`` (multi-line) in ``text``, in finditer's order.

    Policy patterns usually start with `\\b`, which keeps the regex engine from skipping
    ahead to the first possible character: such a pattern runs without it, and each match
    found is kept only where the word boundary holds (then the search resumes just after
    its start, exactly as the engine would have moved on).
    """
    whole, body, word = _forms(pattern)
    if body is None:
        yield from (m for m in whole.finditer(text) if m.end() > m.start())
        return
    position = 0
    while (match := body.search(text, position)) is not None:
        start = match.start()
        before = start > 0 and word.match(text, start - 1) is not None
        after = word.match(text, start) is not None
        if before != after and match.end() > start:
            yield match
            position = match.end()
        else:
            position = start + 1


@lru_cache(maxsize=64)
def _forms(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str]]:
    """(pattern, pattern without its leading `\\b` or None, `\\w` in the pattern's mode)."""
    flags = pattern.flags | re.MULTILINE
    whole = re.compile(pattern.pattern, flags)
    word = re.compile(r"\w", flags & re.ASCII)
    text = pattern.pattern
    if not text.startswith("\\b") or "|" in text:  # `\\b` must bind the whole pattern
        return whole, None, word
    try:
        return whole, re.compile(text[2:], flags), word
    except re.error:
        return whole, None, word


def names(text: str, settings: ScanSettings) -> Iterator[Hit]:
    """Deny-listed names (always findings), then people's names found by their shape and context
    (names.py), except the roster's and the allowed ones; a found name that overlaps a deny-listed
    one is left to it."""
    pattern = _deny_list(settings.deny_names)
    if pattern is not None:
        for match in pattern.finditer(text):
            yield Hit("name", match.start(), match.end(), "a name on the deny list")
    if settings.detect_names:
        for start, end in person_names(text, settings.not_findings):
            yield Hit("name", start, end, "a person's name")


@lru_cache(maxsize=8)
def _deny_list(deny_names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive alternation of every name, longest first."""
    names = sorted({n.strip() for n in deny_names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", re.IGNORECASE)


DETECTORS = (emails, phones, cards, ibans, ips, configured, names)


def personal_data(text: str, settings: ScanSettings) -> list[Hit]:
    """Every personal-data finding in ``text`` (offsets into it), in order; where findings
    overlap, the first detector's wins (a card number is not also reported as a phone number)."""
    hits: list[Hit] = []  # accepted, by start; they never overlap, so only neighbours can
    starts: list[int] = []  # overlap a new one: linear in the findings of a file, not quadratic
    for detector in DETECTORS:
        for hit in detector(text, settings):
            at = bisect_left(starts, hit.start)
            if (at and hits[at - 1].end > hit.start) or (at < len(hits) and hits[at].start < hit.end):
                continue
            hits.insert(at, hit)
            starts.insert(at, hit.start)
    return hits
