"""Deadlines as statutes count them: hours, calendar days, business or working days.

A rule's ``deadline`` is one of:

- ``72h``, ``15m``, ``30d``: an exact period from the instant the clock starts (``d`` is
  24 hours), as GDPR Art. 33's "not later than 72 hours";
- ``60 calendar days``: until the end of the 60th day after the day the clock starts,
  days taken in the rule's calendar time zone;
- ``4 business days`` (or ``working days``): the same, counting only Monday to Friday that
  are not public holidays of the calendar's country (and subdivision), from the
  `holidays` library, as SEC Form 8-K Item 1.05's "four business days";
- ``1 month``: until the end of the day with the same date that many months later (the
  last day of a shorter month), as EU law counts months (Regulation 1182/71 Art. 3(2)(c)).

A country the holidays library does not know is a DeadlineError at the first due time
counted in it (``check`` reports it against the policy). The day the clock starts is never
counted, and a day-counted deadline ends at the last
second of its last day in the calendar's zone. "Without undue delay" with an outer limit
is the rule's ``undue_delay`` flag: the deadline is then the limit, not the target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_EXACT = re.compile(r"([1-9][0-9]*)([mhd])")
_DAYS = re.compile(r"([1-9][0-9]*) (calendar|business|working) days?|([1-9][0-9]*) months?")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
_END_OF_DAY = time(23, 59, 59)


class DeadlineError(ValueError):
    """A deadline or calendar the policy cannot mean; the message says how to write it."""


@dataclass(frozen=True, slots=True)
class Calendar:
    """Where a rule's days are counted: a time zone, and for business days a country."""

    timezone: str  # IANA, e.g. America/New_York
    country: str | None = None  # ISO 3166-1 alpha-2, for public holidays
    subdivision: str | None = None  # ISO 3166-2 part after the dash, e.g. NY for US-NY

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.timezone)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _holidays(self.country, self.subdivision, day.year)


@dataclass(frozen=True, slots=True)
class Deadline:
    """How long a rule allows after its clock starts."""

    text: str  # as the policy writes it
    count: int
    unit: str  # "exact" | "calendar" | "business" | "month"
    period: timedelta | None = None  # for "exact"
    calendar: Calendar | None = None
    undue_delay: bool = False  # "without undue delay", at the latest by this deadline

    def due(self, start: datetime) -> datetime:
        """The last instant the obligation is met at, for a clock started at ``start``."""
        if self.period is not None:
            return start + self.period
        assert self.calendar is not None  # parse_deadline requires one for day counts
        zone = self.calendar.zone
        day = start.astimezone(zone).date()
        if self.unit == "month":
            return datetime.combine(_add_months(day, self.count), _END_OF_DAY, tzinfo=zone)
        remaining = self.count
        while remaining:
            day += timedelta(days=1)
            if self.unit == "calendar" or self.calendar.is_business_day(day):
                remaining -= 1
        return datetime.combine(day, _END_OF_DAY, tzinfo=zone)

    @property
    def described(self) -> str:
        """In words, for pages and messages: "without undue delay, at most 60 calendar days"."""
        return f"without undue delay, at most {self.text}" if self.undue_delay else self.text


def parse_deadline(text: str, calendar: Calendar | None = None, *, undue_delay: bool = False) -> Deadline:
    """A Deadline from its policy text; DeadlineError when it cannot be counted."""
    exact = _EXACT.fullmatch(text)
    if exact:
        period = int(exact.group(1)) * _UNITS[exact.group(2)]
        return Deadline(text, int(exact.group(1)), "exact", period, calendar, undue_delay)
    days = _DAYS.fullmatch(text)
    if not days:
        raise DeadlineError(
            f"`{text}` is not a deadline; write e.g. 72h, 30d, 60 calendar days, 4 business days or 1 month"
        )
    if days.group(3):
        if calendar is None:
            raise DeadlineError(f"`{text}` counts months, so the rule needs a calendar with its timezone")
        calendar.zone  # noqa: B018
        return Deadline(text, int(days.group(3)), "month", None, calendar, undue_delay)
    unit = "calendar" if days.group(2) == "calendar" else "business"
    if calendar is None:
        raise DeadlineError(f"`{text}` counts days, so the rule needs a calendar with its timezone")
    if unit == "business" and not calendar.country:
        raise DeadlineError(f"`{text}` counts business days, so the rule's calendar needs a country")
    calendar.zone  # noqa: B018 - refuses an unknown zone now, not at the first due time
    # The country's holidays are looked up at the first business-day due time, not here:
    # importing the holidays library costs more than checking the whole example program's
    # notifications, and `check` reports an unknown country at that first use.
    return Deadline(text, int(days.group(1)), unit, None, calendar, undue_delay)


def end_of_year(instant: datetime, calendar: Calendar | None) -> datetime:
    """The last second of the calendar year of ``instant``, in the calendar's zone (UTC without
    one): where a yearly duty such as the HIPAA 164.408(c) log counts from."""
    zone = calendar.zone if calendar else ZoneInfo("UTC")
    year = instant.astimezone(zone).year
    return datetime.combine(date(year, 12, 31), _END_OF_DAY, tzinfo=zone)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DeadlineError(f"`{name}` is not a time zone; use an IANA name such as Europe/Berlin") from None


@lru_cache(maxsize=256)
def _holidays(country: str | None, subdivision: str | None, year: int) -> frozenset[date]:
    """Public holidays of a country (or subdivision) in one year, from the `holidays` library."""
    if country is None:
        return frozenset()
    import holidays  # imported on first need: only business-day rules use it

    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError:
        raise DeadlineError(f"the holidays library has no calendar for country `{country}`") from None
    except (KeyError, ValueError) as exc:  # an unknown subdivision
        raise DeadlineError(f"no holiday calendar for `{country}-{subdivision}`: {exc}") from None
    return frozenset(found)
