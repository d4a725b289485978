"""`pirsite import` of CSV and XLSX exports through a mapping, as a user runs it: the shipped
mappings import their example exports into records that pass `pirsite check`; a time or a
value that cannot be read honestly stops the import, naming where it is; a broken mapping is
refused cleanly; defaults, dropped columns and partial dates are recorded as they are; a
second run and a dry run write nothing; ids follow the ones a year already has."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

import pirsite.importing
from conftest import PROJECT, Repo
from pirsite.cli import main

MAPPINGS = Path(pirsite.importing.__file__).parent / "mappings"  # the ones the package ships
DATA = Path(__file__).parent / "data" / "imports"
SHIPPED = {  # mapping -> (its example export, the export's columns that hold people)
    "jira.yaml": ("jira-export.csv", ("Assignee", "Reporter", "Creator", "Watchers")),
    "servicenow.yaml": ("servicenow-export.csv", ("caller_id", "assigned_to")),
    "breach-register.yaml": ("breach-register.csv", ()),
}


def run_import(root: Path, source: Path, *args: str, mapping: Path | None = None) -> Result:
    argv = ["--root", str(root), "import", str(source)]
    if mapping is not None:
        argv += ["--mapping", str(mapping)]
    result = CliRunner().invoke(main, [*argv, *args])
    # a refusal is a message and an exit code, never a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def new_repo(folder: Path) -> Repo:
    """Another repository like conftest's `repo`, for comparing two imports."""
    shutil.copytree(PROJECT / "schemas", folder / "schemas")
    (folder / "incidents").mkdir()
    return Repo(folder)


def records(root: Path) -> dict[str, dict[str, Any]]:
    """source id -> the record written for it."""
    out = {}
    for path in sorted((root / "incidents").glob("*/*/incident.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[record["source"]["id"]] = record
    return out


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under root."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in root.rglob("*")
    }


def table(path: Path) -> tuple[list[str], list[list[str]]]:
    """A CSV's header and rows, repeated column names kept."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if " error " in line]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# A small export and mapping of the test's own, for the refusals and the defaults.
EXPORT = """\
Ref,Title,Description,Opened,State,Visibility
OPS-1,Mail relay queue stuck,The outbound mail relay stopped sending for about an hour.,2024-03-01,Closed,
OPS-2,Build agents offline,All build agents lost their connection to the controller.,2024-03-02 10:00:00,Closed,Restricted
OPS-3,Wiki read-only,The internal wiki was read-only for a morning after a storage alert.,2024-03-03,Reopened,
"""
MAPPING = """\
system: ops-tracker
id_column: Ref
columns:
  Title: title
  Description: summary
  Opened: {field: reported_at, timezone: Europe/London}
  State: {field: status, values: {Closed: closed, Reopened: investigating}}
  Visibility: {field: visibility, values: {Internal: internal, Restricted: restricted}}
defaults:
  visibility: internal
  domains: [availability]
  disposition: confirmed
"""
COLUMNS = MAPPING[MAPPING.index("columns:") : MAPPING.index("defaults:")]


@pytest.fixture
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the repository for exports, mappings and reports."""
    return tmp_path_factory.mktemp("exports")


@pytest.mark.parametrize("mapping", sorted(SHIPPED))
def test_each_shipped_mapping_imports_its_example_export_and_every_record_passes_check(
    repo: Repo, mapping: str
) -> None:
    export, people = SHIPPED[mapping]
    header, rows = table(DATA / export)
    result = run_import(repo.root, DATA / export, mapping=MAPPINGS / mapping)
    assert result.exit_code == 0, result.output
    assert f"{len(rows)} record(s) read" in result.stdout
    assert f"check: {len(rows)} pass, 0 fail" in result.stdout
    written = sorted((repo.root / "incidents").glob("*/*/incident.yaml"))
    assert len(written) == len(rows)
    code, lines = repo.check()
    assert errors(lines) == [] and code == 0, lines
    found = records(repo.root)
    id_column = header.index(yaml.safe_load((MAPPINGS / mapping).read_text())["id_column"])
    assert sorted(found) == sorted(row[id_column] for row in rows)
    assert all(r["historical"] is True and r["source"]["system"] for r in found.values())
    # people's names stay out of the records: their columns are dropped, by name only
    names = {row[i] for row in rows for i, column in enumerate(header) if column in people and row[i]}
    assert bool(names) == bool(people)
    texts = "\n".join(path.read_text(encoding="utf-8") for path in written)
    assert [name for name in sorted(names) if name in texts] == []
    for column in people:
        assert any(f"{column} (column not mapped)" in r["source"].get("dropped", []) for r in found.values())


def test_export_quirks_are_read_as_the_tools_write_them(repo: Repo, exports: Path) -> None:
    run_import(repo.root, DATA / "jira-export.csv", mapping=MAPPINGS / "jira.yaml")
    jira = records(repo.root)
    # Jira writes one `Components` / `Labels` column per value, all with the same name
    assert jira["SIR-98"]["scope"]["services"] == ["payments-api", "checkout"]
    assert jira["SIR-97"]["tags"] == ["exposure", "cloud-storage"]
    assert "Comment (column not mapped)" in jira["SIR-98"]["source"]["dropped"]
    # Jira's 12-hour times in the exporting user's zone (Europe/London, summer time in June)
    assert jira["SIR-98"]["reported_at"] == "2023-12-02T23:47:00Z"
    assert jira["SIR-108"]["reported_at"] == "2024-06-21T15:55:00Z"
    assert jira["SIR-103"]["title"] == 'Phishing email "Your mailbox is full" reported by staff'
    assert jira["SIR-101"]["summary"].count("\n") >= 2  # multi-line descriptions stay whole
    other = new_repo(exports / "sn")
    run_import(other.root, DATA / "servicenow-export.csv", mapping=MAPPINGS / "servicenow.yaml")
    servicenow = records(other.root)
    # a doubled quote after the first 4 KB of the file is still a quote, not the cell's end
    assert '"Error 500 - please try again later"' in servicenow["INC0012388"]["summary"]
    assert servicenow["INC0012342"]["priority"] == "p1"
    assert servicenow["INC0012342"]["reported_at"] == "2024-02-19T08:02:47Z"  # New York, winter


def test_a_time_without_a_timezone_is_refused_naming_file_row_column_and_value(
    repo: Repo, exports: Path
) -> None:
    opened = "{field: reported_at}"  # row 2 holds a date, which needs no zone; row 3 a time
    mapping = write(
        exports, "ops.yaml", MAPPING.replace("{field: reported_at, timezone: Europe/London}", opened)
    )
    result = run_import(repo.root, write(exports, "export.csv", EXPORT), mapping=mapping)
    assert result.exit_code == 1
    assert result.stderr.startswith("pirsite: import stopped, nothing was written: ")
    assert (
        "export.csv:3: column `Opened`: `2024-03-02 10:00:00` has a time but no offset; "
        "give the column a `timezone`"
    ) in result.stderr
    assert list((repo.root / "incidents").iterdir()) == []


def test_a_time_without_a_timezone_is_refused_for_a_format_with_a_time(repo: Repo, exports: Path) -> None:
    text = EXPORT.replace(",2024-03-01,", ",01/Mar/24 9:15 AM,").replace(",2024-03-02 10:00:00,", ",x,")
    opened = '{field: reported_at, format: "%d/%b/%y %I:%M %p"}'
    mapping = write(
        exports, "ops.yaml", MAPPING.replace("{field: reported_at, timezone: Europe/London}", opened)
    )
    result = run_import(repo.root, write(exports, "export.csv", text), mapping=mapping)
    assert result.exit_code == 1
    assert "export.csv:2: column `Opened`: `01/Mar/24 9:15 AM` has a time but no offset" in result.stderr
    assert list((repo.root / "incidents").iterdir()) == []


def test_a_value_not_in_the_values_map_is_refused_naming_file_row_column_and_value(
    repo: Repo, exports: Path
) -> None:
    mapping = write(exports, "ops.yaml", MAPPING.replace(", Reopened: investigating", ""))
    result = run_import(repo.root, write(exports, "export.csv", EXPORT), mapping=mapping)
    assert result.exit_code == 1
    assert "export.csv:4: column `State`: `Reopened` is not in its values map" in result.stderr
    assert "'*': unknown" in result.stderr  # and says how to accept it honestly
    assert list((repo.root / "incidents").iterdir()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("  Title: title", "  Title: headline"),
            "columns.Title: `headline` is not a field a mapping can fill",
        ),
        (("system: ops-tracker\n", ""), "`system` is required"),
        (("  Title: title\n", ""), "nothing fills title"),
        (("  visibility: internal\n", "  owner: ops\n"), "defaults.owner: not a field a mapping can fill"),
        (("Europe/London", "Europe/Atlantis"), "`Europe/Atlantis` is not an IANA time zone"),
        (("id_column: Ref", "id_column: Ticket"), "no column Ticket"),
        ((COLUMNS, "columns: [Title, Description]\n"), "`columns` must map each column name to the field"),
        (("timezone: Europe/London", "timezone: 1"), "columns.Opened.timezone: give it as text"),
        (("id_column: Ref", "id_column: Ref\nhistorical: maybe"), "`historical` is true or false"),
        (("  Title: title", "  Headline: title"), "no column Headline"),
    ],
)
def test_a_bad_mapping_is_refused_with_a_clear_message_and_nothing_is_written(
    repo: Repo, exports: Path, change: tuple[str, str], message: str
) -> None:
    assert change[0] in MAPPING
    mapping = write(exports, "ops.yaml", MAPPING.replace(*change))
    before = tree(repo.root)
    result = run_import(
        repo.root, write(exports, "export.csv", EXPORT.replace("Reopened", "Closed")), mapping=mapping
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("pirsite: import stopped, nothing was written: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert tree(repo.root) == before


def test_a_row_without_its_id_is_refused_so_a_second_import_cannot_write_it_again(
    repo: Repo, exports: Path
) -> None:
    text = EXPORT.replace("OPS-3,", ",").replace("Reopened", "Closed")
    result = run_import(
        repo.root, write(exports, "export.csv", text), mapping=write(exports, "m.yaml", MAPPING)
    )
    assert result.exit_code == 1
    assert "export.csv:4: column `Ref` is empty" in result.stderr
    assert list((repo.root / "incidents").iterdir()) == []


def test_defaults_are_recorded_in_source_defaults_and_only_where_used(repo: Repo, exports: Path) -> None:
    mapping = write(exports, "ops.yaml", MAPPING)
    text = EXPORT.replace("2024-03-02 10:00:00", "2024-03-02").replace("Reopened", "Closed")
    result = run_import(repo.root, write(exports, "export.csv", text), mapping=mapping)
    assert result.exit_code == 0, result.output
    found = records(repo.root)
    assert found["OPS-1"]["visibility"] == "internal"
    assert found["OPS-1"]["source"]["defaults"] == ["disposition", "domains", "visibility"]
    # the export says OPS-2 is restricted: its value, not the default, and not listed as one
    assert found["OPS-2"]["visibility"] == "restricted"
    assert found["OPS-2"]["source"]["defaults"] == ["disposition", "domains"]
    text = (repo.root / "incidents/2024/PIR-2024-0001/incident.yaml").read_text(encoding="utf-8")
    assert "  defaults:\n  - disposition\n  - domains\n  - visibility\n" in text
    # the shipped register mapping: its three defaults, on every record
    other = new_repo(exports / "register")
    run_import(other.root, DATA / "breach-register.csv", mapping=MAPPINGS / "breach-register.yaml")
    register = records(other.root)
    assert {tuple(r["source"]["defaults"]) for r in register.values()} == {
        ("disposition", "domains", "visibility")
    }
    assert all(r["domains"] == ["privacy"] and r["disposition"] == "confirmed" for r in register.values())


def test_unmapped_columns_with_a_value_are_listed_in_source_dropped_and_the_report(
    repo: Repo, exports: Path
) -> None:
    report = exports / "report.json"
    result = run_import(
        repo.root, DATA / "jira-export.csv", "-v", "--report", str(report), mapping=MAPPINGS / "jira.yaml"
    )
    assert result.exit_code == 0, result.output
    found = records(repo.root)
    dropped = found["SIR-101"]["source"]["dropped"]
    for column in ("Reporter", "Assignee", "Priority", "Updated", "Last Viewed", "Comment", "Issue id"):
        assert f"{column} (column not mapped)" in dropped
    assert "Last Viewed (column not mapped)" not in found["SIR-102"]["source"]["dropped"]  # empty there
    assert "Comment (column not mapped)" not in found["SIR-102"]["source"]["dropped"]
    assert "      dropped: Reporter (column not mapped)" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    by_source = {d["source_id"]: d for d in data["records_detail"]}
    assert all(by_source[key]["dropped"] == r["source"]["dropped"] for key, r in found.items())
    assert data["dropped_values"] == sum(len(r["source"]["dropped"]) for r in found.values())
    assert f"dropped values kept as text in source.dropped: {data['dropped_values']}" in result.stdout


def test_partial_dates_keep_their_precision_in_the_written_yaml(repo: Repo) -> None:
    run_import(repo.root, DATA / "breach-register.csv", mapping=MAPPINGS / "breach-register.yaml")
    found = records(repo.root)
    laptop, letters, supplier = found["BR-2014-003"], found["BR-2014-007"], found["BR-2018-011"]
    assert (laptop["occurred_at"], laptop["detected_at"], laptop["reported_at"]) == (
        "2014-06",
        "2014-06",
        "2014-06-20",
    )
    assert (letters["occurred_at"], letters["detected_at"], letters["reported_at"]) == (
        "2014",
        "2014-11",
        "unknown",
    )
    assert found["BR-2017-005"]["occurred_at"] == "unknown"
    assert supplier["detected_at"] == "2018-10-02"  # a date stays a date
    assert supplier["reported_at"] == "2018-10-02T13:20:00Z"  # a time gets its zone (London, summer)
    text = (repo.root / "incidents/2014/PIR-2014-0001/incident.yaml").read_text(encoding="utf-8")
    assert re.search(r"^occurred_at: '?2014-06'?$", text, re.M), text
    assert "2014-06-01" not in text
    # the year of the id is the year the incident is dated to, even when only a year is known
    assert sorted(p.name for p in (repo.root / "incidents/2014").iterdir()) == [
        "PIR-2014-0001",
        "PIR-2014-0002",
    ]


def test_the_same_import_twice_writes_nothing_the_second_time_and_changes_no_file(
    repo: Repo, exports: Path
) -> None:
    source, mapping = DATA / "servicenow-export.csv", MAPPINGS / "servicenow.yaml"
    assert run_import(repo.root, source, mapping=mapping).exit_code == 0
    edited = repo.root / "incidents/2024/PIR-2024-0001/incident.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("category: unknown", "category: service-outage")
    )
    before = tree(repo.root)
    again = run_import(repo.root, source, mapping=mapping)
    assert again.exit_code == 0, again.output
    assert "wrote 0, skipped 12 already imported" in again.stdout
    assert "already imported as PIR-2024-0001 (servicenow INC0012301)" in again.stdout
    assert tree(repo.root) == before  # not a byte changed, the hand edit included
    # an export with one new incident: only that one is written, with the next id
    header, rows = table(source)
    grown = exports / "incident.csv"
    with grown.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerows([header, *rows, ["INC0012499", *rows[-1][1:]]])
    third = run_import(repo.root, grown, mapping=mapping)
    assert "wrote 1, skipped 12 already imported" in third.stdout
    after = tree(repo.root)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == [
        "incidents/2024/PIR-2024-0012",
        "incidents/2024/PIR-2024-0012/incident.yaml",
    ]


def test_a_dry_run_writes_nothing_and_reports_what_a_real_run_writes(repo: Repo, exports: Path) -> None:
    source, mapping = DATA / "breach-register.csv", MAPPINGS / "breach-register.yaml"
    before = tree(repo.root)
    dry = run_import(repo.root, source, "--dry-run", "--report", str(exports / "dry.json"), mapping=mapping)
    assert dry.exit_code == 0, dry.output
    assert tree(repo.root) == before
    assert dry.stdout.startswith("dry run: 10 record(s) read")
    assert "would write 10" in dry.stdout
    real = run_import(repo.root, source, "--report", str(exports / "real.json"), mapping=mapping)
    assert real.exit_code == 0, real.output
    would, wrote = (
        json.loads((exports / name).read_text(encoding="utf-8")) for name in ("dry.json", "real.json")
    )
    assert (would.pop("dry_run"), wrote.pop("dry_run")) == (True, False)
    assert (
        would.pop("written") == wrote.pop("written") == 10
    )  # the same key: a dry run says what a run writes
    details = (would.pop("records_detail"), wrote.pop("records_detail"))
    assert [(d["id"], d["path"], d["passed_check"]) for d in details[0]] == [
        (d["id"], d["path"], d["passed_check"]) for d in details[1]
    ]
    assert would == wrote  # records, duplicates, check results, unknowns, defaults, dropped
    assert len(records(repo.root)) == 10


def test_ids_are_allocated_per_year_after_the_ones_already_there(repo: Repo) -> None:
    (repo.root / "incidents/2024/PIR-2024-0007").mkdir(parents=True)
    result = run_import(repo.root, DATA / "servicenow-export.csv", mapping=MAPPINGS / "servicenow.yaml")
    assert result.exit_code == 0, result.output
    ids = {key: r["id"] for key, r in records(repo.root).items()}
    assert ids["INC0012288"] == "PIR-2023-0001"  # the only 2023 incident: its year starts at 1
    assert ids["INC0012301"] == "PIR-2024-0008"  # the first 2024 one follows 0007
    assert sorted(v for v in ids.values() if "-2024-" in v) == [f"PIR-2024-{n:04d}" for n in range(8, 19)]
    assert list((repo.root / "incidents/2024/PIR-2024-0007").iterdir()) == []
    assert "incidents/2024/PIR-2024-0008/incident.yaml" in result.stdout


def _cell(text: str) -> Any:
    """A CSV cell as a spreadsheet holds it: real dates and times, numbers, else text."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?", text):
        return datetime.fromisoformat(text)
    if re.fullmatch(r"\d{1,2}/[A-Z][a-z]{2}/\d{2} \d{1,2}:\d{2} [AP]M", text):
        return datetime.strptime(text, "%d/%b/%y %I:%M %p")
    if re.fullmatch(r"\d{1,3}(,\d{3})*", text):
        return int(text.replace(",", ""))
    return text or None


@pytest.mark.parametrize("mapping", sorted(SHIPPED))
def test_an_xlsx_with_real_date_and_time_cells_imports_like_the_csv(
    repo: Repo, exports: Path, mapping: str
) -> None:
    import openpyxl

    export = DATA / SHIPPED[mapping][0]
    header, rows = table(export)
    rows = rows[:5]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(text) for text in row])
    book.save(exports / "export.xlsx")
    cells = [c for line in sheet.iter_rows(min_row=2) for c in line]
    assert any(isinstance(c.value, datetime) for c in cells)  # the premise: real time cells
    with (exports / "export.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])

    from_xlsx = run_import(repo.root, exports / "export.xlsx", mapping=MAPPINGS / mapping)
    assert from_xlsx.exit_code == 0, from_xlsx.output
    other = new_repo(exports / "csv")
    from_csv = run_import(other.root, exports / "export.csv", mapping=MAPPINGS / mapping)
    assert from_csv.exit_code == 0, from_csv.output

    def comparable(found: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        for record in found.values():
            del record["source"]["imported_at"]
        return found

    assert comparable(records(repo.root)) == comparable(records(other.root))
    assert len(records(repo.root)) == 5


def test_a_date_cell_in_an_xlsx_stays_a_date(repo: Repo, exports: Path) -> None:
    import openpyxl

    header, rows = table(DATA / "breach-register.csv")
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append([_cell(text) for text in rows[2]])  # BR-2016-002, full dates
    book.save(exports / "register.xlsx")
    result = run_import(repo.root, exports / "register.xlsx", mapping=MAPPINGS / "breach-register.yaml")
    assert result.exit_code == 0, result.output
    record = records(repo.root)["BR-2016-002"]
    assert (record["occurred_at"], record["detected_at"]) == ("2016-03-02", "2016-03-02")  # not midnight
    assert record["scope"]["users_affected"] == 1250


def test_the_json_report_counts_unknowns_by_field_as_the_records_hold_them(repo: Repo, exports: Path) -> None:
    report = exports / "out.json"
    result = run_import(
        repo.root,
        DATA / "breach-register.csv",
        "--report",
        str(report),
        mapping=MAPPINGS / "breach-register.yaml",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["records"], data["written"], data["duplicates"], data["passed_check"]) == (10, 10, 0, 10)

    def unknown_paths(value: Any, prefix: str = "") -> list[str]:
        if value == "unknown":
            return [prefix]
        if isinstance(value, dict):
            return [p for k, v in value.items() for p in unknown_paths(v, f"{prefix}.{k}" if prefix else k)]
        return []

    held = Counter(p for r in records(repo.root).values() for p in unknown_paths(r))
    assert data["unknown_by_field"] == dict(held)
    assert data["unknown_by_field"]["scope.users_affected"] == 5  # the register's `unknown` counts
    assert data["unknown_by_field"]["occurred_at"] == 1
    assert data["unknown_by_field"]["reported_at"] == 1
    assert data["unknown_by_field"]["severity"] == 10
    assert "scope.users_affected: 5" in result.stdout
    assert data["defaulted_by_field"] == {"disposition": 10, "domains": 10, "visibility": 10}


def test_when_a_year_has_no_ids_left_nothing_at_all_is_written(repo: Repo) -> None:
    """Every id is allocated before the first file is written: an import that cannot finish
    leaves the repository as it was (and says so truthfully)."""
    (repo.root / "incidents/2024/PIR-2024-9999").mkdir(parents=True)
    before = tree(repo.root)
    result = run_import(repo.root, DATA / "servicenow-export.csv", mapping=MAPPINGS / "servicenow.yaml")
    assert result.exit_code == 1
    assert "import stopped, nothing was written: no ids left for 2024" in result.output
    assert tree(repo.root) == before


def test_every_free_text_field_a_mapping_fills_passes_the_scanner(repo: Repo, exports: Path) -> None:
    export = write(
        exports,
        "ops.csv",
        EXPORT.replace("Ref,Title,", "Ref,Cause,Title,")
        .replace("OPS-1,", "OPS-1,Reported by mail to ops.lead@gmail.com after the relay failed,")
        .replace("OPS-2,", "OPS-2,,")
        .replace("OPS-3,", "OPS-3,,"),
    )
    mapping = write(
        exports,
        "ops.yaml",
        MAPPING.replace("  Title: title\n", "  Title: title\n  Cause: cause.root_cause\n"),
    )
    result = run_import(repo.root, export, mapping=mapping)
    assert result.exit_code == 0, result.output
    cause = records(repo.root)["OPS-1"]["cause"]["root_cause"]
    assert "gmail.com" not in cause and "(email address, removed on import)" in cause


def test_a_mapping_makes_a_tsv_a_table_not_veris(repo: Repo, exports: Path) -> None:
    export = write(exports, "ops.tsv", EXPORT.replace(",", "\t"))
    mapping = write(exports, "ops.yaml", MAPPING)
    result = run_import(repo.root, export, mapping=mapping)
    assert result.exit_code == 0, result.output
    assert set(records(repo.root)) == {"OPS-1", "OPS-2", "OPS-3"}
