"""One measured thing of the benchmark, run by bench/national.py in its own process.

    python bench/child.py refresh --landing DIR --warehouse FILE --exports DIR [--year Y] [--full]
                                  [--allow-shrink] --out JSON
    python bench/child.py raw-sql --manifest FILE --warehouse FILE --out JSON
    python bench/child.py extract --landing DIR [--truth DIR] --out JSON
    python bench/child.py extract-landing --landing DIR --out JSON
    python bench/child.py accuracy --synth DIR --out JSON

Each writes what it measured as JSON; the parent adds wall time and peak memory
of the whole process tree, so imports and start-up count as they do for a user.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def refresh(arguments) -> dict:
    from bench.stages import stage_seconds
    from pipelines.defs.refresh import run_refresh
    from pipelines.foundation.settings import Settings
    from pipelines.refresh.outcome import RefreshOptions

    settings = Settings.from_env(arguments.landing, arguments.warehouse, arguments.exports)
    if not arguments.full and arguments.year is None and unchanged(settings):  # as `finsam refresh` does
        return {**NOTHING_RAN, "nothing_changed": True}
    options = RefreshOptions(
        fiscal_year=arguments.year, full=arguments.full, allow_shrink=arguments.allow_shrink
    )
    outcome = run_refresh(settings, options)
    stages = stage_seconds(outcome.step_seconds)
    return {
        "exit_code": outcome.exit_code,
        "published": outcome.published,
        "failed_steps": outcome.failed_steps,
        "blocking_failures": outcome.blocking_failures,
        "warnings": len(outcome.warnings),
        "quarantined": outcome.quarantined,
        "step_seconds": outcome.step_seconds,
        "stage_seconds": {stage: round(value, 3) for stage, value in stages.items()},
    }


NOTHING_RAN = {
    "exit_code": 0,
    "published": True,  # the published refresh stands
    "failed_steps": [],
    "blocking_failures": [],
    "warnings": 0,
    "quarantined": 0,
    "step_seconds": {},
    "stage_seconds": {},
}


def unchanged(settings) -> bool:
    """`finsam refresh` stops before running when the published refresh was built from these inputs."""
    from pipelines.refresh.build_files import PUBLISHED_LINK
    from pipelines.refresh.up_to_date import output_options, unchanged_since_published

    published = settings.exports / PUBLISHED_LINK
    return unchanged_since_published(settings, output_options(None), published) is not None


def models_in_build_order(manifest: dict) -> list[dict]:
    """The manifest's models, each after the models it selects from."""
    models = {key: node for key, node in manifest["nodes"].items() if node["resource_type"] == "model"}
    ordered, done = [], set()

    def visit(key: str) -> None:
        if key in done:
            return
        done.add(key)
        for upstream in models[key]["depends_on"]["nodes"]:
            if upstream in models:
                visit(upstream)
        ordered.append(models[key])

    for key in sorted(models):
        visit(key)
    return ordered


def raw_sql(arguments) -> dict:
    """Every model's compiled SQL run straight in DuckDB: what dbt adds on top is the difference."""
    import duckdb

    manifest = json.loads(Path(arguments.manifest).read_text(encoding="utf-8"))
    connection = duckdb.connect(arguments.warehouse)
    total, timed = 0.0, []
    for node in models_in_build_order(manifest):
        kind = node["config"]["materialized"]
        if kind == "ephemeral":  # inlined into the compiled SQL of the models that use it
            continue
        kind = "view" if kind == "view" else "table"
        connection.execute(f'create schema if not exists "{node["schema"]}"')
        statement = f"create or replace {kind} {node['relation_name']} as {node['compiled_code']}"
        started = time.perf_counter()
        connection.execute(statement)
        elapsed = time.perf_counter() - started
        total += elapsed
        timed.append((node["name"], round(elapsed, 3)))
    connection.close()
    slowest = sorted(timed, key=lambda entry: -entry[1])[:5]
    return {"models": len(timed), "seconds": round(total, 3), "slowest": dict(slowest)}


def transcriptions_by_document(truth: Path) -> dict[str, list[Path]]:
    """The fact files that name each document, read once (not once per document)."""
    found: dict[str, list[Path]] = {}
    for path in sorted(truth.glob("*/*.facts.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for source_file in {row["source_file"] for row in csv.DictReader(handle)}:
                found.setdefault(source_file, []).append(path)
    return found


def extract(arguments) -> dict:
    """Each document extracted on its own, timed; figures compared with the truth when there is one."""
    from pipelines.extract.accuracy import measure, read_expected
    from pipelines.extract.extractor import extract_document
    from pipelines.extract.readers import PDF_SUFFIXES
    from pipelines.extract.vocabulary import load_vocabulary
    from pipelines.ingest.document_facts import document_files
    from pipelines.ingest.registrations import registered_in

    landing = Path(arguments.landing)
    # as a refresh reads them: the landing's label mappings and registered federations and members
    # (without them a generated landing's member contributions went unread: 92 % instead of 100 %)
    vocabulary = load_vocabulary(landing, registered=registered_in(landing))
    truth = Path(arguments.truth) if arguments.truth else landing
    transcriptions = transcriptions_by_document(truth)
    kinds = {
        "text": {"documents": 0, "seconds": 0.0, "expected": 0, "found": 0},
        "pdf": {"documents": 0, "seconds": 0.0, "expected": 0, "found": 0},
    }
    unreadable = []
    for landing_file in document_files(landing):
        figures = kinds["pdf" if landing_file.path.suffix.lower() in PDF_SUFFIXES else "text"]
        started = time.perf_counter()
        try:
            _, extraction = extract_document(
                landing_file.path, landing_file.federation_id, vocabulary=vocabulary
            )
        except Exception as error:  # a document the extractor refuses still took its time
            unreadable.append(f"{landing_file.name}: {error}")
            extraction = None
        figures["seconds"] += time.perf_counter() - started
        figures["documents"] += 1
        expected = read_expected(transcriptions.get(landing_file.path.name, []), landing_file.path.name)
        if expected:
            accuracy = measure(extraction.facts if extraction else [], expected)
            figures["expected"] += accuracy.expected
            figures["found"] += accuracy.found
    for figures in kinds.values():
        figures["seconds"] = round(figures["seconds"], 3)
    return {**kinds, "unreadable": unreadable}


def extract_landing_alone(arguments) -> dict:
    """Every document extracted as a refresh extracts them (its workers on every core, its fact
    checks), with no cache and nothing else running: what the extraction alone costs."""
    from pipelines.foundation.reference import load_reference
    from pipelines.ingest.document_facts import extract_landing
    from pipelines.ingest.registrations import registered_in

    landing = Path(arguments.landing)
    started = time.perf_counter()
    extraction = extract_landing(landing, load_reference(registered_in(landing)))
    return {
        "documents": len(extraction.summaries),
        "facts": len(extraction.facts.records),
        "seconds": round(time.perf_counter() - started, 3),
    }


def accuracy(arguments) -> dict:
    """Per-layout accuracy on a generated landing, as `finsam synth`'s own measure reports it."""
    from pipelines.synth.landing_accuracy import measure_landing

    measured = measure_landing(Path(arguments.synth))

    def figures(accuracy) -> dict:
        return {"expected": accuracy.expected, "found": accuracy.found, "rate": round(accuracy.rate, 4)}

    return {
        "overall": figures(measured.overall),
        "layouts": {layout: figures(value) for layout, value in sorted(measured.by_layout.items())},
        "refused": len(measured.failed),
    }


def main() -> int:
    from pipelines.cli import use_library_environment

    use_library_environment()  # as `finsam` does for its process
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    commands = parser.add_subparsers(required=True)
    command = commands.add_parser("refresh")
    command.add_argument("--landing", required=True)
    command.add_argument("--warehouse", required=True)
    command.add_argument("--exports", required=True)
    command.add_argument("--year", type=int)
    command.add_argument("--full", action="store_true")
    command.add_argument("--allow-shrink", action="store_true")
    command.set_defaults(handler=refresh)
    command = commands.add_parser("raw-sql")
    command.add_argument("--manifest", required=True)
    command.add_argument("--warehouse", required=True)
    command.set_defaults(handler=raw_sql)
    command = commands.add_parser("extract")
    command.add_argument("--landing", required=True)
    command.add_argument("--truth")
    command.set_defaults(handler=extract)
    command = commands.add_parser("extract-landing")
    command.add_argument("--landing", required=True)
    command.set_defaults(handler=extract_landing_alone)
    command = commands.add_parser("accuracy")
    command.add_argument("--synth", required=True)
    command.set_defaults(handler=accuracy)
    for subparser in commands.choices.values():
        subparser.add_argument("--out", required=True, type=Path)
    arguments = parser.parse_args()
    result = arguments.handler(arguments)
    arguments.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    from pipelines.foundation.prompt_exit import exit_promptly

    exit_promptly(main())  # as `finsam` ends its process (pipelines/cli.py run)
