"""The notification engine: when an obligation is due, counted as the law counts it.

This package is where the engine grows (rules as data -> facts -> applicability ->
deadlines and calendars -> obligations and clocks); it starts with the deadlines.
"""

from .deadlines import Calendar, Deadline, DeadlineError, parse_deadline

__all__ = ["Calendar", "Deadline", "DeadlineError", "parse_deadline"]
