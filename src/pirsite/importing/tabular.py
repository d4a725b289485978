"""CSV and XLSX exports (a spreadsheet register, Jira, ServiceNow) through a mapping file.

A mapping is YAML: which column fills which field, how a column's values translate, how its
dates are written, and defaults for what the export does not hold. A default is recorded as
a default in the record's `source.defaults`, never passed off as data. Example mappings
ship in `pirsite/importing/mappings/`.

    system: jira                    # source.system of every record
    id_column: Issue key            # the source id (duplicates are found by it)
    historical: true                # records of incidents handled before the program
    columns:
      Summary: title
      Description: summary
      Created: {field: reported_at, format: "%d/%b/%y %I:%M %p", timezone: Europe/London}
      Priority: {field: severity, values: {Highest: sev1, High: sev2, Medium: sev3, Low: sev4}}
      Labels: {field: tags, split: " "}
    defaults:
      visibility: internal
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..moments import UNKNOWN, parse, stamp
from ..records import STATUS_RANK, TIME_FIELDS
from .draft import Draft, SourceError

# Fields a column may fill, by how their values are read.
TIMES = TIME_FIELDS
TEXTS = (
    "title",
    "summary",
    "reporter",
    "commander",
    "status",
    "disposition",
    "severity",
    "impact",
    "urgency",
)
TEXTS += ("priority", "category", "visibility")
LISTS = ("domains", "tags", "teams")
NESTED = {  # dotted field -> how its value is read
    "detection.method": "text",
    "detection.internal": "bool",
    "detection.detail": "text",
    "cause.root_cause_category": "text",
    "cause.root_cause": "text",
    "cause.trigger": "text",
    "privacy.role": "text",
    "privacy.personal_data_disclosed": "text",
    "scope.services": "list",
    "scope.customers_affected": "count",
    "scope.users_affected": "count",
}
FIELDS = frozenset(TIMES + TEXTS + LISTS) | frozenset(NESTED)
# The record needs these; when neither a column nor a default gives one, it is `unknown`
# where the schema allows that, and the mapping is refused where it does not.
REQUIRED_UNKNOWABLE = (
    "severity",
    "impact",
    "urgency",
    "priority",
    "category",
    "reporter",
    "detected_at",
    "reported_at",
    "detection.method",
    "detection.internal",
)
# What a record needs once its status is reached (`pirsite check` asks for it); when the
# source does not say, it is `unknown` too.
BY_STATUS = (
    ("contained_at", "contained"),
    ("resolved_at", "resolved"),
    ("closed_at", "closed"),
    ("cause.root_cause_category", "resolved"),
)
REQUIRED = ("title", "summary", "status", "domains", "visibility")
_EMPTY = {"", "-", "n/a", "na", "none", "null"}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    field: str
    values: dict[str, Any] = field(default_factory=dict)  # source value -> record value
    format: str | None = None  # strptime format of a time column
    timezone: str | None = None  # for times written without an offset
    split: str | None = None  # list fields: the separator


@dataclass(frozen=True, slots=True)
class Mapping:
    system: str
    id_column: str | None
    columns: tuple[Column, ...]
    defaults: dict[str, Any]
    historical: bool
    sheet: str | None = None  # XLSX: the worksheet (default: the first)
    path: str = ""


def load_mapping(path: Path) -> Mapping:
    """A mapping file, checked field by field; SourceError says what to fix."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: cannot read the mapping: {exc}") from None
    where = str(path)
    if not isinstance(raw, dict):
        raise SourceError(f"{where}: a mapping is a YAML mapping with system, columns and defaults")
    unknown = set(raw) - {"system", "id_column", "columns", "defaults", "historical", "sheet"}
    if unknown:
        raise SourceError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; see `pirsite import --help`"
        )
    system = raw.get("system")
    if not isinstance(system, str) or not system.strip():
        raise SourceError(f"{where}: `system` is required: the name of the export's system, e.g. jira")
    for key, what in (("id_column", "column"), ("sheet", "worksheet")):
        if raw.get(key) is not None and not isinstance(raw[key], str | int):
            raise SourceError(f"{where}: `{key}` is the name of a {what}")
    if not isinstance(raw.get("historical", True), bool):
        raise SourceError(f"{where}: `historical` is true or false")
    if not isinstance(raw.get("columns") or {}, dict):
        raise SourceError(f"{where}: `columns` must map each column name to the field it fills")
    columns = []
    for name, spec in (raw.get("columns") or {}).items():
        columns.append(_column(where, str(name), spec))
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise SourceError(f"{where}: `defaults` must map field names to values")
    for key in defaults:
        if key not in FIELDS and key != "privacy":
            raise SourceError(f"{where}: defaults.{key}: not a field a mapping can fill ({_fields_hint()})")
    filled = {c.field for c in columns} | set(defaults)
    missing = [f for f in REQUIRED if f not in filled]
    if missing:
        raise SourceError(
            f"{where}: nothing fills {', '.join(missing)}: map a column to each, or give a default "
            "(a default is recorded as such in the record)"
        )
    return Mapping(
        system.strip(),
        None if raw.get("id_column") is None else str(raw["id_column"]),
        tuple(columns),
        dict(defaults),
        raw.get("historical", True),
        None if raw.get("sheet") is None else str(raw["sheet"]),
        where,
    )


def _fields_hint() -> str:
    return "one of " + ", ".join(sorted(FIELDS))


def _column(where: str, name: str, spec: Any) -> Column:
    if isinstance(spec, str):
        spec = {"field": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("field"), str):
        raise SourceError(f"{where}: columns.{name}: give the field it fills, e.g. `{name}: title`")
    target = spec["field"]
    if target not in FIELDS:
        raise SourceError(
            f"{where}: columns.{name}: `{target}` is not a field a mapping can fill ({_fields_hint()})"
        )
    extra = set(spec) - {"field", "values", "format", "timezone", "split"}
    if extra:
        raise SourceError(f"{where}: columns.{name}: unknown key(s) {', '.join(sorted(extra))}")
    for key in ("format", "timezone", "split"):
        if spec.get(key) is not None and not isinstance(spec[key], str):
            raise SourceError(f"{where}: columns.{name}.{key}: give it as text, e.g. in quotes")
    zone = spec.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SourceError(
                f"{where}: columns.{name}.timezone: `{zone}` is not an IANA time zone"
            ) from None
    values = spec.get("values") or {}
    if not isinstance(values, dict):
        raise SourceError(f"{where}: columns.{name}.values: map each source value to a record value")
    return Column(
        name, target, {str(k): v for k, v in values.items()}, spec.get("format"), zone, spec.get("split")
    )


def read_rows(
    path: Path, sheet: str | None = None, *, xlsx: bool | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, column -> text) of a CSV or XLSX file (``xlsx``:
    the format asked for; None: by the file's suffix)."""
    if xlsx or (xlsx is None and path.suffix.lower() in (".xlsx", ".xlsm")):
        yield from _xlsx_rows(path, sheet)
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read it as UTF-8 CSV: {exc}") from None
    # Only the delimiter is sniffed: the Sniffer guesses `doublequote` from the sample, and a
    # sample without a doubled quote would misread every `""` after it. Exports quote as Excel does.
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), dialect=csv.excel, delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    for number, values in enumerate(reader, start=2):
        texts = [v.strip() for v in values]
        if any(texts):
            yield number, _cells(header, texts)


def _cells(header: list[str], texts: list[str]) -> dict[str, str]:
    """column -> text, every column of the header present; a name the header repeats (Jira
    writes one `Labels` column per label) gets the non-empty cells of all its columns, one
    per line, so none is lost."""
    cells: dict[str, str] = {}
    for index, name in enumerate(header):
        text = texts[index] if index < len(texts) else ""
        if not name:
            continue
        if cells.get(name) and text:
            cells[name] += "\n" + text
        elif not cells.get(name):
            cells[name] = text
    return cells


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, dict[str, str]]]:
    import openpyxl  # only an XLSX import pays for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SourceError(f"{path}: cannot read it as XLSX: {exc}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SourceError(f"{path}: no worksheet `{sheet}` (it has {', '.join(book.sheetnames)})")
        rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows()
        header = [_cell_text(c).strip() for c in next(rows, ())]
        for number, row in enumerate(rows, start=2):
            texts = [_cell_text(c) for c in row]
            if any(texts):
                yield number, _cells(header, texts)
    finally:
        book.close()


class CellTime(str):
    """A spreadsheet's own date or time cell as ISO text: it is read as such whatever the
    column's `format` (which is for times written as text)."""


def _cell_text(cell: Any) -> str:
    from openpyxl.styles.numbers import is_datetime

    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time() and is_datetime(getattr(cell, "number_format", "")) == "date":
            return CellTime(f"{value:%Y-%m-%d}")  # a date cell stays a date, not midnight
        return CellTime(value.isoformat())  # a spreadsheet time has no offset: the column's timezone says
    if isinstance(value, date):
        return CellTime(value.isoformat())
    return str(value).strip()


def to_draft(row: dict[str, str], number: int, mapping: Mapping, source_file: str, now: datetime) -> Draft:
    """One row -> a Draft; SourceError names the row, the column and the value."""
    label = f"{source_file}:{number}"
    names = [c.name for c in mapping.columns] + ([mapping.id_column] if mapping.id_column else [])
    missing = [name for name in names if name not in row]
    if missing:
        raise SourceError(f"{source_file}: no column {', '.join(missing)} (mapping {mapping.path})")
    source_id = row.get(mapping.id_column, "") if mapping.id_column else ""
    if mapping.id_column and not source_id:
        raise SourceError(
            f"{label}: column `{mapping.id_column}` is empty; it is the id that finds this row as "
            "already imported next time, so fill it in the export"
        )
    draft = Draft(mapping.system, source_id or None, 0, {"schema_version": 1}, label=label)
    for column in mapping.columns:
        raw = row.get(column.name, "")
        if raw.strip().lower() in _EMPTY:
            continue
        try:
            value = _value(column, raw)
        except ValueError as exc:
            raise SourceError(f"{label}: column `{column.name}`: {exc}") from None
        _put(draft.record, column.field, value)
        (draft.unknown if value == UNKNOWN else draft.mapped).append(column.field)
    for key, value in mapping.defaults.items():
        if _get(draft.record, key) is None:
            _put(draft.record, key, value)
            draft.defaulted.append(key)
    status = draft.record.get("status")
    rank = STATUS_RANK.get(status, -1) if isinstance(status, str) else -1
    reached = [key for key, since in BY_STATUS if rank >= STATUS_RANK[since]]
    for key in (*REQUIRED_UNKNOWABLE, *reached):
        if _get(draft.record, key) is None:
            _put(draft.record, key, UNKNOWN)
            draft.unknown.append(key)
    if mapping.historical:
        draft.record["historical"] = True
    draft.year = _year(draft.record, label)
    source: dict[str, Any] = {"system": mapping.system}
    if source_id:
        source["id"] = source_id
    source["imported_at"] = stamp(now.replace(microsecond=0))
    if draft.defaulted:
        source["defaults"] = sorted(draft.defaulted)
    for name in sorted(set(row) - {c.name for c in mapping.columns} - {mapping.id_column}):
        if row[name].strip().lower() not in _EMPTY:
            draft.drop(f"{name} (column not mapped)")
    draft.record["source"] = source
    return draft


def _year(record: dict[str, Any], label: str) -> int:
    for name in ("detected_at", "reported_at", "occurred_at"):
        moment = parse(record.get(name)) if record.get(name) not in (None, UNKNOWN) else None
        if moment is not None:
            return moment.year
    raise SourceError(f"{label}: no known detected, reported or occurred time, so the record cannot be dated")


def _value(column: Column, raw: str) -> Any:
    target = column.field
    if column.values:
        if raw in column.values:
            return column.values[raw]
        if "*" in column.values:
            return column.values["*"]
        shown = ", ".join(list(column.values)[:8])
        raise ValueError(f"`{raw}` is not in its values map ({shown}); add it, or `'*': unknown`")
    if target in TIMES:
        return _time(column, raw)
    kind = NESTED.get(target, "list" if target in LISTS else "text")
    if kind == "list":
        pattern = f"{re.escape(column.split)}|\n" if column.split else r"[,;\n]"  # \n: repeated columns
        parts = [p.strip() for p in re.split(pattern, raw)]
        return [p for p in parts if p]
    if kind == "count":
        if raw.lower() == UNKNOWN:
            return UNKNOWN
        if not re.fullmatch(r"\d+", raw.replace(",", "")):
            raise ValueError(f"`{raw}` is not a whole number")
        return int(raw.replace(",", ""))
    if kind == "bool":
        lowered = raw.lower()
        if lowered in ("true", "yes", "y", "1", "internal"):
            return True
        if lowered in ("false", "no", "n", "0", "external"):
            return False
        return UNKNOWN
    return raw


def _time(column: Column, raw: str) -> str:
    """A time as precise as the column holds it: its format decides (no time in the format:
    a date; a time without %z: the column's timezone, required)."""
    if raw.lower() == UNKNOWN:
        return UNKNOWN
    if column.format is None or isinstance(raw, CellTime):
        try:
            value = parse(raw)
        except ValueError:
            value = None
        if value is not None and (value.tzinfo is not None):
            return stamp(value)
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", raw):
            return raw
        try:
            naive = datetime.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"`{raw}` is not a time; give the column a `format` (strptime)") from None
        return _zoned(column, naive, raw)
    try:
        naive = datetime.strptime(raw, column.format)
    except ValueError:
        raise ValueError(f"`{raw}` does not match its format `{column.format}`") from None
    if naive.tzinfo is not None:
        return stamp(naive)
    if not re.search(r"%[HIMSXcTRp]", column.format):
        return (
            f"{naive:%Y-%m-%d}"
            if "%d" in column.format
            else f"{naive:%Y-%m}"
            if "%m" in column.format or "%b" in column.format
            else f"{naive:%Y}"
        )
    return _zoned(column, naive, raw)


def _zoned(column: Column, naive: datetime, raw: str) -> str:
    if naive.tzinfo is not None:
        return stamp(naive)
    if column.timezone is None:
        raise ValueError(
            f"`{raw}` has a time but no offset; give the column a `timezone` (e.g. Europe/London) "
            "so it is not guessed"
        )
    return stamp(naive.replace(tzinfo=ZoneInfo(column.timezone)).astimezone(UTC))


def _put(record: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    target = record
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def _get(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value
