"""Facts a rule can test, drawn once per incident from its record and the organisation.

Every fact that a record may leave open is three-valued: ``None`` means "not known", and
a rule that hangs on it *may* apply (the engine then asks for a recorded decision).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..policy import RISK_ORDER, Organisation, Policy
from ..records import Incident, JurisdictionCount


@dataclass(frozen=True, slots=True)
class Facts:
    incident: Incident
    organisation: Organisation
    detected_on: date
    severity: str
    domains: frozenset[str]
    disclosed: str | None  # privacy.personal_data_disclosed; None: no privacy section
    roles: frozenset[str] | None  # None: recorded as unknown
    data_categories: frozenset[str]
    data_elements: frozenset[str] | None  # None: not recorded
    unsecured: bool | None  # None: not known (no data state, or a key whose safety is unknown)
    risk: int | None  # RISK_ORDER rank; None: not assessed
    classified: frozenset[str]
    affected: tuple[JurisdictionCount, ...]
    subdivided: frozenset[str]  # countries whose rules may hang on the subdivision (US: the state)

    @property
    def privacy(self) -> bool:
        return self.incident.privacy is not None


def facts_of(incident: Incident, policy: Policy) -> Facts:
    privacy = incident.privacy
    return Facts(
        incident=incident,
        organisation=policy.organisation,
        detected_on=incident.when.date(),
        severity=incident.severity,
        domains=frozenset(incident.domains),
        disclosed=privacy.personal_data_disclosed if privacy else None,
        roles=(frozenset(privacy.roles) or None) if privacy else frozenset(),
        data_categories=frozenset(d.category for d in privacy.data) if privacy else frozenset(),
        data_elements=privacy.data_elements if privacy else frozenset(),
        unsecured=_unsecured(incident),
        risk=RISK_ORDER[privacy.risk.overall] if privacy and privacy.risk else None,
        classified=frozenset(c.id for c in incident.classifications),
        affected=privacy.individuals_by_jurisdiction if privacy else (),
        subdivided=policy.subdivided,
    )


def _unsecured(incident: Incident) -> bool | None:
    """True when some affected data was readable (not encrypted, or its key was not safe);
    None when that is not known; False only when every state is encrypted with a safe key."""
    if incident.privacy is None:
        return False
    states = incident.privacy.data_states
    if not states:
        return None
    if any(s.encrypted is False or s.key_safe is False for s in states):
        return True
    return None if any(s.encrypted is None or s.key_safe is None for s in states) else False


def unknowns(facts: Facts, keys: frozenset[str]) -> list[str]:
    """The facts this incident leaves open that conditions with these ``keys`` test, in words,
    for "may apply" messages."""
    found = []
    if "severities" in keys and facts.severity == "unassessed":
        found.append("the severity is not assessed")
    if "roles" in keys and facts.roles is None:
        found.append("our role for the data is unknown")
    if "personal_data_disclosed" in keys and facts.disclosed == "unknown":
        found.append("whether personal data was disclosed is unknown")
    if "risk_at_least" in keys and facts.privacy and facts.risk is None:
        found.append("the risk assessment is not recorded yet")
    if "data_elements" in keys and facts.privacy and facts.data_elements is None:
        found.append("the data elements are not recorded")
    if "unsecured" in keys and facts.privacy and facts.unsecured is None:
        found.append("whether the data was readable (encrypted, key safe) is not recorded")
    if keys & {"jurisdictions", "individuals", "individuals_each"}:
        for entry in facts.affected:
            if entry.count is None:
                found.append(f"the count in {entry.jurisdiction} is recorded as unknown")
            elif entry.shared:
                found.append(f"{entry.jurisdiction} share one total of {entry.count}")
            elif entry.jurisdiction in facts.subdivided:
                found.append(f"the subdivision of {entry.jurisdiction} is not recorded")
    return found
