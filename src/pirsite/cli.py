"""The ``pirsite`` command. Commands only turn arguments into calls and exit codes."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .gitfiles import GitError, changed_since
from .output import FORMATS, errors_in_files, render_text, summary, visible
from .pipeline import CheckResult, Config, find_root, load_config
from .pipeline import check as run_check
from .problems import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, ConfigError, Problem
from .scaffold import (
    ScaffoldError,
    create_exclusive,
    incident_text,
    next_id,
    next_problem_id,
    postmortem_text,
    problem_text,
    record_path,
)
from .schemas import (
    INCIDENT_SCHEMA,
    POLICY_FILE,
    POLICY_SCHEMA,
    POSTMORTEM_SCHEMA,
    PROBLEM_SCHEMA,
    SCHEMA_DIR,
    render,
)
from .sources import POSTMORTEM_NAME
from .writing import write_atomically


def _root(option: str | None) -> Path:
    if option:
        root = Path(option)
        if not (root / SCHEMA_DIR / POLICY_FILE).is_file():
            raise click.UsageError(f"{root} has no {SCHEMA_DIR}/{POLICY_FILE}; is it an incident repository?")
        return root.resolve()
    found = find_root(Path.cwd())
    if found is None:
        raise click.UsageError(
            f"no {SCHEMA_DIR}/{POLICY_FILE} in this folder or its parents; "
            "run pirsite inside an incident repository or pass --root"
        )
    return found


def _config_failure(exc: ConfigError) -> NoReturn:
    click.echo(render_text(exc.problems), err=True, nl=False)
    click.echo(f"pirsite: configuration error: {visible(exc.message)}", err=True)
    sys.exit(EXIT_USAGE)


def _config(root: Path) -> Config:
    """The repository's policy and schemas, or exit 2 with the problems."""
    try:
        return load_config(root)
    except ConfigError as exc:
        _config_failure(exc)


def _checked(root: Path, **options: Any) -> CheckResult:
    """Run the pipeline; configuration and I/O failures exit 2 with a message, never a traceback."""
    try:
        return run_check(root, **options)
    except ConfigError as exc:
        _config_failure(exc)
    except OSError as exc:  # e.g. an unreadable folder: say which
        click.echo(f"pirsite: cannot read {exc.filename or 'the repository'}: {exc.strerror}", err=True)
        sys.exit(EXIT_USAGE)


def _selection(root: Path, paths: tuple[str, ...]) -> list[str] | None:
    """Root-relative paths to report on, or None for the whole repository."""
    if not paths:
        return None
    selected = []
    for raw in paths:
        path = Path(raw).resolve()
        if not path.exists():
            raise click.BadParameter(f"{raw} does not exist", param_hint="PATH")
        if not path.is_relative_to(root):
            raise click.BadParameter(f"{raw} is outside the repository {root}", param_hint="PATH")
        selected.append(path.relative_to(root).as_posix())
    return selected


def _as_of(value: str | None) -> datetime | None:
    """The --as-of time, or None for now."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "use an RFC 3339 time such as 2026-03-01T12:00:00Z", param_hint="--as-of"
        ) from None
    if when.tzinfo is None:
        raise click.BadParameter("the time needs a UTC offset, e.g. Z or +01:00", param_hint="--as-of")
    return when


def _wanted(problem: Problem, selected: list[str] | None) -> bool:
    if selected is None or problem.cross_record:
        return True
    return any(s == "." or problem.path == s or problem.path.startswith(s + "/") for s in selected)


ROOT_HELP = (
    "Repository root (default: the nearest folder with schemas/policy.yaml at or above the current one)."
)


def _root_after_command(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        ctx.obj = value
    return value


def repository(command: Any) -> Any:
    """A command run in a repository: it takes the root (the group's --root, or its own, so
    `pirsite check --root DIR` works as `pirsite --root DIR check` does) as its first argument."""
    command = click.pass_obj(command)
    return click.option(
        "--root", metavar="DIR", expose_value=False, callback=_root_after_command, help=ROOT_HELP
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pirsite")
@click.option("--root", metavar="DIR", help=ROOT_HELP)
@click.pass_context
def main(ctx: click.Context, root: str | None) -> None:
    """pirsite: incident records, postmortems and metrics kept in git.

    Options such as --root go before or after the command. Every command exits
    0 when done (warnings allowed), 1 when records or pages have problems (or
    init was told not to replace files), and 2 for a usage, configuration or
    input/output error (a broken policy, a full disk, a port in use).

    Shell completion (bash; zsh and fish likewise, with zsh_source or fish_source):
    eval "$(_PIRSITE_COMPLETE=bash_source pirsite)"
    """
    ctx.obj = root


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="text for people, github for pull-request annotations, json for tools.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="TIME",
    help="Evaluate deadlines and overdue items as of this RFC 3339 time instead of now (reproducible runs).",
)
@click.option(
    "--since",
    metavar="REF",
    help="Only report on files changed since this git ref (e.g. "
    "origin/main), plus cross-record problems: the pull-request mode for CI.",
)
@click.option("--no-cache", is_flag=True, help="Parse every file again instead of reusing .pirsite-cache/.")
@repository
def check(
    root_option: str | None,
    paths: tuple[str, ...],
    fmt: str,
    as_of: str | None,
    since: str | None,
    no_cache: bool,
) -> None:
    """Validate incident records and postmortems.

    Checks the whole repository, or only the given files and folders (cross-record
    rules such as unique ids always look at every record). Exit status: 0 clean
    (warnings allowed), 1 errors found, 2 usage or configuration error.
    """
    root = _root(root_option)
    selected = _selection(root, paths)
    if since:
        try:
            selected = [*(selected or []), *changed_since(root, since)]
        except GitError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None
    result = _checked(root, now=_as_of(as_of), use_cache=not no_cache)
    problems = [p for p in result.problems if _wanted(p, selected)]
    click.echo(FORMATS[fmt](problems), nl=False)
    for notice in result.notices:
        click.echo(f"note: {visible(notice)}", err=True)
    errors = sum(1 for p in problems if p.level == "error")
    line = summary(result.files, result.incident_files, errors, len(problems) - errors, result.seconds)
    click.echo(line, err=fmt == "json")
    sys.exit(EXIT_PROBLEMS if errors else EXIT_OK)


@main.command()
@click.option("--write", is_flag=True, help="Copy the policy's vocabularies into the record schemas.")
@repository
def schema(root_option: str | None, write: bool) -> None:
    """Print the schema paths for editors, or regenerate them from the policy (--write).

    Vocabularies (categories, teams, rules...) are defined once, in
    schemas/policy.yaml; the record schemas carry copies so editors can
    autocomplete them. `pirsite check` reports copies that have drifted.
    """
    root = _root(root_option)
    config = _config(root)
    schemas = {
        INCIDENT_SCHEMA: config.incident_schema,
        POSTMORTEM_SCHEMA: config.postmortem_schema,
        PROBLEM_SCHEMA: config.problem_schema,  # written when missing: repositories made before it
    }
    for name, record_schema in schemas.items():
        path = root / SCHEMA_DIR / name
        if write:
            new_text = render(record_schema.schema)
            if not path.exists():
                write_atomically(path, new_text)
                click.echo(f"created {path.relative_to(root)}")
            elif path.read_text(encoding="utf-8") != new_text:
                write_atomically(path, new_text)
                click.echo(f"updated {path.relative_to(root)}")
            else:
                click.echo(f"unchanged {path.relative_to(root)}")
        else:
            click.echo(path)
    if not write:
        click.echo(root / SCHEMA_DIR / POLICY_SCHEMA)


@main.group()
def new() -> None:
    """Create a new incident record, postmortem or problem record from a template."""


@new.command("incident")
@click.option("--title", default="", help="One line saying what happened (no personal data).")
@click.option("--severity", default="unassessed", show_default=True, help="sev1..sev4 or unassessed.")
@click.option(
    "--domain", "domains", multiple=True, help="Domain (repeatable), e.g. privacy. Default: security."
)
@click.option("--year", type=int, help="Year of the id (default: this year, UTC).")
@repository
def new_incident(
    root_option: str | None, title: str, severity: str, domains: tuple[str, ...], year: int | None
) -> None:
    """Create incidents/<YYYY>/<ID>/incident.yaml with the next free id.

    The id is free in the working tree and on every local and remote-tracking
    branch, so two analysts on two branches do not take the same one. Nothing
    is ever overwritten.
    """
    root = _root(root_option)
    policy = _config(root).policy
    known_domains = [d.id for d in policy.domains]
    for domain in domains:
        if domain not in known_domains:
            raise click.BadParameter(
                f"{domain!r} is not one of {', '.join(known_domains)}", param_hint="--domain"
            )
    if severity not in (*policy.severity_ids, "unassessed"):
        raise click.BadParameter(
            f"use one of {', '.join(policy.severity_ids)} or unassessed", param_hint="--severity"
        )
    now = datetime.now(UTC)
    try:
        incident_id, branches = next_id(root, policy, year or now.year)
        path = record_path(root, incident_id)
        create_exclusive(
            path,
            incident_text(
                incident_id,
                policy,
                title=title,
                severity=severity,
                domains=list(domains) or ["security"],
                now=now,
            ),
        )
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    rel = path.relative_to(root).as_posix()
    seen = f"checked {branches} branch(es)" if branches else "not a git repository: checked this folder only"
    click.echo(f"created {rel} ({incident_id}; {seen})")
    click.echo(
        "next: fill in the TODO fields, run `pirsite check`, commit on a branch and open a pull request"
    )


@new.command("postmortem")
@click.argument("incident_id", metavar="ID")
@repository
def new_postmortem(root_option: str | None, incident_id: str) -> None:
    """Create the postmortem skeleton for incident ID, pre-filled from its record."""
    root = _root(root_option)
    result = _checked(root)
    incident = next((i for i in result.incidents if i.id == incident_id), None)
    if incident is None:
        raise click.ClickException(
            f"no valid incident {incident_id}; run `pirsite check` and fix its record first"
        )
    path = root / incident.path.rsplit("/", 1)[0] / POSTMORTEM_NAME
    try:
        create_exclusive(path, postmortem_text(incident, result.policy))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path.relative_to(root).as_posix()} (status: draft)")
    click.echo(
        "next: write each section, hold the review meeting, set status: in_review and ask the reviewers"
    )


@new.command("problem")
@click.option("--title", default="", help="The class as a mechanism: what keeps producing the incidents.")
@click.option("--owner", required=True, help="Handle of the problem owner (from the policy roster).")
@repository
def new_problem(root_option: str | None, title: str, owner: str) -> None:
    """Create problems/PRB-NNN.yaml with the next free id, status open.

    Incidents join it with `cause.problem: PRB-NNN`; the problem page lists them.
    Nothing is ever overwritten.
    """
    root = _root(root_option)
    policy = _config(root).policy
    if owner not in policy.people:
        raise click.BadParameter(f"`{owner}` is not in the policy's roster (people)", param_hint="--owner")
    problem_id = next_problem_id(root)
    path = root / "problems" / f"{problem_id}.yaml"
    try:
        create_exclusive(path, problem_text(problem_id, title, owner, datetime.now(UTC)))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created problems/{problem_id}.yaml (status: open)")
    click.echo(f"next: set cause.problem: {problem_id} on its incidents, run `pirsite check`, commit")


if __name__ == "__main__":  # pragma: no cover
    main()


AUDIENCE_OPTION = click.option(
    "--audience",
    type=click.Choice(["internal", "restricted"]),
    default="internal",
    show_default=True,
    help="internal leaves restricted incidents out (counted, never shown); "
    "restricted includes them, with a banner on every page.",
)


@main.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["veris", "csv", "xlsx"]),
    help="The source's format (default: from its name: .csv, .xlsx; .json or a folder: veris).",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV/XLSX: the YAML mapping of columns to fields (examples in pirsite/importing/mappings/).",
)
@click.option("--dry-run", is_flag=True, help="Write nothing: import into a temporary copy and report.")
@click.option(
    "--extend-policy",
    "extend",
    is_flag=True,
    help="Add the vocabulary the source needs (categories, detection methods...) to schemas/policy.yaml, "
    "marked for review, instead of leaving those values unknown.",
)
@click.option(
    "--verbose", "-v", is_flag=True, help="List every unknown, default and dropped value per record."
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as JSON here.",
)
@repository
def import_records(
    root_option: str | None,
    source: Path,
    fmt: str | None,
    mapping: Path | None,
    dry_run: bool,
    extend: bool,
    verbose: bool,
    report_file: Path | None,
) -> None:
    """Import historical incidents from VERIS JSON or a CSV/XLSX export.

    Each becomes a record marked `historical: true` with a `source:` block, an id
    for the year it is dated to, and `unknown` wherever the source does not say
    (nothing is padded or guessed; defaults come only from the mapping and are
    recorded as defaults). Records already imported (same system and source id)
    are skipped; no file is ever overwritten. The report lists what was mapped,
    left unknown, defaulted and dropped, and what `pirsite check` says.
    """
    from .importing import SourceError, WriteError, render_report, run_import
    from .importing.report import report_json

    root = _root(root_option)
    if fmt is None:
        suffix = source.suffix.lower()
        spreadsheet = "xlsx" if suffix in (".xlsx", ".xlsm") else "csv"
        fmt = spreadsheet if mapping is not None or suffix in (".csv", ".tsv", ".xlsx") else "veris"
    try:
        result = run_import(
            root, source, fmt=fmt, mapping=mapping, now=datetime.now(UTC), dry_run=dry_run, extend=extend
        )
    except SourceError as exc:
        click.echo(f"pirsite: import stopped, nothing was written: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except WriteError as exc:
        click.echo(f"pirsite: import stopped part way: {exc}", err=True)
        for path in exc.written:
            click.echo(f"  written: {path}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except ConfigError as exc:
        _config_failure(exc)
    click.echo(render_report(result, verbose=verbose), nl=False)
    if report_file is not None:
        write_atomically(report_file, report_json(result))
    failed = result.counts()["failed_check"]
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["veris"]), default="veris", show_default=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="A new or empty folder for one VERIS JSON file per incident.",
)
@click.option(
    "--organisation",
    default="",
    help="The victim and source name to put in the records (default: the program).",
)
@click.option(
    "--include-restricted",
    is_flag=True,
    help="Also export restricted incidents (they are left out by default).",
)
@repository
def export(
    root_option: str | None, fmt: str, out_dir: Path, organisation: str, include_restricted: bool
) -> None:
    """Export incidents as VERIS 1.3.7 JSON, to contribute them to community data.

    What a record does not know is exported as VERIS `Unknown`; restricted incidents
    stay out unless asked for. Review the files before sharing them: summaries are
    exported as written.
    """
    import json

    from .importing.veris import VERIS_VERSION, to_veris

    root = _root(root_option)
    result = _checked(root, now=datetime.now(UTC))
    if result.errors:
        click.echo(render_text([p for p in result.problems if p.level == "error"]), err=True)
        click.echo(f"pirsite: {errors_in_files(result.problems)}; fix them before exporting.", err=True)
        sys.exit(EXIT_PROBLEMS)
    if out_dir.exists() and any(out_dir.iterdir()):
        click.echo(
            f"pirsite: {out_dir} is not empty; give a new or empty folder (nothing is overwritten)", err=True
        )
        sys.exit(EXIT_USAGE)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = organisation or result.policy.program
    count = 0
    for incident in sorted(result.incidents, key=lambda i: i.id):
        if incident.restricted and not include_restricted:
            continue
        data = to_veris(incident, name)
        write_atomically(
            out_dir / f"{incident.id}.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        )
        count += 1
    click.echo(f"exported {count} incident(s) as VERIS {VERIS_VERSION} JSON to {out_dir}")


@main.command()
@AUDIENCE_OPTION
@click.option(
    "--site-dir",
    metavar="DIR",
    help="Where the site goes (default: site/, or site-restricted/ for the restricted audience).",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="TIME",
    help="Compute clocks and overdue states as of this RFC 3339 time instead of now.",
)
@click.option(
    "--replace-other-audience",
    is_flag=True,
    help="Replace a site built for the other audience in --site-dir (refused without it).",
)
@repository
def build(
    root_option: str | None,
    audience: str,
    site_dir: str | None,
    as_of: str | None,
    replace_other_audience: bool,
) -> None:
    """Check the records and build the site (MkDocs, strict).

    The site is built into a fresh folder and replaces the old one only when the
    build succeeded, so a failed build never leaves a half-written site. Invalid
    records fail the build with the same messages as `pirsite check`. A site built
    for the other audience is never replaced unless --replace-other-audience says so.
    """
    from .mkdocs_commands import BuildError, build_site, default_site_dir

    root = _root(root_option)
    _as_of(as_of)
    target = Path(site_dir).resolve() if site_dir else default_site_dir(root, audience)
    click.echo(f"pirsite: building the {audience} site of {root} ...", err=True)
    try:
        build_site(
            root,
            target,
            audience=audience,
            as_of=as_of,
            report=lambda line: click.echo(line, err=True),
            replace_other_audience=replace_other_audience,
        )
    except BuildError as exc:
        click.echo(f"pirsite: build failed, nothing was published: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"Site built: {target / 'index.html'}")
    click.echo(f"Open it in a browser, or serve it with: python -m http.server -d {target}")


@main.command()
@click.option(
    "--quarter",
    metavar="YYYYQN",
    help="The quarter, e.g. 2026Q3 (default: the last complete one; for a history with no incidents "
    "in the year before it, the latest quarter with incidents).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "csv"]),
    default="md",
    show_default=True,
    help="md: the report page as Markdown; json: every figure; csv: the headline measures.",
)
@AUDIENCE_OPTION
@click.option("--as-of", "as_of", metavar="TIME", help="Report as of this RFC 3339 time instead of now.")
@repository
def report(root_option: str | None, quarter: str | None, fmt: str, audience: str, as_of: str | None) -> None:
    """Print the quarterly leadership report for a quarter.

    The same figures as the site's report page and exports/metrics.json, from the
    same code. Quarters are calendar quarters in UTC, by detection time. Invalid
    records stop the report, as they stop a build.
    """
    from .exports import to_csv, to_json
    from .metrics import compute
    from .metrics.data import to_data
    from .metrics.periods import parse_quarter
    from .metrics.report import default_quarter, quarterly_report
    from .site.pages import report_markdown
    from .site.templates import environment

    root = _root(root_option)
    now = _as_of(as_of) or datetime.now(UTC)
    try:
        wanted = parse_quarter(quarter) if quarter else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--quarter") from None
    result = _checked(root, now=now)
    if result.errors:
        click.echo(render_text([p for p in result.problems if p.level == "error"]), err=True)
        click.echo(f"pirsite: {errors_in_files(result.problems)}; fix them before reporting.", err=True)
        sys.exit(EXIT_PROBLEMS)
    metrics = compute(
        result.incidents,
        result.postmortems,
        result.policy,
        now=now,
        audience=audience,
        problem_records=result.problem_records,
    )
    if not metrics.quarters:
        click.echo(
            "pirsite: no incidents on record yet, so there is nothing to report; "
            'file one with `pirsite new incident --title "..."`',
            err=True,
        )
        sys.exit(EXIT_OK)
    wanted = wanted or default_quarter(metrics)
    if wanted not in metrics.quarters:
        known = ", ".join(metrics.quarters) or "none yet"
        raise click.BadParameter(
            f"no incidents or data for {wanted}; quarters on record: {known}", param_hint="--quarter"
        )
    chosen = quarterly_report(metrics, wanted)
    if fmt == "json":
        click.echo(to_json(to_data(chosen)), nl=False)
    elif fmt == "csv":
        rows = [{"quarter": wanted, **{k: v for k, v in to_data(kpi).items()}} for kpi in chosen.kpis]
        click.echo(to_csv(rows), nl=False)
    else:
        try:
            env = environment(root / "templates", root)
        except ConfigError as exc:
            _config_failure(exc)
        click.echo(report_markdown(chosen, result.policy, env, now=now, audience=audience), nl=False)


@main.command()
@AUDIENCE_OPTION
@click.option("--dev-addr", metavar="HOST:PORT", help="Address to serve on (default: 127.0.0.1:8000).")
@repository
def serve(root_option: str | None, audience: str, dev_addr: str | None) -> None:
    """Serve the site locally, rebuilding when a record, the policy or a page changes."""
    from .mkdocs_commands import BuildError, serve_site

    root = _root(root_option)
    try:
        serve_site(root, audience=audience, dev_addr=dev_addr)
    except BuildError as exc:
        click.echo(f"pirsite: {exc}", err=True)
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--force", is_flag=True, help="Also fill a non-empty folder (files that differ are listed first)."
)
@click.option("--yes", is_flag=True, help="With --force: replace the listed files without asking.")
def init(directory: Path, force: bool, yes: bool) -> None:
    """Create a new incident repository in DIRECTORY.

    Writes mkdocs.yml, schemas/ (policy and schemas), incidents/, docs/ (this project's
    procedures and training as a starting point), tools/ (this pirsite as a wheel, pinned by
    hash with every dependency, and tools/pirsite to run it), GitHub workflows (check on pull
    requests; build the site on main and nightly, publishing to Pages only when you opt in),
    CODEOWNERS, pull-request templates, .pre-commit-config.yaml and .vscode/settings.json.
    Refuses a folder holding more than version-control metadata (.git) unless --force, and
    never replaces a file without listing it first.
    """
    from .skeleton import conflicts, create, is_empty

    if not is_empty(directory):
        if not force:
            raise click.UsageError(
                f"{directory} is not empty; choose a new folder, or pass --force to add the skeleton to it"
            )
        replaced = conflicts(directory)
        if replaced:
            click.echo(
                f"These {len(replaced)} file(s) in {directory} differ from the skeleton "
                "and would be replaced:"
            )
            for rel in replaced:
                click.echo(f"  {rel}")
            if not yes and not click.confirm("Replace them?", default=False):
                click.echo("Nothing was changed.")
                sys.exit(EXIT_PROBLEMS)
    written = create(directory, overwrite=force)
    click.echo(f"created an incident repository in {directory} ({len(written)} files)")
    click.echo("Next steps:")
    git_init = "" if (directory / ".git").exists() else "git init && "
    click.echo(f"  cd {directory} && {git_init}git add -A && git commit -m 'Incident repository'")
    click.echo("  edit schemas/policy.yaml (program name, teams, roster), then: pirsite schema --write")
    click.echo('  pirsite new incident --title "..."   and   pirsite build')
