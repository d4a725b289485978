"""Rules across records: unique ids, references, postmortem presence."""

from __future__ import annotations

from collections.abc import Iterator

from ..obligations.applicability import holds
from ..policy import Policy
from ..problems import Problem, error
from ..records import NOT_REAL, Incident, Postmortem
from ..sources import POSTMORTEM_NAME
from .postmortem import approval_requirements


def cross_record_problems(
    incidents: list[Incident],
    postmortems: dict[str, Postmortem],
    ids: dict[str, list[str]],
    postmortem_folders: set[str],
    policy: Policy,
) -> list[Problem]:
    """``ids`` maps every id seen (also in records that failed the schema) to its paths,
    and ``postmortem_folders`` names every folder with a postmortem file (valid or not),
    so an invalid file never causes a misleading "unknown reference" or "missing"."""
    problems = list(_unique_ids(ids))
    for incident in incidents:
        problems.extend(_references(incident, ids))
        if incident.path.split("/")[-2] in postmortem_folders and incident.id not in postmortems:
            continue  # the postmortem exists but is invalid: its own errors say why
        problems.extend(_postmortem_required(incident, postmortems, policy))
        if incident.id in postmortems:
            problems.extend(approval_requirements(postmortems[incident.id], incident, policy))
    return problems


def _unique_ids(ids: dict[str, list[str]]) -> Iterator[Problem]:
    for record_id, paths in ids.items():
        for path in paths[1:]:
            yield error(
                path,
                "duplicate-id",
                f"id `{record_id}` is also used by {paths[0]}",
                "every incident needs its own id",
                field=("id",),
                cross_record=True,
            )


def _references(incident: Incident, ids: dict[str, list[str]]) -> Iterator[Problem]:
    for index, other in enumerate(incident.related):
        if other == incident.id:
            yield error(
                incident.path,
                "reference",
                "an incident cannot be related to itself",
                "remove its own id from related",
                field=("related", index),
                cross_record=True,
            )
        elif other not in ids:
            yield error(
                incident.path,
                "reference",
                f"related incident `{other}` does not exist",
                "check the id; related lists ids of existing incidents",
                field=("related", index),
                cross_record=True,
            )
    target = incident.duplicate_of
    if target == incident.id:
        yield error(
            incident.path,
            "reference",
            "an incident cannot duplicate itself",
            "give the id of the original incident",
            field=("duplicate_of",),
            cross_record=True,
        )
    elif target is not None and target not in ids:
        yield error(
            incident.path,
            "reference",
            f"duplicate_of names `{target}`, which does not exist",
            "check the id of the original incident",
            field=("duplicate_of",),
            cross_record=True,
        )


def postmortem_required(incident: Incident, policy: Policy) -> bool:
    """True when policy requires a postmortem for this incident now."""
    return (
        incident.reached("resolved")
        and incident.disposition not in NOT_REAL
        and not incident.historical  # its lessons, if any, were written elsewhere at the time
        and holds(policy.postmortem_required_when, incident, policy)
    )


def _postmortem_required(
    incident: Incident, postmortems: dict[str, Postmortem], policy: Policy
) -> Iterator[Problem]:
    if not postmortem_required(incident, policy):
        return
    postmortem = postmortems.get(incident.id)
    folder = incident.path.rsplit("/", 1)[0]
    if postmortem is None:
        yield error(
            incident.path,
            "postmortem-missing",
            f"policy requires a postmortem for this incident, but {folder}/{POSTMORTEM_NAME} does not exist",
            "write it with front matter and the required sections (see postmortem.required_when "
            "in schemas/policy.yaml)",
            field=("status",),
            cross_record=True,
        )
    elif incident.status == "closed" and postmortem.status != "approved":
        yield error(
            incident.path,
            "postmortem-open",
            f"the incident is closed but its postmortem is `{postmortem.status}`",
            "get the postmortem approved before closing, or set the status back to resolved",
            field=("status",),
            cross_record=True,
        )
