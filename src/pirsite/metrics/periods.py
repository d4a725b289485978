"""Calendar buckets for metrics: months and quarters, always in UTC.

Every incident is bucketed by its `detected_at` converted to UTC, so an
incident detected at 23:30 -05:00 on 31 March (04:30 UTC on 1 April) belongs
to April and to Q2. One zone for everyone keeps a report identical wherever it
is built.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def month_of(when: datetime) -> str:
    """``2026-03`` for any moment in March 2026 (UTC)."""
    utc = when.astimezone(UTC)
    return f"{utc.year:04d}-{utc.month:02d}"


def quarter_of(when: datetime) -> str:
    """``2026Q1`` for any moment in January to March 2026 (UTC)."""
    utc = when.astimezone(UTC)
    return f"{utc.year}Q{(utc.month - 1) // 3 + 1}"


def quarter_of_month(month: str) -> str:
    """``2026Q1`` for ``2026-01`` to ``2026-03``."""
    return f"{month[:4]}Q{(int(month[5:]) - 1) // 3 + 1}"


def parse_quarter(text: str) -> str:
    """``2026Q3`` or ``2026-Q3`` -> ``2026Q3``; ValueError otherwise."""
    match = _QUARTER.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a quarter; write it like 2026Q3")
    return f"{match.group(1)}Q{match.group(2)}"


def quarter_start(quarter: str) -> datetime:
    year, q = int(quarter[:4]), int(quarter[5])
    return datetime(year, 3 * q - 2, 1, tzinfo=UTC)


def quarter_end(quarter: str) -> datetime:
    """The first instant after the quarter (exclusive end)."""
    return quarter_start(next_quarter(quarter))


def next_quarter(quarter: str) -> str:
    year, q = int(quarter[:4]), int(quarter[5])
    return f"{year + 1}Q1" if q == 4 else f"{year}Q{q + 1}"


def previous_quarter(quarter: str) -> str:
    year, q = int(quarter[:4]), int(quarter[5])
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"


def last_complete_quarter(now: datetime) -> str:
    return previous_quarter(quarter_of(now))


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` inclusive, gaps filled."""
    out = [first]
    while out[-1] < last:
        out.append(next_quarter(out[-1]))
    return out


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive (``YYYY-MM``), gaps filled."""
    out = [first]
    while out[-1] < last:
        year, month = int(out[-1][:4]), int(out[-1][5:])
        out.append(f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}")
    return out


def month_end(month: str) -> datetime:
    """The first instant after ``month`` (exclusive end), UTC."""
    year, m = int(month[:4]), int(month[5:])
    return datetime(year + (m == 12), 1 if m == 12 else m + 1, 1, tzinfo=UTC)


def label(quarter: str) -> str:
    """``2026Q3`` -> ``2026-Q3``, the form used in page addresses and titles."""
    return f"{quarter[:4]}-Q{quarter[5]}"


@lru_cache(maxsize=256)  # asked for the same "now" once per incident
def utc_date(when: datetime) -> date:
    return when.astimezone(UTC).date()


@lru_cache(maxsize=4096)
def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in UTC: an item due on a day is on time all that day."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
