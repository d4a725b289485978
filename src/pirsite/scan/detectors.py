"""Detectors for personal data in one line of text.

Each returns `Hit`s: where a finding is and what kind it is, never keeping the
value beyond the line it came from. Checksums keep false positives low: a card
number must pass Luhn and start like a card network's, an IBAN must pass
mod-97, a phone number must be valid for its region (libphonenumber), an IP
address must be globally routable (documentation and private ranges are not
findings), and an email address at an allowed domain is fine.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers

from .settings import ScanSettings

KINDS = ("email", "phone", "card", "iban", "ip", "national-id", "pattern", "name", "secret")


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # one of KINDS
    start: int  # 0-based column in the line
    end: int
    label: str  # what was found, in words ("email address", "customer id")


_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
# Dates, times, timestamps, record ids and versions: never phone numbers, and skipping
# them keeps the (slow) phone matcher off most lines of a record.
_NOT_PHONES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b[A-Z]{2,}-\d{4}-\d{3,}\b"
    r"|\bv?\d+(?:\.\d+){2,}\b"
)
_VERSION_BEFORE = re.compile(r"(?:\bv|version\s*|release\s*|build\s*)$", re.IGNORECASE)


def emails(line: str, settings: ScanSettings) -> Iterator[Hit]:
    for match in _EMAIL.finditer(line):
        domain = match.group(1).lower()
        if any(domain == d or domain.endswith("." + d) for d in settings.allowed_domains):
            continue
        yield Hit("email", match.start(), match.end(), "email address")


def phones(line: str, settings: ScanSettings) -> Iterator[Hit]:
    line = _NOT_PHONES.sub(lambda m: " " * len(m.group()), line)  # same length: columns hold
    if sum(map(str.isdigit, line)) < 6:
        return
    seen: set[tuple[int, int]] = set()
    for region in settings.phone_regions or ("ZZ",):  # ZZ: only numbers written with +country code
        for match in phonenumbers.PhoneNumberMatcher(line, region, leniency=phonenumbers.Leniency.VALID):
            span = (match.start, match.end)
            if span not in seen and not any(a <= span[0] < b for a, b in seen):
                seen.add(span)
                yield Hit("phone", match.start, match.end, "phone number")


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def cards(line: str, settings: ScanSettings) -> Iterator[Hit]:
    for match in _CARD.finditer(line):
        text = match.group()
        digits = re.sub(r"[ -]", "", text)
        separators = set(re.findall(r"[ -]", text))
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


def ibans(line: str, settings: ScanSettings) -> Iterator[Hit]:
    for match in _IBAN.finditer(line):
        if iban_valid(match.group()):
            yield Hit("iban", match.start(), match.end(), "IBAN")


def ips(line: str, settings: ScanSettings) -> Iterator[Hit]:
    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(line):
            if pattern is _IPV4 and _VERSION_BEFORE.search(line[: match.start()]):
                continue  # v1.2.3.4, version 10.0.0.1
            try:
                address = ipaddress.ip_address(match.group())
            except ValueError:
                continue
            if address.is_global:
                yield Hit("ip", match.start(), match.end(), f"IPv{address.version} address")


def configured(line: str, settings: ScanSettings) -> Iterator[Hit]:
    for kind, named in (("national-id", settings.national_ids), ("pattern", settings.patterns)):
        for item in named:
            for match in item.pattern.finditer(line):
                yield Hit(kind, match.start(), match.end(), item.name)


def names(line: str, settings: ScanSettings) -> Iterator[Hit]:
    lowered = line.lower()
    for name in settings.deny_names:
        for match in re.finditer(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", lowered):
            yield Hit("name", match.start(), match.end(), "a name on the deny list")


DETECTORS = (emails, phones, cards, ibans, ips, configured, names)


def personal_data(line: str, settings: ScanSettings) -> list[Hit]:
    """Every personal-data finding in ``line``; where findings overlap, the first detector's wins
    (a card number is not also reported as a phone number)."""
    hits: list[Hit] = []
    for detector in DETECTORS:
        for hit in detector(line, settings):
            if not any(hit.start < h.end and h.start < hit.end for h in hits):
                hits.append(hit)
    return hits
