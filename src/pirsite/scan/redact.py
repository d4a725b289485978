"""Messages never repeat what the scanner would flag.

A problem's message or field path may quote a value from a record (`invalid-value
`x` is not an allowed value`, an unknown key). When that value is personal data
or a secret, printing it would copy it into CI logs, pull-request annotations and
terminals, the very places the scanner keeps it out of. So every problem is
passed through the same detectors before it is shown, and each finding in its
text is replaced by what it is, in words: ``<email address>``.
"""

from __future__ import annotations

from dataclasses import replace

from ..problems import Problem
from .detectors import personal_data
from .scanner import FINDING_CODES
from .secrets import secrets
from .settings import ScanSettings


class Redactor:
    """Redacts problems for one run; remembers texts already seen (hints and messages repeat)."""

    def __init__(self, settings: ScanSettings) -> None:
        self.settings = settings
        self._seen: dict[str, str] = {}

    def text(self, text: str) -> str:
        """``text`` with each personal-data or secret finding replaced by its label."""
        done = self._seen.get(text)
        if done is None:
            done = self._seen[text] = _redacted(text, self.settings)
        return done

    def problem(self, problem: Problem) -> Problem:
        """``problem`` with nothing the scanner would flag in its message, hint or field."""
        field = tuple(self.text(part) if isinstance(part, str) else part for part in problem.field)
        if problem.code in FINDING_CODES:  # the scanner's own messages never hold a value
            return problem if field == problem.field else replace(problem, field=field)
        message, hint = self.text(problem.message), self.text(problem.hint)
        if (message, hint, field) == (problem.message, problem.hint, problem.field):
            return problem
        return replace(problem, message=message, hint=hint, field=field)


def _redacted(text: str, settings: ScanSettings) -> str:
    if len(text) < 5:
        return text
    hits = personal_data(text, settings) + (secrets(text) if settings.secrets else [])
    out, last = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start >= last:  # overlapping findings: the first one covers the value
            out += [text[last : hit.start], f"<{hit.label}>"]
            last = hit.end
    return "".join([*out, text[last:]]) if out else text
