"""The `finsam` command: refresh the warehouse, extract documents, validate fact files, query with SQL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.settings import Settings


def main(argv: list[str] | None = None) -> int:
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
    from pipelines.refresh import EXIT_FAILED, RefreshAlreadyRunning, run_refresh
    from pipelines.summary import format_table, kpi_rows

    settings = Settings.from_env(arguments.landing, arguments.warehouse, arguments.exports)
    print(f"Refreshing from {settings.landing}", flush=True)
    try:
        outcome = run_refresh(settings, arguments.year, csv_dialect=arguments.csv_dialect)
    except RefreshAlreadyRunning as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not outcome.published:
        reasons = outcome.blocking_failures + [f"step {step}" for step in outcome.failed_steps]
        print(
            f"Refresh failed ({', '.join(reasons) or 'see the log above'}); nothing was published.",
            file=sys.stderr,
        )
        print(f"The previous warehouse and exports are unchanged: {settings.warehouse}", file=sys.stderr)
        return outcome.exit_code
    headers, rows = kpi_rows(settings.warehouse, arguments.year)
    print()
    print(format_table(headers, rows))
    print()
    print(f"Warehouse: {settings.warehouse}")
    print(f"Exports:   {settings.exports / 'nns'}")
    if outcome.quarantined:
        print(f"Quarantined input: {outcome.quarantined} (see ops.quarantine)")
    for warning in outcome.warnings:
        print(f"Warning: check {warning} did not pass")
    return outcome.exit_code


def _extract(arguments) -> int:
    from pipelines.extract.command import extract_files
    from pipelines.extract.vocabulary import load_vocabulary

    landing = Settings.from_env().landing
    vocabulary = load_vocabulary(landing if landing.is_dir() else None)
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
    from pipelines.validate import validate_fact_file

    failed = False
    for path in arguments.files:
        loadable, problems = validate_fact_file(path)
        for problem in problems:
            print(problem)
        failed = failed or bool(problems)
        print(f"{path}: {loadable} rows valid, {len(problems)} problems", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
