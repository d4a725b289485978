"""Problem records (ITIL problem management): `problems/PRB-NNN.yaml`.

A problem is the condition that keeps producing incidents. Its record holds what only the
problem knows (owner, status, root cause, workaround, known-error statement, fix actions,
linked changes, review date); which incidents belong to it is derived from their
`cause.problem`, never typed twice. `model` builds the record, `rules` checks it and the
links to it; `metrics.problems` computes the problem metrics the site shows.
"""

from .model import ProblemRecord, build_problem

__all__ = ["ProblemRecord", "build_problem"]
