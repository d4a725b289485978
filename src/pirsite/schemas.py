"""Record schemas: policy vocabularies injected, a fast validity pass, and
readable problems for the records that fail.

Every record goes through ``jsonschema_rs`` (native, ~50x faster); only a
record it rejects is re-validated with ``jsonschema`` to collect every error
with its path. Both see the same schema with the same strict timestamp
pattern, so they agree on what is valid (a fuzz test holds them to it).
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs

from .moments import UNKNOWN
from .policy import Policy
from .problems import FieldPath, Problem, error
from .yamlsafe import YAML11_WORD_BOOLS, Locator

SCHEMA_DIR = "schemas"
INCIDENT_SCHEMA = "incident.schema.json"
POSTMORTEM_SCHEMA = "postmortem.schema.json"
PROBLEM_SCHEMA = "problem.schema.json"
PACKAGED_SCHEMAS = Path(__file__).parent / "skeleton" / "files" / SCHEMA_DIR
POLICY_SCHEMA = "policy.schema.json"
POLICY_FILE = "policy.yaml"

_Validator = jsonschema.Draft202012Validator
_NAIVE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def with_vocabularies(template: dict[str, Any], policy: Policy) -> dict[str, Any]:
    """The schema with every policy-derived enum (and the id prefix) filled in."""
    schema = copy.deepcopy(template)
    defs = schema.get("$defs", {})
    for name, values in policy.vocabularies().items():
        if name in defs:
            defs[name]["enum"] = values
    if "incident_id" in defs:
        defs["incident_id"]["pattern"] = f"^{re.escape(policy.id_prefix)}-[0-9]{{4}}-[0-9]{{4}}$"
        defs["incident_id"]["description"] = (
            f"Incident id {policy.id_prefix}-YYYY-NNNN, e.g. {policy.id_prefix}-2026-0042."
        )
    return schema


def render(schema: dict[str, Any]) -> str:
    """The canonical text of a schema file, so regenerating is byte-stable."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def describe(value: Any) -> str:
    """A value as users wrote it, shortened: never dump a whole paragraph."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"`{text[:40]}…`" if len(text) > 40 else f"`{text}`"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {describe(value)}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        return "text"
    return describe(value)


@dataclass(slots=True)
class RecordSchema:
    """One record type's schema with both validators built once."""

    name: str
    schema: dict[str, Any]
    _fast: Any
    _detailed: jsonschema.protocols.Validator

    @classmethod
    def build(cls, name: str, schema: dict[str, Any]) -> RecordSchema:
        # the schema itself against its metaschema: in Rust (2 ms), not jsonschema's own
        # check_schema (55 ms for the incident schema, paid by every run); ValueError if invalid
        jsonschema_rs.meta.validate(schema)
        fast = jsonschema_rs.validator_for(schema, validate_formats=True)
        detailed = _Validator(schema, format_checker=_Validator.FORMAT_CHECKER)
        return cls(name, schema, fast, detailed)

    def is_valid(self, data: Any) -> bool:
        return bool(self._fast.is_valid(data))

    def is_valid_detailed(self, data: Any) -> bool:
        return bool(self._detailed.is_valid(data))

    def problems(self, data: Any, path: str, locator: Locator) -> list[Problem]:
        """Every schema problem of ``data``; empty when it is valid."""
        if self.is_valid(data):
            return []
        found: dict[tuple[FieldPath, str], Problem] = {}
        for exc in self._detailed.iter_errors(data):
            for problem in _translate(exc, path, locator):
                found.setdefault((problem.field, problem.code), problem)
        if not found:  # the two validators disagree: never pass silently
            found[((), "schema")] = error(
                path,
                "schema",
                "the record does not match the schema",
                "run check-jsonschema on it and report a pirsite bug",
            )
        return list(found.values())


def _translate(exc: jsonschema.ValidationError, path: str, locator: Locator) -> list[Problem]:
    field: FieldPath = tuple(exc.absolute_path)
    validator, schema, value = exc.validator, exc.schema, exc.instance

    def problem(code: str, message: str, hint: str = "", at: FieldPath = field) -> Problem:
        return error(path, code, message, hint, field=at)

    if validator == "required":
        name = exc.message.split("'")[1] if "'" in exc.message else "?"
        described = schema.get("properties", {}).get(name, {}).get("description", "")
        return [problem("missing-field", f"`{name}` is required", described, (*field, name))]
    if validator == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        out = []
        for extra in [key for key in value if key not in allowed]:
            close = difflib.get_close_matches(extra, allowed, n=1)
            hint = (
                f"did you mean `{close[0]}`?"
                if close
                else "remove it, or check the spelling against the schema"
            )
            out.append(problem("unknown-field", f"unknown field `{extra}`", hint, (*field, extra)))
        return out
    if isinstance(value, bool) and validator in ("type", "enum", "const", "pattern"):
        hazard = _yaml_bool(value, field, path, locator)
        if hazard:
            return [hazard]
    if schema.get("$comment") == "moment" and validator == "anyOf":
        return [_bad_timestamp(value, field, path, partial=True)]
    if validator in ("oneOf", "anyOf") and {"const": UNKNOWN} in schema[validator] and exc.context:
        # a value or `unknown`: say what is wrong with the value, and that `unknown` is allowed
        skip = schema[validator].index({"const": UNKNOWN})
        described = schema.get("description", "")
        return [
            replace(problem, hint=_with_unknown(problem.hint or described))
            for sub in exc.context
            if sub.relative_schema_path[0] != skip
            for problem in _translate(sub, path, locator)
        ]
    if (schema.get("format") == "date-time" and validator in ("format", "pattern")) or (
        validator == "type" and schema.get("format") == "date-time"
    ):
        return [_bad_timestamp(value, field, path)]
    if validator == "enum":
        options = [str(o) for o in schema["enum"]]
        close = difflib.get_close_matches(str(value), options, n=1) if isinstance(value, str) else []
        shown = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
        hint = f"did you mean `{close[0]}`?" if close else f"use one of: {shown}"
        return [problem("invalid-value", f"{describe(value)} is not an allowed value", hint)]
    if validator == "const":
        return [problem("invalid-value", f"must be {describe(schema['const'])}, not {describe(value)}")]
    if validator == "type":
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        hint = (
            "quote it"
            if "string" in wanted and isinstance(value, int | float)
            else schema.get("description", "")
        )
        return [problem("wrong-type", f"expected {names}, got {_kind(value)}", hint)]
    if validator in ("format", "pattern") and schema.get("format") == "date":
        return [
            problem("bad-date", f"{describe(value)} is not a date", "write it as YYYY-MM-DD, e.g. 2026-03-01")
        ]
    if validator == "pattern":
        return [
            problem(
                "bad-format",
                f"{describe(value)} does not have the expected form",
                schema.get("description", f"it must match {schema['pattern']}"),
            )
        ]
    if validator == "minLength":
        return [
            problem(
                "too-short",
                f"too short: at least {schema['minLength']} characters",
                schema.get("description", ""),
            )
        ]
    if validator == "maxLength":
        return [
            problem(
                "too-long",
                f"too long: at most {schema['maxLength']} characters",
                "shorten it; put detail in the summary or timeline",
            )
        ]
    if validator == "minItems":
        return [
            problem("too-few", f"needs at least {schema['minItems']} item(s)", schema.get("description", ""))
        ]
    if validator == "uniqueItems":
        return [problem("duplicate-item", "the list has the same item twice", "remove the repeated item")]
    if validator in ("minimum", "maximum"):
        return [problem("out-of-range", exc.message, schema.get("description", ""))]
    return [problem("schema", exc.message, schema.get("description", ""))]


def _with_unknown(hint: str) -> str:
    return hint if UNKNOWN in hint else f"{hint}; `unknown` if it is not known".lstrip("; ")


def _yaml_bool(value: bool, field: FieldPath, path: str, locator: Locator) -> Problem | None:
    _line, _col, node = locator.find(field)
    if node is None or node.style:  # plain scalars: None (Python loader) or "" (C loader)
        return None
    raw = node.value
    if raw.lower() in YAML11_WORD_BOOLS or raw.lower() in ("true", "false"):
        return error(
            path,
            "yaml-bool",
            f"unquoted `{raw}` is read by YAML as the boolean {describe(value)}, not as text",
            f'quote it: "{raw}"',
            field=field,
        )
    return None


def _bad_timestamp(value: Any, field: FieldPath, path: str, partial: bool = False) -> Problem:
    example = "2026-03-01T14:05:00Z"
    if isinstance(value, str) and _NAIVE_TIME.match(value):
        return error(
            path,
            "timestamp-offset",
            f"timestamp `{value}` has no UTC offset",
            f"add the offset it was recorded in, e.g. `Z` for UTC or `+01:00`; use the form {example}",
            field=field,
        )
    if partial:
        return error(
            path,
            "bad-timestamp",
            f"{describe(value)} is not a time",
            f"write it like {example}, or as precisely as it is known: 2014-06-01, 2014-06 or 2014"
            + (
                ""
                if field and field[0] in ("timeline", "notifications")
                else "; `unknown` if it is not known"
            ),
            field=field,
        )
    if isinstance(value, str) and _DATE_ONLY.match(value):
        return error(
            path,
            "bad-timestamp",
            f"`{value}` is a date, a time with an offset is needed",
            f"write it like {example}",
            field=field,
        )
    return error(
        path,
        "bad-timestamp",
        f"{describe(value)} is not an RFC 3339 timestamp",
        f"write it like {example} or 2026-03-01T15:05:00+01:00",
        field=field,
    )


def load_template(root: Path, name: str) -> dict[str, Any]:
    with (root / SCHEMA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def has_template(root: Path, name: str) -> bool:
    return (root / SCHEMA_DIR / name).is_file()


def packaged_template(name: str) -> dict[str, Any]:
    """The schema pirsite ships, for a repository made before the schema existed."""
    with (PACKAGED_SCHEMAS / name).open(encoding="utf-8") as handle:
        return json.load(handle)
