"""Rules about one postmortem: its incident, sections, people and approvals."""

from __future__ import annotations

from collections.abc import Iterator

from ..obligations.applicability import holds
from ..policy import Policy
from ..problems import Problem, error
from ..records import Incident, Postmortem
from .invisible import hidden_controls


def postmortem_problems(pm: Postmortem, folder_id: str, policy: Policy) -> list[Problem]:
    problems: list[Problem] = []
    if pm.incident != folder_id:
        problems.append(
            error(
                pm.path,
                "id-folder",
                f"postmortem is for `{pm.incident}` but sits in the folder of `{folder_id}`",
                f"set incident: {folder_id}, or move the file",
                field=("incident",),
            )
        )
    problems.extend(_sections(pm, policy))
    problems.extend(_people(pm, policy))
    problems.extend(_approvals(pm, policy))
    problems.extend(hidden_controls(pm.path, [(("title",), pm.title)]))
    return problems


def _sections(pm: Postmortem, policy: Policy) -> Iterator[Problem]:
    present = {title.strip().lower() for title in pm.sections}
    required = policy.postmortem_sections
    for title in required:
        if title.lower() not in present:
            yield error(
                pm.path,
                "postmortem-section",
                f"missing section `## {title}`",
                "a postmortem has these level-2 sections: " + ", ".join(required),
                line=pm.body_line,
                column=1,
            )


def _people(pm: Postmortem, policy: Policy) -> Iterator[Problem]:
    for index, handle in enumerate(pm.reviewers):
        person = policy.people[handle]
        if not person.roles:
            yield error(
                pm.path,
                "postmortem-reviewer",
                f"`{handle}` holds no reviewer role in the policy",
                "choose reviewers whose roster entry has roles, or add the role to the policy",
                field=("reviewers", index),
            )


def _approvals(pm: Postmortem, policy: Policy) -> Iterator[Problem]:
    latest: dict[str, str] = {}
    for index, approval in enumerate(pm.approvals):
        at = ("approvals", index)
        person = policy.people[approval.by]
        if approval.role not in person.roles:
            yield error(
                pm.path,
                "approval",
                f"`{approval.by}` does not hold the `{approval.role}` reviewer role",
                f"roles of {approval.by}: {', '.join(person.roles) or 'none'}",
                field=(*at, "role"),
            )
        if approval.by in pm.authors and approval.decision == "approved":
            yield error(
                pm.path,
                "approval",
                f"`{approval.by}` authored this postmortem and cannot approve it",
                "ask another reviewer from the roster",
                field=(*at, "by"),
            )
        if approval.decision == "changes_requested" and not approval.note:
            yield error(
                pm.path,
                "approval",
                "a changes_requested decision needs the reviewer's note",
                "add note: what must change",
                field=(*at, "note"),
            )
        latest[approval.by] = approval.decision
    if pm.status == "approved":
        if "approved" not in latest.values():
            yield error(
                pm.path,
                "approval",
                "status is `approved` but no approval is recorded",
                "add an approvals entry (by, role, at, decision: approved) or change the status",
                field=("status",),
            )
        for handle, decision in latest.items():
            if decision == "changes_requested":
                yield error(
                    pm.path,
                    "approval",
                    f"status is `approved` but `{handle}`'s latest decision is changes_requested",
                    f"resolve the requested changes and record {handle}'s approval",
                    field=("status",),
                )
    if pm.status == "changes_requested" and "changes_requested" not in latest.values():
        yield error(
            pm.path,
            "approval",
            "status is `changes_requested` but no reviewer requested changes",
            "record the reviewer's decision and note in approvals",
            field=("status",),
        )


def approval_requirements(pm: Postmortem, incident: Incident, policy: Policy) -> Iterator[Problem]:
    """An approved postmortem has the approvals its incident calls for (policy postmortem.approvals)."""
    if pm.status != "approved" or not any(a.decision == "approved" for a in pm.approvals):
        return  # without any approval, _approvals already says what is missing
    latest = {a.by: a for a in pm.approvals}  # a reviewer's last decision is the one that counts
    approvals = [
        a
        for a in latest.values()
        if a.decision == "approved" and a.by not in pm.authors and a.role in policy.people[a.by].roles
    ]
    for rule in policy.approval_rules:
        if not holds(rule.when, incident, policy):
            continue
        for role in rule.roles:
            if not any(a.role == role for a in approvals):
                holders = [
                    p.handle for p in policy.people.values() if role in p.roles and p.handle not in pm.authors
                ]
                yield error(
                    pm.path,
                    "approval-required",
                    f"status is `approved` but no `{role}` reviewer approved it, which {incident.id} "
                    f"requires ({rule.description})",
                    f"ask one of {', '.join(holders) or 'the ' + role + ' reviewers'} to approve, "
                    "or set status: in_review",
                    field=("status",),
                    cross_record=True,
                )
        if len(approvals) < rule.min_approvals > 1:  # one approval is already required of any approved one
            yield error(
                pm.path,
                "approval-required",
                f"status is `approved` with {len(approvals)} approver(s), but {incident.id} needs "
                f"{rule.min_approvals} ({rule.description})",
                "record the other approvals, or set status: in_review",
                field=("status",),
                cross_record=True,
            )
