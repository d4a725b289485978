"""Times as precise as the record knows them.

A historical record often knows only `2014`, `2014-06` or a date. Such a value is a
`Moment`: the first instant of the interval it names (in UTC), plus its precision.
It compares and sorts like a datetime, but every stage that needs exactness asks
for it: chronology compares intervals, a metric measures a duration only between
exact times, and a page prints a moment in its own precision, never padded.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

PRECISIONS = ("year", "month", "day", "exact")  # coarsest first
UNKNOWN = "unknown"
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Moment(datetime):
    """A partial time: the start of its year, month or day (UTC), and that precision.

    Arithmetic gives plain datetimes: a time derived from a partial one is not exact
    either, so stages that derive deadlines check `precision()` of the start."""

    __slots__ = ("precision",)
    precision: str

    def __new__(
        cls, year: int, month: int = 1, day: int = 1, *rest: Any, precision: str = "", **kw: Any
    ) -> Any:
        if not precision:  # datetime's own methods rebuild their type: give them a plain time
            return datetime(year, month, day, *rest, **kw)
        self = super().__new__(cls, year, month, day, tzinfo=UTC)
        self.precision = precision
        return self

    def replace(self, *args: Any, **kwargs: Any) -> datetime:  # type: ignore[override]
        return self.plain().replace(*args, **kwargs)

    def astimezone(self, tz: Any = None) -> datetime:  # type: ignore[override]
        return self.plain().astimezone(tz)

    def __reduce__(self) -> Any:
        return (_rebuild, (self.year, self.month, self.day, self.precision))

    def __add__(self, other: Any) -> Any:
        return self.plain() + other

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        return self.plain() - other

    def __rsub__(self, other: Any) -> Any:
        return other - self.plain()

    def plain(self) -> datetime:
        return datetime(self.year, self.month, self.day, tzinfo=UTC)

    def end(self) -> datetime:
        """The first instant after the interval."""
        if self.precision == "year":
            return datetime(self.year + 1, 1, 1, tzinfo=UTC)
        if self.precision == "month":
            year, month = divmod(self.year * 12 + self.month, 12)
            return datetime(year, month + 1, 1, tzinfo=UTC)
        return self.plain() + timedelta(days=1)

    def text(self) -> str:
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _rebuild(year: int, month: int, day: int, precision: str) -> Moment:
    return Moment(year, month, day, precision=precision)


def parse(value: str | int | None) -> datetime | None:
    """Schema-valid text (RFC 3339, `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a bare year, or
    `unknown`) -> an aware datetime, a Moment, or None for unknown or absent."""
    if value is None or value == UNKNOWN:
        return None
    if isinstance(value, int):
        return Moment(value, precision="year")
    partial = _PARTIAL.match(value)
    if partial is None:
        return datetime.fromisoformat(value)
    year, month, day = partial.groups()
    if day is not None:
        return Moment(int(year), int(month), int(day), precision="day")
    if month is not None:
        return Moment(int(year), int(month), precision="month")
    return Moment(int(year), precision="year")


def partial_problem(value: Any) -> str | None:
    """Why a partial time that matched the schema's pattern is still not a real date
    (2014-02-30, month 13), or None."""
    if isinstance(value, str) and (found := _PARTIAL.match(value)):
        year, month, day = found.groups()
        try:
            date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            return str(exc)
    return None


def precision(value: datetime | None) -> str | None:
    """`year`, `month`, `day` or `exact`; None for an unknown time."""
    if value is None:
        return None
    return value.precision if isinstance(value, Moment) else "exact"


def is_exact(value: datetime | None) -> bool:
    return value is not None and not isinstance(value, Moment)


def at_least(value: datetime | None, wanted: str) -> bool:
    """True when ``value`` is known at least to ``wanted`` precision."""
    found = precision(value)
    return found is not None and PRECISIONS.index(found) >= PRECISIONS.index(wanted)


def earliest(value: datetime) -> datetime:
    return value.plain() if isinstance(value, Moment) else value


def latest(value: datetime) -> datetime:
    """The last instant ``value`` may stand for (exclusive end for a partial time)."""
    return value.end() - timedelta(microseconds=1) if isinstance(value, Moment) else value


def surely_before(first: datetime, second: datetime) -> bool:
    """True only when every instant ``first`` may be comes before every instant
    ``second`` may be: chronology of partial times never reports what may be right."""
    return latest(first) < earliest(second)


def show(value: datetime | None) -> str:
    """A time as its record knows it: `2014-06` stays a month, an exact time is UTC."""
    if value is None:
        return UNKNOWN
    if isinstance(value, Moment):
        return value.text()
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def stamp(value: datetime) -> str:
    """Machine form: partial times as written, exact ones RFC 3339 (UTC `Z`)."""
    if isinstance(value, Moment):
        return value.text()
    return value.isoformat().replace("+00:00", "Z")
