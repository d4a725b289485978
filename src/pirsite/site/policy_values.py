"""Policy values in hand-written pages: `[[policy slas.acknowledge]]` becomes the policy's own.

A procedure or a training card that states a target ("acknowledge a sev1 within 15 min")
goes stale the day the policy changes, and `pirsite init` copies these pages into programs
with other policies. So a page names the value instead of typing it, and the build writes
it from the policy; a name the build does not know stops the build (never a blank, never a
guess).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from ..policy import Policy

TOKEN = re.compile(r"\[\[policy ([a-z_.]+)\]\]")
VALUES: dict[str, Callable[[Policy], timedelta | dict[str, timedelta]]] = {
    "slas.acknowledge": lambda p: p.sla_acknowledge,
    "slas.contain": lambda p: p.sla_contain,
    "slas.postmortem_due": lambda p: p.sla_postmortem_due,
    "slas.action_item_due": lambda p: p.sla_action_item_due,
    "triage.assess_severity_within": lambda p: p.assess_within,
    "triage.record_awareness_within": lambda p: p.aware_within,
    "recurrence_window": lambda p: p.recurrence_window,
}


def fill(markdown: str, policy: Policy) -> tuple[str, list[str]]:
    """``markdown`` with every known token replaced, and the unknown tokens' names."""
    unknown: list[str] = []

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in VALUES:
            unknown.append(name)
            return match.group(0)
        return words(VALUES[name](policy))

    return TOKEN.sub(value, markdown), unknown


def words(value: timedelta | dict[str, timedelta]) -> str:
    """A duration as people write it (15 min, 4 h, 1 day); a table of them as `sev1` 15 min, ..."""
    if isinstance(value, dict):
        return ", ".join(f"`{key}` {words(duration)}" for key, duration in value.items())
    minutes = int(value.total_seconds() // 60)
    if minutes < 60 or minutes % 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 24 or hours % 24:
        return f"{hours} h"
    days = hours // 24
    return f"{days} day" if days == 1 else f"{days} days"
