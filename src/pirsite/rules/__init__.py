"""Rules no schema can state, over typed records.

Each rule returns problems naming a field path; positions are filled in later
by :mod:`pirsite.locate`, so rules stay pure functions of records and policy.
"""

from .crossrecord import cross_record_problems
from .incident import incident_problems
from .postmortem import postmortem_problems

__all__ = ["cross_record_problems", "incident_problems", "postmortem_problems"]
