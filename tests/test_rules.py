"""Rules beyond the schema, each with the exact message a user sees."""

from __future__ import annotations

import pytest

from conftest import BASE, POSTMORTEM, PRIVACY, RECORD_PATH, Repo

P = RECORD_PATH
Q = "incidents/2026/PIR-2026-0002/incident.yaml"
PM = "incidents/2026/PIR-2026-0002/postmortem.md"


def privacy_repo(repo: Repo, record: str = PRIVACY, postmortem: str | None = POSTMORTEM) -> Repo:
    repo.record(record, Q)
    if postmortem is not None:
        repo.write(PM, postmortem)
    return repo


def only(repo: Repo) -> list[str]:
    code, lines = repo.check()
    assert code == (1 if any(": error " in line for line in lines) else 0)
    return lines


def test_id_must_match_folder(repo: Repo) -> None:
    repo.record(BASE.replace("id: PIR-2026-0001", "id: PIR-2026-0009"))
    assert only(repo) == [
        f"{P}:2:1: error id-folder id: id `PIR-2026-0009` does not match its folder `PIR-2026-0001` "
        "(the folder must be named after the id: rename the folder or fix the id)"
    ]


def test_id_year_must_match_year_folder(repo: Repo) -> None:
    repo.record(
        BASE.replace("id: PIR-2026-0001", "id: PIR-2025-0001"), "incidents/2026/PIR-2025-0001/incident.yaml"
    )
    assert only(repo) == [
        "incidents/2026/PIR-2025-0001/incident.yaml:2:1: error id-folder id: id `PIR-2025-0001` is filed under "
        "the year folder `2026` (move the folder to incidents/2025/)"
    ]


def test_id_prefix_comes_from_policy(repo: Repo) -> None:
    repo.record(
        BASE.replace("id: PIR-2026-0001", "id: INC-2026-0001"), "incidents/2026/INC-2026-0001/incident.yaml"
    )
    assert only(repo) == [
        "incidents/2026/INC-2026-0001/incident.yaml:2:1: error bad-format id: `INC-2026-0001` does not have the "
        "expected form (Incident id PIR-YYYY-NNNN, e.g. PIR-2026-0042.)"
    ]


def test_duplicate_ids_across_folders(repo: Repo) -> None:
    repo.record()
    repo.record(
        BASE.replace("id: PIR-2026-0001", "id: PIR-2026-0002"), "incidents/2026/PIR-2026-0002/incident.yaml"
    )
    repo.record(
        BASE.replace("id: PIR-2026-0001", "id: PIR-2026-0002"), "incidents/2026/PIR-2026-0003/incident.yaml"
    )
    assert only(repo) == [
        "incidents/2026/PIR-2026-0003/incident.yaml:2:1: error duplicate-id id: id `PIR-2026-0002` is also used "
        "by incidents/2026/PIR-2026-0002/incident.yaml (every incident needs its own id)",
        "incidents/2026/PIR-2026-0003/incident.yaml:2:1: error id-folder id: id `PIR-2026-0002` does not match "
        "its folder `PIR-2026-0003` (the folder must be named after the id: rename the folder or fix the id)",
    ]


def test_chronology(repo: Repo) -> None:
    repo.record(BASE.replace("contained_at: 2026-03-02T10:30:00Z", "contained_at: 2026-03-02T09:30:00Z"))
    assert only(repo) == [
        f"{P}:20:1: error chronology contained_at: `contained_at` (2026-03-02T09:30:00Z) is before `detected_at` "
        "(2026-03-02T10:00:00Z) (times run occurred -> detected -> reported -> acknowledged, and detected -> "
        "contained -> resolved -> closed, with restored between detected and resolved; "
        "check the date and the UTC offset)"
    ]


def test_chronology_compares_instants_not_text(repo: Repo) -> None:
    # 11:20+01:00 is 10:20Z: after detection, although "09:..." sorts first as text elsewhere.
    repo.record(BASE.replace("contained_at: 2026-03-02T10:30:00Z", "contained_at: 2026-03-02T11:20:00+01:00"))
    assert only(repo) == []


def test_timeline_in_order(repo: Repo) -> None:
    repo.record(
        BASE.replace(
            "{at: 2026-03-02T10:30:00Z, type: containment", "{at: 2026-03-02T09:30:00Z, type: containment"
        )
    )
    assert only(repo) == [
        f"{P}:31:6: error chronology timeline[1].at: timeline entry at 2026-03-02T09:30:00Z comes after one at "
        "2026-03-02T10:00:00Z (keep the timeline in chronological order)"
    ]


@pytest.mark.parametrize(
    ("status", "drop", "message"),
    [
        (
            "triage",
            "acknowledged_at: 2026-03-02T10:05:00Z\n",
            "`acknowledged_at` is required once the status is `triage` or later (status is `triage`) "
            "(set when the response team acknowledged the report)",
        ),
        (
            "contained",
            "contained_at: 2026-03-02T10:30:00Z\n",
            "`contained_at` is required once the status is `contained` or later (status is `contained`) "
            "(set when the harm stopped growing)",
        ),
        (
            "resolved",
            "resolved_at: 2026-03-02T10:40:00Z\n",
            "`resolved_at` is required once the status is `resolved` or later (status is `resolved`) "
            "(set when service and data were restored)",
        ),
        (
            "closed",
            "",
            "`closed_at` is required once the status is `closed` or later (status is `closed`) "
            "(set when the incident was closed)",
        ),
    ],
)
def test_fields_required_by_status(repo: Repo, status: str, drop: str, message: str) -> None:
    text = BASE.replace("status: resolved", f"status: {status}").replace(drop, "")
    if status in ("triage", "contained"):
        text = text.replace("resolved_at: 2026-03-02T10:40:00Z\n", "")
    if status == "triage":
        text = text.replace("contained_at: 2026-03-02T10:30:00Z\n", "")
    repo.record(text)
    field = message.split("`")[1]
    assert only(repo) == [f"{P}:1:1: error status-field {field}: {message}"]


def test_disposition_required_after_triage(repo: Repo) -> None:
    repo.record(BASE.replace("disposition: confirmed\n", ""))
    assert only(repo) == [
        f"{P}:1:1: error status-field disposition: `disposition` is required once the status is `investigating` "
        "or later (status is `resolved`) (set confirmed, suspected, near_miss, false_positive, duplicate or "
        "not_an_incident)"
    ]


def test_root_cause_required_once_resolved(repo: Repo) -> None:
    repo.record(BASE.replace("cause:\n  root_cause_category: hardware-failure\n", ""))
    assert only(repo) == [
        f"{P}:1:1: error status-field cause.root_cause_category: `cause.root_cause_category` is required once the "
        "status is `resolved` or later (status is `resolved`) (pick the class from root_cause_categories in "
        "the policy)"
    ]


def test_false_positive_needs_no_containment_or_root_cause(repo: Repo) -> None:
    text = (
        BASE.replace("disposition: confirmed", "disposition: false_positive")
        .replace("contained_at: 2026-03-02T10:30:00Z\n", "")
        .replace("cause:\n  root_cause_category: hardware-failure\n", "")
    )
    repo.record(text)
    assert only(repo) == []


def test_unassessed_severity_only_before_investigating(repo: Repo) -> None:
    repo.record(BASE.replace("severity: sev3", "severity: unassessed"))
    assert only(repo) == [
        f"{P}:10:1: error severity severity: severity is still `unassessed` at status `resolved` "
        "(assess it during triage: one of sev1, sev2, sev3, sev4)"
    ]


def test_unassessed_severity_allowed_in_triage(repo: Repo) -> None:
    text = (
        BASE.replace("severity: sev3", "severity: unassessed")
        .replace("status: resolved", "status: triage")
        .replace("contained_at: 2026-03-02T10:30:00Z\n", "")
        .replace("resolved_at: 2026-03-02T10:40:00Z\n", "")
    )
    repo.record(text)
    assert only(repo) == [  # allowed, but not for long: 4h from reported_at in the example policy
        f"{P}:10:1: warning severity-unassessed severity: the severity is still `unassessed`, 265d 9h "
        "past the triage target (2026-03-02T14:02:00Z) (assess it in triage; until then the "
        "acknowledge clock runs on the shortest target)"
    ]


def test_priority_follows_matrix(repo: Repo) -> None:
    repo.record(BASE.replace("priority: p3", "priority: p1"))
    assert only(repo) == [
        f"{P}:13:1: error priority priority: priority `p1` does not follow from impact `medium` x urgency "
        "`medium`, which gives `p3` (set priority: p1, or say why it differs in priority_override)".replace(
            "set priority: p1", "set priority: p3"
        )
    ]


def test_priority_override_with_reason(repo: Repo) -> None:
    repo.record(
        BASE.replace("priority: p3", "priority: p1\npriority_override: Board meeting demo depends on search.")
    )
    assert only(repo) == []


def test_category_must_fit_domains(repo: Repo) -> None:
    repo.record(BASE.replace("category: performance-degradation", "category: malware"))
    assert only(repo) == [
        f"{P}:9:1: error category-domain category: category `malware` belongs to security, none of which is in "
        "domains (add security to domains or choose another category)"
    ]


def test_privacy_block_required_for_privacy_domain(repo: Repo) -> None:
    repo.record(BASE.replace("domains: [availability]", "domains: [availability, privacy]"))
    assert only(repo) == [
        f"{P}:1:1: error privacy privacy: the privacy block is required when domains include privacy "
        "(add privacy: with role, personal_data_disclosed, data, data_subjects and risk)"
    ]


def test_privacy_block_without_domain(repo: Repo) -> None:
    privacy_repo(
        repo,
        PRIVACY.replace("domains: [privacy]", "domains: [security]").replace(
            "category: misdirected-disclosure", "category: account-compromise"
        ),
    )
    lines = only(repo)
    assert lines[0] == (
        f"{Q}:25:1: error privacy privacy: a privacy block is given but domains do not include privacy "
        "(add privacy to domains, or remove the privacy block)"
    )


def test_risk_assessment_required_once_contained(repo: Repo) -> None:
    text = PRIVACY.replace(
        "  risk:\n    overall: risk\n    rationale: Name and address only, but to an unknown private person.\n",
        "",
    )
    privacy_repo(repo, text)
    assert [line for line in only(repo) if ": error " in line] == [
        f"{Q}:25:1: error privacy privacy.risk: a risk assessment is required once contained when personal data "
        "was or may have been disclosed (add privacy.risk with overall, rationale, assessed_by and assessed_at)"
    ]


def test_detection_internal_flag_agrees_with_method(repo: Repo) -> None:
    repo.record(BASE.replace("internal: true", "internal: false"))
    assert only(repo) == [
        f"{P}:24:3: error detection detection.internal: detection method `monitoring-alert` is internal but "
        "`internal` is false (set internal: true, or choose the method that matches)"
    ]


def test_notification_due_time_and_late_reason(repo: Repo) -> None:
    privacy_repo(
        repo, PRIVACY.replace("sent_at: 2026-05-06T10:00:00+02:00", "sent_at: 2026-05-08T10:00:00+02:00")
    )
    assert only(repo) == [
        f"{Q}:38:5: error notification-late notifications[0].sent_at: GDPR Art. 33 notice was sent 23h after it "
        "was due (2026-05-07T11:00:00+02:00, at most 72h after aware_at) (add late_reason saying why it was late)"
    ]


def test_late_notification_with_reason_passes(repo: Repo) -> None:
    privacy_repo(
        repo,
        PRIVACY.replace(
            "sent_at: 2026-05-06T10:00:00+02:00",
            "sent_at: 2026-05-08T10:00:00+02:00\n    late_reason: Counsel review of the recipient's statement took a day.",
        ),
    )
    assert only(repo) == []


def test_notification_clock_must_be_set(repo: Repo) -> None:
    privacy_repo(repo, PRIVACY.replace("aware_at: 2026-05-04T11:00:00+02:00\n", ""))
    assert only(repo) == [
        f"{Q}:35:5: error notification-clock notifications[0].rule: `aware_at` starts the clock of GDPR Art. 33 "
        "but is not set (set aware_at so the due time (at most 72h after it) can be computed)"
    ]


def test_applicable_rule_must_be_recorded(repo: Repo) -> None:
    text = PRIVACY.replace(
        'notifications:\n  - rule: gdpr-art33\n    required: "yes"\n    sent_at: 2026-05-06T10:00:00+02:00\n',
        "",
    )
    privacy_repo(repo, text)
    assert only(repo) == [
        f"{Q}:1:1: error notification-missing notifications: GDPR Art. 33 applies to this incident (Lead "
        "supervisory authority, due at most 72h after aware_at) but no obligation is recorded (add a notifications "
        'entry with rule: gdpr-art33 and required: "yes", "no" (with a rationale) or pending)'
    ]


def test_rule_that_does_not_apply_is_not_demanded(repo: Repo) -> None:
    text = PRIVACY.replace(
        'notifications:\n  - rule: gdpr-art33\n    required: "yes"\n    sent_at: 2026-05-06T10:00:00+02:00\n',
        "",
    )
    # unlikely to result in a risk: GDPR Art. 33 asks only for the record the incident itself keeps
    privacy_repo(repo, text.replace("overall: risk", "overall: no_risk"))
    assert only(repo) == []


def test_not_required_needs_rationale(repo: Repo) -> None:
    privacy_repo(
        repo, PRIVACY.replace('required: "yes"\n    sent_at: 2026-05-06T10:00:00+02:00', 'required: "no"')
    )
    assert only(repo) == [
        f"{Q}:36:5: error notification notifications[0].rationale: deciding not to notify under GDPR Art. 33 "
        "needs a rationale (add rationale: why the rule does not require notification)"
    ]


def test_unsent_notification_past_due_is_a_warning_while_open(repo: Repo) -> None:
    privacy_repo(repo, PRIVACY.replace("    sent_at: 2026-05-06T10:00:00+02:00\n", ""))
    assert repo.check() == (
        0,
        [
            f"{Q}:36:5: warning notification-overdue notifications[0].sent_at: GDPR Art. 33 notice was due "
            "2026-05-07T11:00:00+02:00 (at most 72h after aware_at), 199d 15h ago (notify now and record sent_at, with "
            "late_reason)"
        ],
    )


def test_closed_incident_cannot_leave_notice_unsent(repo: Repo) -> None:
    text = (
        PRIVACY.replace("    sent_at: 2026-05-06T10:00:00+02:00\n", "")
        .replace("status: resolved", "status: closed")
        .replace(
            "resolved_at: 2026-05-05T15:00:00+02:00",
            "resolved_at: 2026-05-05T15:00:00+02:00\nclosed_at: 2026-06-01T10:00:00+02:00",
        )
    )
    privacy_repo(repo, text)
    assert only(repo) == [
        f"{Q}:37:5: error notification-open notifications[0].sent_at: the incident is closed but the required "
        "GDPR Art. 33 notice has no sent_at (record sent_at, or change required with a rationale)"
    ]


def test_action_item_past_due_is_a_warning(repo: Repo) -> None:
    repo.record(BASE.replace("status: done, closed_at: 2026-03-20T12:00:00Z", "status: in_progress"))
    assert repo.check() == (
        0,
        [
            f"{P}:33:86: warning action-overdue action_items[0].due: action item AI-1 (j.whitfield) was due "
            "2026-04-01, 236 days ago, and is still in_progress (finish it, or agree a new due date with its owner "
            "and record why)"
        ],
    )


def test_done_action_item_needs_closed_at(repo: Repo) -> None:
    repo.record(BASE.replace(", closed_at: 2026-03-20T12:00:00Z", ""))
    assert only(repo) == [
        f"{P}:33:5: error action-item action_items[0].closed_at: `closed_at` is required when the status is "
        "`done` (set when the item was done or dropped)"
    ]


def test_action_item_ids_unique(repo: Repo) -> None:
    line = "  - {id: AI-1, title: Add a second cache replica, type: prevent, owner: j.whitfield, due: 2026-04-01, status: done, closed_at: 2026-03-20T12:00:00Z}\n"
    repo.record(BASE + line)
    assert only(repo) == [
        f"{P}:34:6: error action-item action_items[1].id: action item id `AI-1` is used twice "
        "(number action items AI-1, AI-2, ... within the record)"
    ]


def test_related_must_resolve(repo: Repo) -> None:
    repo.record(BASE + "related: [PIR-2026-0042]\n")
    assert only(repo) == [
        f"{P}:34:11: error reference related[0]: related incident `PIR-2026-0042` does not exist "
        "(check the id; related lists ids of existing incidents)"
    ]


def test_duplicate_needs_existing_original(repo: Repo) -> None:
    repo.record(
        BASE.replace("disposition: confirmed", "disposition: duplicate") + "duplicate_of: PIR-2026-0077\n"
    )
    assert only(repo) == [
        f"{P}:34:1: error reference duplicate_of: duplicate_of names `PIR-2026-0077`, which does not exist "
        "(check the id of the original incident)"
    ]


def test_duplicate_disposition_needs_duplicate_of(repo: Repo) -> None:
    repo.record(BASE.replace("disposition: confirmed", "disposition: duplicate"))
    assert only(repo) == [
        f"{P}:1:1: error status-field duplicate_of: `duplicate_of` is required for disposition `duplicate` "
        "(give the id of the incident this one duplicates)"
    ]


def test_reference_to_an_invalid_record_is_not_unknown(repo: Repo) -> None:
    repo.record(BASE + "related: [PIR-2026-0002]\n")
    repo.record(
        BASE.replace("id: PIR-2026-0001", "id: PIR-2026-0002").replace("sev3", "sev9"),
        "incidents/2026/PIR-2026-0002/incident.yaml",
    )
    lines = only(repo)
    assert len(lines) == 1 and "invalid-value severity" in lines[0]


def test_postmortem_required_by_severity(repo: Repo) -> None:
    repo.record(BASE.replace("severity: sev3", "severity: sev2"))
    assert only(repo) == [
        f"{P}:6:1: error postmortem-missing status: policy requires a postmortem for this incident, but "
        "incidents/2026/PIR-2026-0001/postmortem.md does not exist (write it with front matter and the required "
        "sections (see postmortem.required_when in schemas/policy.yaml))"
    ]


def test_postmortem_required_by_privacy_impact(repo: Repo) -> None:
    privacy_repo(repo, postmortem=None)
    assert only(repo)[0].startswith(f"{Q}:6:1: error postmortem-missing status: policy requires a postmortem")


def test_closed_incident_needs_approved_postmortem(repo: Repo) -> None:
    text = PRIVACY.replace("status: resolved", "status: closed").replace(
        "resolved_at: 2026-05-05T15:00:00+02:00",
        "resolved_at: 2026-05-05T15:00:00+02:00\nclosed_at: 2026-06-01T10:00:00+02:00",
    )
    privacy_repo(repo, text, POSTMORTEM.replace("status: approved", "status: in_review"))
    assert only(repo) == [
        f"{Q}:6:1: error postmortem-open status: the incident is closed but its postmortem is `in_review` "
        "(get the postmortem approved before closing, or set the status back to resolved)"
    ]


def test_postmortem_sections(repo: Repo) -> None:
    privacy_repo(repo, postmortem=POSTMORTEM.replace("## Where we got lucky\n", ""))
    assert only(repo) == [
        f"{PM}:9:1: error postmortem-section: missing section `## Where we got lucky` (a postmortem has these "
        "level-2 sections: Summary, Impact, Root cause, Contributing factors, Detection, Resolution, What went "
        "well, What went poorly, Where we got lucky, Lessons learned)"
    ]


def test_postmortem_for_the_wrong_incident(repo: Repo) -> None:
    privacy_repo(repo, postmortem=POSTMORTEM.replace("incident: PIR-2026-0002", "incident: PIR-2026-0003"))
    assert only(repo)[0] == (
        f"{PM}:2:1: error id-folder incident: postmortem is for `PIR-2026-0003` but sits in the folder of "
        "`PIR-2026-0002` (set incident: PIR-2026-0002, or move the file)"
    )


def test_postmortem_people_from_roster(repo: Repo) -> None:
    privacy_repo(repo, postmortem=POSTMORTEM.replace("authors: [m.lindqvist]", "authors: [m.lindkvist]"))
    assert only(repo) == [
        f"{PM}:4:11: error invalid-value authors[0]: `m.lindkvist` is not an allowed value "
        "(did you mean `m.lindqvist`?)"
    ]


def test_postmortem_status_known(repo: Repo) -> None:
    privacy_repo(repo, postmortem=POSTMORTEM.replace("status: approved", "status: done"))
    assert only(repo) == [
        f"{PM}:3:1: error invalid-value status: `done` is not an allowed value "
        "(use one of: draft, in_review, changes_requested, approved)"
    ]


def test_reviewer_needs_a_role(repo: Repo) -> None:
    privacy_repo(
        repo, postmortem=POSTMORTEM.replace("reviewers: [a.okafor]", "reviewers: [a.okafor, n.iyer]")
    )
    assert only(repo) == [
        f"{PM}:5:23: error postmortem-reviewer reviewers[1]: `n.iyer` holds no reviewer role in the policy "
        "(choose reviewers whose roster entry has roles, or add the role to the policy)"
    ]


def test_approver_must_hold_role(repo: Repo) -> None:
    privacy_repo(repo, postmortem=POSTMORTEM.replace("role: privacy", "role: security"))
    assert only(repo)[-1:] == [
        f"{PM}:7:20: error approval approvals[0].role: `a.okafor` does not hold the `security` reviewer role "
        "(roles of a.okafor: privacy, legal)"
    ]


def test_author_cannot_approve(repo: Repo) -> None:
    privacy_repo(
        repo, postmortem=POSTMORTEM.replace("authors: [m.lindqvist]", "authors: [m.lindqvist, a.okafor]")
    )
    assert only(repo)[-1:] == [
        f"{PM}:7:6: error approval approvals[0].by: `a.okafor` authored this postmortem and cannot approve it "
        "(ask another reviewer from the roster)"
    ]


def test_approved_needs_an_approval(repo: Repo) -> None:
    text = POSTMORTEM.replace(
        "approvals:\n  - {by: a.okafor, role: privacy, at: 2026-05-12T10:00:00Z, decision: approved}\n", ""
    )
    privacy_repo(repo, postmortem=text)
    assert only(repo) == [
        f"{PM}:3:1: error approval status: status is `approved` but no approval is recorded (add an approvals "
        "entry (by, role, at, decision: approved) or change the status)"
    ]


def test_changes_requested_keeps_the_note(repo: Repo) -> None:
    privacy_repo(
        repo,
        postmortem=POSTMORTEM.replace("status: approved", "status: changes_requested").replace(
            "decision: approved}", "decision: changes_requested}"
        ),
    )
    assert only(repo) == [
        f"{PM}:7:5: error approval approvals[0].note: a changes_requested decision needs the reviewer's note "
        "(add note: what must change)"
    ]


def test_unassessed_risk_warns_that_a_rule_may_apply(repo: Repo) -> None:
    text = (
        PRIVACY.replace("status: resolved", "status: investigating")
        .replace("contained_at: 2026-05-04T15:00:00+02:00\nresolved_at: 2026-05-05T15:00:00+02:00\n", "")
        .replace(
            "  risk:\n    overall: risk\n    rationale: Name and address only, but to an unknown private person.\n",
            "",
        )
        .replace(
            'notifications:\n  - rule: gdpr-art33\n    required: "yes"\n    sent_at: 2026-05-06T10:00:00+02:00\n',
            "",
        )
    )
    privacy_repo(repo, text, postmortem=None)
    assert repo.check() == (
        0,
        [
            f"{Q}:1:1: warning notification-undecided notifications: GDPR Art. 33 may apply (Lead supervisory "
            "authority, due at most 72h after aware_at): the risk assessment is not recorded yet (record what is "
            "missing, or add rule: gdpr-art33 with required: pending so the clock is tracked, and decide \"yes\" "
            "or \"no\" with a rationale)",
            f"{Q}:1:1: warning notification-undecided notifications: GDPR Art. 34 may apply (Affected data subjects "
            "(or a public communication under Art. 34(3)(c)), no fixed deadline, from aware_at): the risk assessment "
            "is not recorded yet (record what is missing, or add rule: gdpr-art34 with required: pending so the "
            "clock is tracked, and decide \"yes\" or \"no\" with a rationale)",
        ],
    )


SEV1 = PRIVACY.replace("severity: sev3", "severity: sev1")
LEADERSHIP_APPROVAL = "  - {by: h.fischer, role: leadership, at: 2026-05-13T09:00:00Z, decision: approved}\n"


def test_a_privacy_sev1_needs_a_privacy_approval_and_two_approvers_one_from_leadership(repo: Repo) -> None:
    privacy_repo(repo, SEV1)
    assert only(repo) == [
        f"{PM}:3:1: error approval-required status: status is `approved` but no `leadership` reviewer approved "
        "it, which PIR-2026-0002 requires (Critical incidents need two approvers, one of them from leadership) "
        "(ask one of h.fischer, g.alvarez to approve, or set status: in_review)",
        f"{PM}:3:1: error approval-required status: status is `approved` with 1 approver(s), but PIR-2026-0002 "
        "needs 2 (Critical incidents need two approvers, one of them from leadership) (record the other "
        "approvals, or set status: in_review)",
    ]
    privacy_repo(
        repo, SEV1, POSTMORTEM.replace("decision: approved}\n", "decision: approved}\n" + LEADERSHIP_APPROVAL)
    )
    assert only(repo) == []


def test_the_privacy_approval_cannot_come_from_an_author(repo: Repo) -> None:
    text = POSTMORTEM.replace("authors: [m.lindqvist]", "authors: [a.okafor]")
    privacy_repo(repo, postmortem=text)
    assert only(repo)[0] == (
        f"{PM}:3:1: error approval-required status: status is `approved` but no `privacy` reviewer approved it, "
        "which PIR-2026-0002 requires (Personal data was or may have been disclosed, so the Privacy Office signs "
        "off) (ask one of m.lindqvist to approve, or set status: in_review)"
    )


def test_approval_rules_in_the_policy_must_name_known_roles(repo: Repo) -> None:
    policy = repo.root / "schemas/policy.yaml"
    policy.write_text(policy.read_text().replace("      roles: [privacy]\n", "      roles: [privcy]\n"))
    code, lines = repo.check()
    assert code == 2
    assert any("`privcy` is not defined in reviewer_roles" in line for line in lines)
