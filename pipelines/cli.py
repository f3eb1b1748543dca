"""The `finsam` command: refresh the warehouse, extract documents, validate fact files, query with SQL."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipelines.foundation.settings import Settings

# Settings of libraries that read them only from the environment, set once, here at the entry point
# (`make ui` passes the same to its processes, pipelines/ui.py): Tesseract's OpenMP threads (pages are
# spread over processes instead, pipelines/extract/readers/tesseract.py), and no GX usage statistics.
LIBRARY_ENVIRONMENT = {"OMP_THREAD_LIMIT": "1", "GX_ANALYTICS_ENABLED": "false"}


def use_library_environment() -> None:
    """LIBRARY_ENVIRONMENT in this process, unless the operator set a variable otherwise."""
    for variable, value in LIBRARY_ENVIRONMENT.items():
        os.environ.setdefault(variable, value)


def run() -> None:
    """The `finsam` command: main's exit code, without Python's teardown of every module (prompt_exit.py)."""
    from pipelines.foundation.prompt_exit import exit_promptly

    exit_promptly(main())


def main(argv: list[str] | None = None) -> int:
    use_library_environment()
    parser = _parser()
    arguments = parser.parse_args(argv)
    return arguments.handler(arguments)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="finsam", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    refresh = commands.add_parser("refresh", help="rebuild the warehouse and exports from landing/")
    refresh.add_argument("--landing", help="landing folder (FINSAM_LANDING, default landing/)")
    refresh.add_argument(
        "--warehouse", help="DuckDB file (FINSAM_WAREHOUSE, default warehouse/finsam.duckdb)"
    )
    refresh.add_argument("--exports", help="export folder (FINSAM_EXPORTS, default exports/)")
    refresh.add_argument("--year", type=int, help="export and summarise only this fiscal year")
    refresh.add_argument(
        "--csv-dialect",
        choices=("rfc4180", "sv"),
        help="CSV of the NNS export: rfc4180 (default) or sv (Swedish Excel: ';', decimal comma, UTF-8 BOM)",
    )
    refresh.add_argument(
        "--allow-shrink",
        action="store_true",
        help="publish even if the new build loses a federation's or a year's facts, or more than "
        "--max-shrink of all facts (for a landing cleaned on purpose)",
    )
    refresh.add_argument(
        "--max-shrink",
        type=float,
        metavar="PCT",
        help="the largest fall in facts published without --allow-shrink, in percent "
        "(FINSAM_MAX_SHRINK_PCT, default 20)",
    )
    refresh.add_argument(
        "--full",
        action="store_true",
        help="rebuild from nothing instead of reloading only the landing files that changed",
    )
    waiting = refresh.add_mutually_exclusive_group()
    waiting.add_argument(
        "--wait",
        dest="wait",
        action="store_true",
        default=True,
        help="when another refresh of the warehouse is running, wait for it to finish (the default)",
    )
    waiting.add_argument(
        "--no-wait",
        dest="wait",
        action="store_false",
        help="when another refresh of the warehouse is running, exit 1 at once",
    )
    refresh.set_defaults(handler=_refresh)

    extract = commands.add_parser("extract", help="extract facts from documents (CSV on stdout)")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE")
    extract.add_argument("--federation", help="federation_id, when the document does not say")
    extract.add_argument("--year", type=int, help="fiscal year, when the document does not say")
    extract.add_argument(
        "--review", type=Path, metavar="OUT.csv", help="write the rows with figures that became no fact here"
    )
    extract.set_defaults(handler=_extract)

    validate = commands.add_parser("validate-facts", help="check fact CSVs against the contract")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(handler=_validate_facts)

    synth = commands.add_parser(
        "synth", help="generate a landing folder of fictional federations and its truth"
    )
    synth.add_argument("--federations", type=int, default=80, help="number of federations (default 80)")
    synth.add_argument("--years", type=int, default=11, help="number of fiscal years (default 11)")
    synth.add_argument(
        "--participants-per-year",
        type=int,
        default=35000,
        help="participants a year nationwide (default 35000)",
    )
    synth.add_argument("--seed", type=int, default=1, help="random seed: same arguments, same bytes")
    synth.add_argument("--last-year", type=int, default=2025, help="the last fiscal year (default 2025)")
    synth.add_argument("--out", type=Path, required=True, help="output folder (landing/, truth/, synth.json)")
    synth.set_defaults(handler=_synth)

    from pipelines.sql import add_sql_command

    add_sql_command(commands)
    return parser


def _refresh(arguments) -> int:
    """Checks the landing and takes the lock before importing Dagster: a refusal comes at once."""
    from pipelines.foundation.disk_space import no_space_left
    from pipelines.foundation.fiscal_years import YearOutsideTheRefresh, check_fiscal_year
    from pipelines.ingest.landing_check import LandingProblem
    from pipelines.refresh.guard import guarded_refresh
    from pipelines.refresh.lock import RefreshAlreadyRunning
    from pipelines.refresh.shrink import ShrinkSettingError, max_shrink_pct

    settings = Settings.from_env(arguments.landing, arguments.warehouse, arguments.exports)
    try:
        if arguments.year is not None:
            check_fiscal_year(arguments.year)
        max_pct = max_shrink_pct(arguments.max_shrink)
        with guarded_refresh(settings, "finsam refresh", arguments.wait, _tell_waiting(settings)) as start:
            print(f"Refreshing from {settings.landing}", flush=True)
            for line in start.notes():
                print(line, flush=True)
            if not arguments.full and arguments.year is None and _nothing_changed(settings, arguments):
                return 0
            outcome = _build_and_publish(settings, arguments, max_pct)
    except (LandingProblem, RefreshAlreadyRunning, ShrinkSettingError, YearOutsideTheRefresh) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except OSError as error:  # the lock file or the build folder cannot be written
        print(f"error: {no_space_left([str(error)], settings.warehouse) or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was published", file=sys.stderr)
        return 130
    if not outcome.published:
        return _report_failure(settings, outcome)
    return _report_published(settings, arguments.year, outcome)


def _nothing_changed(settings: Settings, arguments) -> bool:
    """Say so and stop when the published warehouse was built from this landing by this product."""
    from pipelines.refresh.build_files import PUBLISHED_LINK
    from pipelines.refresh.up_to_date import output_options, unchanged_since_published

    options = output_options(arguments.csv_dialect)
    published = unchanged_since_published(settings, options, settings.exports / PUBLISHED_LINK)
    if published is None:
        return False
    from pipelines.report.kpi_table import format_table, kpi_rows

    headers, rows = kpi_rows(settings.warehouse, None)
    print()
    print(format_table(headers, rows))
    print()
    print(
        f"Nothing changed since the published refresh (started {published.recorded_at:%Y-%m-%d %H:%M} UTC): "
        f"the same {published.inputs.landing_files} landing files, byte for byte, and the same code, "
        "reference data and options. The published warehouse and exports stand; nothing was rebuilt "
        "(`finsam refresh --full` rebuilds anyway).",
        flush=True,
    )
    print(f"Warehouse: {settings.warehouse}")
    print(f"Exports:   {settings.exports / 'nns'}")
    return True


def _tell_waiting(settings: Settings):
    def tell(holder) -> None:
        who = holder.describe() if holder else "another refresh"
        print(f"Waiting for {who} to finish with {settings.warehouse} …", file=sys.stderr, flush=True)

    return tell


def _build_and_publish(settings: Settings, arguments, max_pct: float):
    from pipelines.defs.refresh import build_and_publish  # imports Dagster
    from pipelines.refresh.outcome import RefreshOptions

    options = RefreshOptions(
        fiscal_year=arguments.year,
        csv_dialect=arguments.csv_dialect,
        allow_shrink=arguments.allow_shrink,
        full=arguments.full,
        max_shrink_pct=max_pct,
    )
    return build_and_publish(settings, options)


def _report_failure(settings: Settings, outcome) -> int:
    from pipelines.foundation.disk_space import no_space_left

    for line in outcome.summary[1:]:  # what the checks found; the first line says it did not publish
        print(line, file=sys.stderr)
    full = no_space_left((failure.message for failure in outcome.failures), settings.build_warehouse)
    if full:
        print(f"error: {full}; the partial build was removed.", file=sys.stderr)
    else:
        for failure in outcome.failures:
            if failure.explained:
                print(failure.message, file=sys.stderr)
    reasons = outcome.blocking_failures + [f"step {step}" for step in outcome.failed_steps]
    print(
        f"Refresh failed ({', '.join(reasons) or 'see the log above'}); nothing was published.",
        file=sys.stderr,
    )
    print(f"The previous warehouse and exports are unchanged: {settings.warehouse}", file=sys.stderr)
    return outcome.exit_code


def _report_published(settings: Settings, year: int | None, outcome) -> int:
    from pipelines.report.kpi_table import format_table, kpi_rows

    headers, rows = kpi_rows(settings.warehouse, year)
    print()
    print(format_table(headers, rows))
    print()
    print(f"Warehouse: {settings.warehouse}")
    print(f"Exports:   {settings.exports / 'nns'}")
    print(f"Report:    {settings.exports / 'report' / 'index.html'}")
    print(f"Docs:      {settings.exports / 'docs' / 'index.html'}")
    print(f"Run:       {outcome.run_id} (Dagster UI: Runs)")
    for line in outcome.summary[1:]:  # quarantined input, then every finding and where to look
        print(line)
    return outcome.exit_code


def _extract(arguments) -> int:
    from pipelines.extract.command import extract_files
    from pipelines.extract.vocabulary import load_vocabulary

    landing = _landing_folder()
    vocabulary = load_vocabulary(landing, registered=_registered(landing))
    for problem in vocabulary.problems:
        print(f"warning: {problem.source_file}:{problem.line}: {problem.reason}", file=sys.stderr)
    return extract_files(
        arguments.files,
        arguments.federation,
        arguments.year,
        sys.stdout,
        sys.stderr,
        arguments.review,
        vocabulary,
        _ocr_cache(),
    )


def _synth(arguments) -> int:
    from pipelines.synth.command import SynthArguments, synthesize

    summary = synthesize(
        SynthArguments(
            arguments.federations,
            arguments.years,
            arguments.participants_per_year,
            arguments.seed,
            arguments.last_year,
        ),
        arguments.out,
    )
    print(
        f"{summary.federations} federations, {sum(summary.documents.values())} documents, "
        f"{summary.participants} participants: {arguments.out}"
    )
    return 0


def _validate_facts(arguments) -> int:
    from pipelines.foundation.reference import load_reference
    from pipelines.ingest.fact_file_check import validate_fact_file

    reference = load_reference(_registered(_landing_folder()))
    failed = False
    for path in arguments.files:
        loadable, problems = validate_fact_file(path, reference)
        for problem in problems:
            print(problem)
        failed = failed or bool(problems)
        print(f"{path}: {loadable} rows valid, {len(problems)} problems", file=sys.stderr)
    return 1 if failed else 0


def _ocr_cache() -> Path | None:
    """FINSAM_OCR_CACHE: where `finsam extract` keeps OCR'd pages; unset, it keeps none."""
    folder = os.environ.get("FINSAM_OCR_CACHE", "").strip()
    return Path(folder) if folder else None


def _landing_folder() -> Path | None:
    """FINSAM_LANDING or landing/, when it is a folder: its label mappings and registrations count."""
    landing = Settings.from_env().landing
    return landing if landing.is_dir() else None


def _registered(landing: Path | None):
    """The federations and members `landing` registers beside the contract's."""
    from pipelines.foundation.reference import NOTHING_REGISTERED
    from pipelines.ingest.registrations import registered_in

    return registered_in(landing) if landing is not None else NOTHING_REGISTERED


if __name__ == "__main__":
    run()
