"""The review panel atop a postmortem page: what its approval needs and where it stands.

Every approval the policy requires for this incident (by role, met by whom or outstanding,
and who could give it), change requests still open, the due date and whether it is overdue,
and the required sections present or missing. The same rules as `pirsite check`
(`rules.postmortem.approval_requirements`), read for a reviewer instead of as errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..obligations.applicability import holds
from ..policy import Policy
from ..records import Incident, Postmortem


@dataclass(frozen=True, slots=True)
class Requirement:
    what: str  # "a privacy approval" or "2 approvals"
    why: str  # the policy rule's description
    met_by: tuple[str, ...]  # handles whose approval meets it
    could: tuple[str, ...]  # handles who could still give it (outstanding)

    @property
    def met(self) -> bool:
        return bool(self.met_by)


@dataclass(frozen=True, slots=True)
class ReviewPanel:
    requirements: tuple[Requirement, ...]
    changes_requested: tuple[str, ...]  # reviewers whose latest decision asks for changes
    due: datetime | None
    overdue: bool
    sections: tuple[tuple[str, bool], ...]  # required section, present

    @property
    def outstanding(self) -> int:
        return sum(not r.met for r in self.requirements) + len(self.changes_requested)


def review_panel(pm: Postmortem, incident: Incident, policy: Policy, now: datetime) -> ReviewPanel:
    latest = {a.by: a for a in pm.approvals}  # a reviewer's last decision is the one that counts
    approvers = [
        a.by
        for a in latest.values()
        if a.decision == "approved" and a.by not in pm.authors and a.role in policy.people[a.by].roles
    ]
    roles_of = {a.by: a.role for a in latest.values()}
    requirements = []
    for rule in policy.approval_rules:
        if not holds(rule.when, incident, policy):
            continue
        for role in rule.roles:
            met = tuple(by for by in approvers if roles_of[by] == role)
            could = tuple(
                p.handle for p in policy.people.values() if role in p.roles and p.handle not in pm.authors
            )
            requirements.append(
                Requirement(f"a {role} approval", rule.description, met, () if met else could)
            )
        if rule.min_approvals > 1:
            enough = len(approvers) >= rule.min_approvals
            requirements.append(
                Requirement(
                    f"{rule.min_approvals} approvals ({len(approvers)} so far)",
                    rule.description,
                    tuple(approvers) if enough else (),
                    () if enough else tuple(r for r in pm.reviewers if r not in approvers),
                )
            )
    key = policy.target_key(incident.severity, incident.priority)
    allowance = policy.sla_postmortem_due.get(key) if key else None
    resolved = incident.resolved_at
    due = resolved + allowance if allowance is not None and resolved is not None else None
    approved = pm.status == "approved"
    present = set(pm.sections)
    return ReviewPanel(
        tuple(requirements),
        tuple(by for by, a in latest.items() if a.decision == "changes_requested"),
        due,
        bool(due is not None and not approved and now > due),
        tuple((name, name in present) for name in policy.postmortem_sections),
    )
