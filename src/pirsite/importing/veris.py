"""VERIS 1.3.x (the community schema of the VERIS Community Database) to pirsite records
and back.

The translation is explicit tables, one per VERIS enumeration we map: a value maps to a
policy id, to `unknown`, or to a vocabulary gap the import report names (and
`--extend-policy` can add). Nothing is inferred beyond what a table says; what has no place
in the record (actors, assets, discovery lags) is kept as text under `source.dropped`, so a
reader sees it and no metric counts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..moments import UNKNOWN, Moment, stamp
from ..policy import Policy
from ..records import Incident
from .draft import Draft, Gap, SourceError

SYSTEM = "veris"
VERIS_VERSION = "1.3.7"
ACTIONS = ("hacking", "malware", "social", "misuse", "physical", "error", "environmental", "unknown")
MALICIOUS = frozenset({"hacking", "malware", "social", "misuse", "physical"})

DISPOSITION = {
    "Confirmed": "confirmed",
    "Suspected": "suspected",
    "Near miss": "near_miss",
    "False positive": "false_positive",
}

# action -> variety -> incident category; "*" is the action's default.
CATEGORY: dict[str, dict[str, str]] = {
    "hacking": {
        "DoS": "denial-of-service",
        "Use of stolen creds": "account-compromise",
        "Brute force": "account-compromise",
        "Exploit vuln": "vulnerability-exploitation",
        "SQLi": "vulnerability-exploitation",
        "XSS": "vulnerability-exploitation",
        "RFI": "vulnerability-exploitation",
        "Path traversal": "vulnerability-exploitation",
        "*": "unauthorized-access",
    },
    "malware": {"DoS": "denial-of-service", "*": "malware"},
    "social": {"Phishing": "account-compromise", "*": "unauthorized-access"},
    "misuse": {"Data mishandling": "improper-processing", "*": "unauthorized-access"},
    "physical": {"Theft": "lost-or-stolen-device", "*": "unauthorized-access"},
    "error": {
        "Misdelivery": "misdirected-disclosure",
        "Publishing error": "data-exposure",
        "Misconfiguration": "data-exposure",
        "Disposal error": "data-exposure",
        "Gaffe": "data-exposure",
        "Loss": "lost-or-stolen-device",
        "Capacity shortage": "service-outage",
        "Malfunction": "service-outage",
        "Data entry error": "data-corruption",
        "*": UNKNOWN,
    },
    "environmental": {"*": "service-outage"},
    "unknown": {"*": UNKNOWN},
}

# What VERIS says of the cause itself (most actions say nothing: their root cause is unknown).
ROOT_CAUSE: dict[str, dict[str, str]] = {
    "error": {
        "Misconfiguration": "configuration-error",
        "Programming error": "software-defect",
        "Capacity shortage": "capacity",
        "Misdelivery": "human-error",
        "Publishing error": "human-error",
        "Disposal error": "human-error",
        "Loss": "human-error",
        "Gaffe": "human-error",
        "Data entry error": "human-error",
        "Classification error": "human-error",
        "Maintenance error": "human-error",
    },
    "social": {"*": "social-engineering"},
}

# discovery_method family -> variety -> detection method; a missing variety is a gap.
DETECTION: dict[str, dict[str, str]] = {
    "internal": {
        "Reported by employee": "employee-report",
        "Break in discovered": "employee-report",
        "Antivirus": "monitoring-alert",
        "Hids": "monitoring-alert",
        "Nids": "monitoring-alert",
        "Security alarm": "monitoring-alert",
        "Data loss prevention": "monitoring-alert",
        "Infrastructure monitoring": "monitoring-alert",
        "Fraud detection": "monitoring-alert",
        "Log review": "audit",
        "Financial audit": "audit",
        "It review": "audit",
        "Offboarding": "audit",
    },
    "external": {
        "Customer": "customer-report",
        "Law enforcement": "law-enforcement",
        "Security researcher": "researcher",
    },
    "partner": {"*": "vendor-report"},
}

DATA_CATEGORY = {
    "Medical": "health",
    "Payment": "payment-card",
    "Bank": "financial",
    "Credentials": "account-credentials",
    "Multi-factor credential": "account-credentials",
}
# Personal data VERIS names with no policy category of the example program.
DATA_GAPS = {
    "Personal": (
        "personal-information",
        "Personal information",
        "Name, address, SSN and the like (VERIS Personal).",
    ),
    "Sensitive Personal": (
        "sensitive-personal-information",
        "Sensitive personal information",
        "Personal data VERIS calls sensitive (e.g. racial or ethnic origin, beliefs, sexual orientation).",
    ),
}
SUBJECT_TYPE = {"Customer": "customers", "Employee": "employees", "Patient": "patients"}
SUBJECT_GAPS = {
    "Student": ("students", "Students", "Pupils and students (VERIS Student)."),
    "Partner": ("partners", "Partners' people", "People at a partner organisation (VERIS Partner)."),
}
DATA_STATE = {  # VERIS state -> (state, encrypted)
    "Stored": ("at_rest", UNKNOWN),
    "Stored encrypted": ("at_rest", True),
    "Stored unencrypted": ("at_rest", False),
    "Transmitted": ("in_transit", UNKNOWN),
    "Transmitted encrypted": ("in_transit", True),
    "Transmitted unencrypted": ("in_transit", False),
    "Processed": ("in_use", UNKNOWN),
    "Printed": ("on_paper", False),
}
DISCLOSED = {"Yes": "yes", "Potentially": "potentially", "No": "no", "Unknown": "unknown"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _varieties(section: Any) -> list[str]:
    if not isinstance(section, dict):
        return []
    values = section.get("variety", [])
    return [values] if isinstance(values, str) else [v for v in values if isinstance(v, str)]


def _known(values: Iterable[str]) -> list[str]:
    return [v for v in values if v not in ("Unknown", "Other", "NA")]


def to_draft(data: Any, label: str, policy: Policy, now: datetime) -> Draft:
    """One VERIS incident -> a Draft; SourceError when it is not a VERIS incident at all."""
    if not isinstance(data, dict) or "timeline" not in data or "action" not in data:
        raise SourceError(f"{label}: not a VERIS incident (no `timeline` or `action`)")
    year = data["timeline"].get("incident", {}).get("year") if isinstance(data["timeline"], dict) else None
    if not isinstance(year, int) or not 1900 <= year <= 2199:
        raise SourceError(f"{label}: `timeline.incident.year` is missing or not a year")
    source_id = str(data.get("incident_id") or data.get("plus", {}).get("master_id") or "") or None
    draft = Draft(SYSTEM, source_id, year, {"schema_version": 1}, label=label)
    actions = {name: value for name, value in data["action"].items() if name in ACTIONS}
    draft.record["title"] = _title(data, actions)
    draft.mapped.append("title")
    summary = data.get("summary") if isinstance(data.get("summary"), str) else ""
    notes = data.get("notes") if isinstance(data.get("notes"), str) else ""
    text = "\n\n".join(t.strip() for t in (summary, notes) if t and t.strip())
    if len(text) >= 20:
        draft.set("summary", text)
    else:
        draft.default("summary", "The source record has no summary.")
    draft.default("visibility", "internal")
    draft.record["historical"] = True
    draft.default("status", "closed")
    disposition = DISPOSITION.get(data.get("security_incident", ""))
    if disposition:
        draft.set("disposition", disposition)
    category = _category(actions)
    attributes = data.get("attribute", {}) if isinstance(data.get("attribute"), dict) else {}
    confidentiality = (
        attributes.get("confidentiality") if isinstance(attributes.get("confidentiality"), dict) else None
    )
    personal = _personal(confidentiality)
    domains = _domains(category, actions, attributes, personal, policy)
    draft.set("domains", domains)
    draft.set("category", category)
    for name in ("severity", "impact", "urgency", "priority"):
        draft.set(name, UNKNOWN)
    draft.set("reporter", UNKNOWN)
    draft.set("occurred_at", _incident_time(data["timeline"]["incident"]))
    for name in ("detected_at", "reported_at", "contained_at", "resolved_at", "closed_at"):
        draft.set(name, UNKNOWN)
    draft.set("detection", _detection(data.get("discovery_method"), draft))
    if "privacy" in domains:
        draft.set("privacy", _privacy(confidentiality or {}, draft))
    cause = _root_cause(actions)
    draft.set("cause", {"root_cause_category": cause})
    draft.record["source"] = _source(data, source_id, now, draft)
    _drop_the_rest(data, actions, draft)
    return draft


def _title(data: dict[str, Any], actions: dict[str, Any]) -> str:
    parts = []
    for name, value in actions.items():
        kinds = _known(_varieties(value))
        parts.append(f"{name} ({', '.join(kinds).lower()})" if kinds else name)
    what = "; ".join(parts) or "incident"
    victim = data.get("victim", {}) if isinstance(data.get("victim"), dict) else {}
    who = victim.get("victim_id") if isinstance(victim.get("victim_id"), str) else ""
    title = (
        f"{what[0].upper()}{what[1:]} at {who}"
        if who and who != "Unknown"
        else f"{what[0].upper()}{what[1:]}"
    )
    return title if len(title) <= 160 else title[:157] + "..."


def _category(actions: dict[str, Any]) -> str:
    """The first action's category, by the order VERIS lists its families."""
    for name in ACTIONS:
        if name in actions:
            table = CATEGORY[name]
            for variety in _varieties(actions[name]):
                if variety in table:
                    return table[variety]
            return table["*"]
    return UNKNOWN


def _personal(confidentiality: dict[str, Any] | None) -> bool:
    if not confidentiality:
        return False
    kinds = {d.get("variety") for d in confidentiality.get("data", ()) if isinstance(d, dict)}
    return bool(kinds & (set(DATA_CATEGORY) | set(DATA_GAPS)))


def _domains(
    category: str, actions: dict[str, Any], attributes: dict[str, Any], personal: bool, policy: Policy
) -> list[str]:
    wanted = {"security"} if MALICIOUS & set(actions) or not actions else set()
    if personal:
        wanted.add("privacy")
    if "availability" in attributes:
        wanted.add("availability")
    if "integrity" in attributes:
        wanted.add("data_integrity")
    found = next((c for c in policy.categories if c.id == category), None)
    if found is not None and not wanted & set(found.domains):
        wanted.add(found.domains[0])  # the category must belong to one of the record's domains
    if not wanted:
        wanted.add("security")
    order = [d.id for d in policy.domains]
    return sorted((d for d in wanted if d in order), key=order.index)


def _incident_time(moment: dict[str, Any]) -> str:
    year, month, day = moment.get("year"), moment.get("month"), moment.get("day")
    if isinstance(month, int) and 1 <= month <= 12:
        if isinstance(day, int) and 1 <= day <= 31:
            try:
                return Moment(year, month, day, precision="day").text()
            except ValueError:
                pass
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def _detection(method: Any, draft: Draft) -> dict[str, Any]:
    if not isinstance(method, dict) or method.get("unknown") or not method:
        return {"method": UNKNOWN, "internal": UNKNOWN}
    for family in ("internal", "external", "partner"):
        if family not in method:
            continue
        internal = family == "internal"
        kinds = _known(_varieties(method[family]))
        table = DETECTION[family]
        if not kinds:
            chosen = table.get("*", UNKNOWN)
            return {"method": chosen, "internal": internal, "detail": f"VERIS discovery: {family}"}
        kind = kinds[0]
        chosen = table.get(kind) or table.get("*")
        if chosen is None:
            chosen = f"{family}-{_slug(kind)}"
            draft.gaps.append(
                Gap(
                    "detection_methods",
                    chosen,
                    f"{kind} ({family})",
                    f"VERIS discovery method {family}: {kind}.",
                    f"discovery_method.{family}.variety: {kind}",
                    internal=internal,
                )
            )
        return {"method": chosen, "internal": internal, "detail": f"VERIS discovery: {family}, {kind}"}
    if "other" in method:
        draft.drop("discovery_method.other: true (no variety)")
    return {"method": UNKNOWN, "internal": UNKNOWN}


def _privacy(confidentiality: dict[str, Any], draft: Draft) -> dict[str, Any]:
    disclosed = DISCLOSED.get(confidentiality.get("data_disclosure", "Unknown"), "unknown")
    privacy: dict[str, Any] = {"role": UNKNOWN, "personal_data_disclosed": disclosed}
    items = [d for d in confidentiality.get("data", ()) if isinstance(d, dict)]
    total = confidentiality.get("data_total")
    data = []
    for item in items:
        variety = item.get("variety")
        amount = item.get("amount")
        if variety in DATA_CATEGORY:
            category = DATA_CATEGORY[variety]
        elif variety in DATA_GAPS:
            category, name, description = DATA_GAPS[variety]
            draft.gaps.append(Gap("data_categories", category, name, description, f"data.variety: {variety}"))
        else:
            if variety not in (None, "Unknown"):
                draft.drop(f"attribute.confidentiality.data: {variety} (not personal data)")
            continue
        entry: dict[str, Any] = {"category": category}
        entry["records"] = amount if isinstance(amount, int) and amount >= 0 else UNKNOWN
        data.append(entry)
    if isinstance(total, int) and total >= 0:
        if len(data) == 1 and data[0]["records"] == UNKNOWN:
            data[0]["records"] = total
        else:
            draft.drop(f"attribute.confidentiality.data_total: {total} (records in all)")
    if data:
        privacy["data"] = data
    subjects = []
    for victim in confidentiality.get("data_victim", ()):
        if victim in SUBJECT_TYPE:
            subjects.append({"type": SUBJECT_TYPE[victim], "count": UNKNOWN})
        elif victim in SUBJECT_GAPS:
            kind, name, description = SUBJECT_GAPS[victim]
            draft.gaps.append(Gap("data_subject_types", kind, name, description, f"data_victim: {victim}"))
            subjects.append({"type": kind, "count": UNKNOWN})
        elif victim not in ("Unknown", "Other"):
            draft.drop(f"attribute.confidentiality.data_victim: {victim}")
    if subjects:
        privacy["data_subjects"] = subjects
    states = []
    for state in confidentiality.get("state", ()):
        if state in DATA_STATE:
            where, encrypted = DATA_STATE[state]
            states.append({"state": where, "encrypted": encrypted})
        elif state not in ("Unknown", "Other"):
            draft.drop(f"attribute.confidentiality.state: {state}")
    if states:
        privacy["data_states"] = states
    return privacy


def _root_cause(actions: dict[str, Any]) -> str:
    for name in ACTIONS:
        table = ROOT_CAUSE.get(name)
        if table is None or name not in actions:
            continue
        for variety in _varieties(actions[name]):
            if variety in table:
                return table[variety]
        if "*" in table:
            return table["*"]
    return UNKNOWN


def _source(data: dict[str, Any], source_id: str | None, now: datetime, draft: Draft) -> dict[str, Any]:
    source: dict[str, Any] = {"system": SYSTEM}
    if source_id:
        source["id"] = source_id
    source["imported_at"] = stamp(now.replace(microsecond=0))
    reference = data.get("reference")
    if isinstance(reference, str) and reference.strip():
        source["references"] = [r.strip() for r in re.split(r"[;\s]+", reference) if r.strip()]
    return source


def _drop_the_rest(data: dict[str, Any], actions: dict[str, Any], draft: Draft) -> None:
    """Keep, as text, what the record has no field for, so no fact is silently lost."""
    for family, actor in (data.get("actor") or {}).items():
        if isinstance(actor, dict):
            kinds = _known(_varieties(actor))
            motives = _known(actor.get("motive", ()) if isinstance(actor.get("motive"), list) else ())
            if kinds or motives:
                draft.drop(
                    f"actor.{family}: {', '.join(kinds) or 'variety unknown'}"
                    + (f"; motive {', '.join(motives)}" if motives else "")
                )
            else:
                draft.drop(f"actor.{family}")
    assets = (data.get("asset") or {}).get("assets", ())
    kinds = [a.get("variety") for a in assets if isinstance(a, dict) and a.get("variety")]
    if _known(kinds):
        draft.drop(f"asset.assets: {', '.join(_known(kinds))}")
    for name, value in actions.items():
        varieties = _known(_varieties(value))
        draft.drop(f"action.{name}.variety: {', '.join(varieties) or 'Unknown'}")  # export reads it back
        vectors = _known(value.get("vector", ()) if isinstance(value, dict) else ())
        if vectors:
            draft.drop(f"action.{name}.vector: {', '.join(vectors)}")
    confidentiality = (data.get("attribute") or {}).get("confidentiality")
    if isinstance(confidentiality, dict) and "privacy" not in draft.record.get("domains", ()):
        for item in confidentiality.get("data", ()):
            variety = item.get("variety") if isinstance(item, dict) else None
            if variety and variety != "Unknown":
                draft.drop(f"attribute.confidentiality.data: {variety} (not personal data)")
    timeline = data.get("timeline", {})
    for step in ("compromise", "exfiltration", "discovery", "containment"):
        lag = timeline.get(step)
        if isinstance(lag, dict) and lag.get("unit") not in (None, "Unknown", "NA"):
            value = lag.get("value")
            draft.drop(f"timeline.{step}: {value if value is not None else 'some'} {lag['unit'].lower()}")
    if isinstance(timeline.get("incident", {}).get("time"), str):
        draft.drop(f"timeline.incident.time: {timeline['incident']['time']} (no time zone)")
    impact = data.get("impact")
    if isinstance(impact, dict) and impact.get("overall_rating") not in (None, "Unknown"):
        draft.drop(f"impact.overall_rating: {impact['overall_rating']}")
    victim = data.get("victim")
    if isinstance(victim, dict):
        countries = _known(victim.get("country", ()) if isinstance(victim.get("country"), list) else ())
        if countries:
            draft.drop(f"victim.country: {', '.join(countries)} (the organisation's, not the people's)")
        for key in ("industry", "employee_count"):
            if isinstance(victim.get(key), str) and victim[key] not in ("Unknown",):
                draft.drop(f"victim.{key}: {victim[key]}")


# --- export ----------------------------------------------------------------------------

_BACK_DISPOSITION = {v: k for k, v in DISPOSITION.items()}
_BACK_DATA = {v: k for k, v in DATA_CATEGORY.items() if k != "Multi-factor credential"}
_BACK_SUBJECT = {v: k for k, v in SUBJECT_TYPE.items()}
_BACK_STATE = {(where, enc): name for name, (where, enc) in DATA_STATE.items()}
_BACK_DETECTION = {
    "employee-report": ("internal", "Reported by employee"),
    "monitoring-alert": ("internal", "Security alarm"),
    "automated-scan": ("internal", "It review"),
    "audit": ("internal", "It review"),
    "customer-report": ("external", "Customer"),
    "vendor-report": ("partner", "Other"),
    "researcher": ("external", "Security researcher"),
    "law-enforcement": ("external", "Law enforcement"),
    "regulator": ("external", "Other"),
    "media": ("external", "Unrelated 3rd party"),
}
_BACK_ACTION = {  # incident category -> (action, variety)
    "misdirected-disclosure": ("error", "Misdelivery"),
    "data-exposure": ("error", "Publishing error"),
    "lost-or-stolen-device": ("physical", "Theft"),
    "malware": ("malware", "Unknown"),
    "account-compromise": ("hacking", "Use of stolen creds"),
    "credential-exposure": ("error", "Publishing error"),
    "vulnerability-exploitation": ("hacking", "Exploit vuln"),
    "denial-of-service": ("hacking", "DoS"),
    "unauthorized-access": ("hacking", "Unknown"),
    "improper-processing": ("misuse", "Data mishandling"),
}


def to_veris(incident: Incident, organisation: str) -> dict[str, Any]:
    """A VERIS 1.3.7 incident from a pirsite record: what the record knows, `Unknown`
    where it does not (nothing is filled in to look complete)."""
    actions = _recorded_actions(incident)
    action, variety = _BACK_ACTION.get(incident.category, ("unknown", None))
    occurred = incident.occurred_at or incident.when
    timeline: dict[str, Any] = {"incident": {"year": occurred.year}}
    kind = "exact" if not isinstance(occurred, Moment) else occurred.precision
    if kind in ("month", "day", "exact"):
        timeline["incident"]["month"] = occurred.month
    if kind in ("day", "exact"):
        timeline["incident"]["day"] = occurred.day
    for step, start, end in (
        ("discovery", incident.occurred_at, incident.detected_at),
        ("containment", incident.detected_at, incident.contained_at),
    ):
        timeline[step] = _lag(start, end)
    out: dict[str, Any] = {
        "schema_version": VERIS_VERSION,
        "incident_id": incident.source.id
        if incident.source and incident.source.system == SYSTEM
        else incident.id,
        "source_id": organisation,
        "security_incident": _BACK_DISPOSITION.get(incident.disposition or "", "Confirmed"),
        "summary": incident.summary,
        "timeline": timeline,
        "action": actions
        or (
            {action: {"variety": [variety or "Unknown"], "vector": ["Unknown"]}}
            if action != "unknown"
            else {"unknown": {}}
        ),
        "actor": {"unknown": {}},
        "asset": {"assets": [{"variety": "Unknown"}], "cloud": ["Unknown"]},
        "attribute": _attributes(incident),
        "discovery_method": _discovery(incident),
        "victim": {
            "victim_id": organisation,
            "country": ["Unknown"],
            "employee_count": "Unknown",
            "industry": "000",
            "government": ["Unknown"],
        },
        "plus": {"master_id": incident.id, "pirsite_id": incident.id},
    }
    if incident.source and incident.source.references:
        out["reference"] = "; ".join(incident.source.references)
    return out


def _recorded_actions(incident: Incident) -> dict[str, Any]:
    """The VERIS actions an imported record kept in `source.dropped`, to export them as they were."""
    if incident.source is None or incident.source.system != SYSTEM:
        return {}
    out: dict[str, Any] = {}
    for item in incident.source.dropped:
        found = re.match(r"^action\.(\w+)\.variety: (.+)$", item)
        if found and found.group(1) in ACTIONS:
            name = found.group(1)
            out[name] = (
                {} if name == "unknown" else {"variety": found.group(2).split(", "), "vector": ["Unknown"]}
            )
    return out


def _lag(start: datetime | None, end: datetime | None) -> dict[str, Any]:
    """A VERIS lag from two exact times, else Unknown (a lag between partial times is a guess)."""
    if isinstance(start, Moment) or isinstance(end, Moment) or start is None or end is None:
        return {"unit": "Unknown"}
    seconds = (end - start).total_seconds()
    for unit, size in (("Years", 365 * 86400), ("Months", 30 * 86400), ("Days", 86400), ("Hours", 3600)):
        if seconds >= size:
            return {"unit": unit, "value": round(seconds / size)}
    return {"unit": "Minutes", "value": max(0, round(seconds / 60))}


def _attributes(incident: Incident) -> dict[str, Any]:
    privacy = incident.privacy
    if privacy is None:  # VERIS wants some attribute: availability when that was hit, else unknown integrity
        if "availability" in incident.domains:
            return {"availability": {"variety": ["Unknown"]}}
        return {"integrity": {"variety": ["Unknown"]}}
    back = {v: k for k, v in DISCLOSED.items()}
    data = [
        {
            "variety": _BACK_DATA.get(d.category, "Other"),
            **({"amount": d.records} if d.records is not None else {}),
        }
        for d in privacy.data
    ] or [{"variety": "Unknown"}]
    confidentiality: dict[str, Any] = {
        "data_disclosure": back.get(privacy.personal_data_disclosed, "Unknown"),
        "data": data,
        "data_victim": sorted({_BACK_SUBJECT.get(s.type, "Other") for s in privacy.data_subjects})
        or ["Unknown"],
        "state": sorted(
            {
                _BACK_STATE.get((s.state, s.encrypted if s.encrypted is not None else UNKNOWN), "Unknown")
                for s in privacy.data_states
            }
        )
        or ["Unknown"],
    }
    counts = [d.records for d in privacy.data]
    if counts and all(c is not None for c in counts):
        confidentiality["data_total"] = sum(counts)  # type: ignore[arg-type]
    return {"confidentiality": confidentiality}


def _discovery(incident: Incident) -> dict[str, Any]:
    family_variety = _BACK_DETECTION.get(incident.detection.method)
    if family_variety is None:
        return {"unknown": True}
    family, variety = family_variety
    return {family: {"variety": [variety]}}
