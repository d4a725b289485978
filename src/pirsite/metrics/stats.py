"""Order statistics used by every metric: median, p90 (nearest rank) and max.

Nearest-rank p90 is the smallest value with at least 90% of the values at or
below it: always one of the observations, so it can be worked out by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import median as _median


def median(values: Sequence[float]) -> float | None:
    return float(_median(values)) if values else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (``p`` in 0..100) of ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(Fraction(p) * len(ordered) / 100)  # exact: 7/100*100 is not 7 in floats
    return float(ordered[max(1, rank) - 1])


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide by (never 0%)."""
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class Durations:
    """One time-to-X measure over a set of incidents, in hours.

    ``missing`` counts incidents that lack one of the two timestamps: they are
    never counted as zero.
    """

    count: int
    missing: int
    median: float | None
    p90: float | None
    max: float | None

    @classmethod
    def of(cls, hours: Sequence[float], missing: int) -> Durations:
        return cls(len(hours), missing, median(hours), percentile(hours, 90), max(hours) if hours else None)


@dataclass(frozen=True, slots=True)
class Counted:
    """A count that incidents may record (users affected, customers affected...), summed over
    a set of incidents.

    ``count`` is how many incidents record a known count (the *n*); ``unknown`` how many record
    it as `unknown`: those add nothing to ``total``, so the total is at least, not exactly, the
    true figure when ``unknown`` is not zero. Incidents that do not record it at all are in
    neither. ``median`` and ``p90`` are per incident, over the known counts.
    """

    total: int
    count: int
    unknown: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, counts: Sequence[int], unknown: int) -> Counted:
        return cls(sum(counts), len(counts), unknown, median(counts), percentile(counts, 90))


NOTHING_COUNTED = Counted(0, 0, 0, None, None)  # no incident records the count
