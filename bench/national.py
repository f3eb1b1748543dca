"""Benchmark: the bundled sample and a national-scale landing, refreshed and compared (`make bench`).

    .venv/bin/python bench/national.py [--federations 80 --years 11 --participants 35000]
                                       [--scales 20,40,80] [--skip-sample] [--json bench/results.json]

Every measured thing runs in its own process (bench/child.py, dbt), so imports
and memory count as they do for an operator; peak memory is the whole process
tree's. In order: the sample refresh and its extraction; `finsam synth` into
bench/.work/ (reused while its arguments match); for the first 20, 40 and 80
federations of it (bench/landings.py) the refreshes an operator meets
(scale_run: cold, warm and `--full`, nothing changed, a year gone, a new year
of documents) and a plain `dbt build` and the models' SQL straight in DuckDB
on the same raw data; extraction speed and accuracy on the generated
documents against their truth. It prints every figure with the issue's
targets and the ratios between the runs, and writes them as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.baselines import plain_dbt_build, raw_duckdb_sql  # noqa: E402
from bench.landings import cut_landing, year_of  # noqa: E402
from bench.measured import BenchError, clean_environment, figures, run_child, run_quietly  # noqa: E402
from bench.memory import run_measured  # noqa: E402
from bench.report import extraction_rows, machine, refresh_rows, table  # noqa: E402
from bench.targets import NationalFigures, per_second, ratios, targets  # noqa: E402
from pipelines.extract.cache import EXTRACTION_CACHE  # noqa: E402

WORK = ROOT / "bench" / ".work"
SYNTH_MISSING = (
    "`finsam synth` is not available in this checkout (pipelines/synth/), so there is no national "
    "landing to refresh. Run with --landing DIR to benchmark an existing landing folder instead."
)


def refresh(name: str, landing: Path, folder: Path, work: Path, fresh: bool = False, *extra: str) -> dict:
    """One `finsam refresh` in its own process into `folder`: a new folder when `fresh` (no warehouse,
    no extraction cache: an operator's first refresh), else on what the last refresh published."""
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    arguments = ["refresh", "--landing", str(landing), "--warehouse", str(warehouse_of(folder))]
    arguments += ["--exports", str(folder / "exports"), *extra]
    measured, result = run_child(name, arguments, work)
    if not result["published"]:  # timed all the same; the figures say so, and the run exits 1
        reasons = result["blocking_failures"] + result["failed_steps"]
        print(f"bench: {name} did not publish ({', '.join(reasons)}); see {work / 'logs'}", file=sys.stderr)
    outside = measured.wall_seconds - sum(result["step_seconds"].values())
    return figures(measured, outside_steps_seconds=round(outside, 2), **result)


def warehouse_of(folder: Path) -> Path:
    return folder / "warehouse" / "finsam.duckdb"


def extraction(name: str, landing: Path, truth: Path | None, work: Path) -> dict:
    """Every document extracted one by one in its own process: speed per kind, accuracy against truth."""
    arguments = ["extract", "--landing", str(landing)] + (["--truth", str(truth)] if truth else [])
    measured, result = run_child(name, arguments, work)
    for kind in ("text", "pdf"):
        result[kind]["documents_per_second"] = per_second(result[kind]["documents"], result[kind]["seconds"])
    return figures(measured, **result)


def extraction_alone(name: str, landing: Path, work: Path) -> dict:
    """The landing's documents extracted in their own process as a refresh extracts them (every
    core, no cache): the "extraction" of refresh / (plain dbt build + extraction). A refresh reads
    documents while its run starts (pipelines/refresh/extraction_ahead.py), so its extraction step
    is no longer what extracting costs."""
    measured, result = run_child(name, ["extract-landing", "--landing", str(landing)], work)
    return figures(measured, **result)


def last_fiscal_year(synth: dict, landing: Path) -> int:
    """The generator's last year; for another landing, the latest year a file name carries."""
    if "counts" in synth:
        return synth["counts"]["arguments"]["last_year"]
    years = [year_of(path.name) for path in landing.glob("*/*")]
    return max(year for year in years if year is not None)


GENERATOR_STAMP = "generator.sha256"


def synth_arguments(arguments) -> dict:
    return {
        "federations": arguments.federations,
        "years": arguments.years,
        "participants_per_year": arguments.participants,
        "seed": arguments.seed,
    }


def generator_fingerprint() -> str:
    """The generator's source: a landing made by older code is made again, never reused."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "pipelines" / "synth").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def synth_matches(synth_json: Path, wanted: dict) -> bool:
    """synth.json records the arguments it was generated with (at its top level or under `arguments`)."""
    stamp = synth_json.with_name(GENERATOR_STAMP)
    if not synth_json.exists() or not stamp.exists() or stamp.read_text() != generator_fingerprint():
        return False
    recorded = json.loads(synth_json.read_text(encoding="utf-8"))
    recorded = {**recorded, **(recorded.get("arguments") or {})}
    return all(recorded.get(key) == value for key, value in wanted.items())


def require_synth() -> None:
    if run_quietly([sys.executable, "-m", "pipelines.cli", "synth", "--help"]).returncode != 0:
        raise BenchError(SYNTH_MISSING)


def synthesize(wanted: dict, work: Path) -> tuple[Path, dict]:
    """The generated national landing in bench/.work/synth, generated again only when arguments differ."""
    folder = work / "synth"
    if synth_matches(folder / "synth.json", wanted):
        return folder, {"reused": True}
    require_synth()
    command = [sys.executable, "-m", "pipelines.cli", "synth"]
    shutil.rmtree(folder, ignore_errors=True)
    options = [f"--{key.replace('_', '-')}" for key in wanted]
    command += [
        part for option, value in zip(options, wanted.values(), strict=True) for part in (option, str(value))
    ]
    measured = run_measured(
        [*command, "--out", str(folder)], work / "logs" / "synth.log", clean_environment(), ROOT
    )
    if measured.returncode != 0:
        raise BenchError(
            f"finsam synth failed (exit {measured.returncode}); see {work / 'logs' / 'synth.log'}"
        )
    (folder / GENERATOR_STAMP).write_text(generator_fingerprint())
    return folder, figures(measured, reused=False)


def documents_per_second_on_every_core(alone: dict) -> float | None:
    return per_second(alone["documents"], alone["wall_seconds"])


def sample(work: Path) -> tuple[dict, list]:
    """The bundled sample; extraction measured on the five real documents when ../shared has them."""
    documents = ROOT.parent / "shared" / "documents"
    documents = documents if documents.is_dir() else ROOT / "landing"
    result = {
        "refresh": refresh("sample_refresh", ROOT / "landing", work / "sample", work, fresh=True),
        "extraction": extraction("sample_extraction", documents, ROOT / "landing", work),
    }
    result["extraction"]["documents_folder"] = str(documents)
    rows = refresh_rows("sample refresh", result["refresh"])
    return result, rows + extraction_rows("sample extraction", result["extraction"])


def national_landing(arguments, work: Path) -> tuple[Path, Path | None, Path | None, dict]:
    """The landing to refresh, its truth, the generator's folder (if generated) and what it holds."""
    if arguments.landing:
        return arguments.landing.resolve(), arguments.truth, None, {"landing": str(arguments.landing)}
    folder, synth = synthesize(synth_arguments(arguments), work)
    synth["counts"] = json.loads((folder / "synth.json").read_text(encoding="utf-8"))
    return folder / "landing", folder / "truth", folder, synth


def scale_run(landing: Path, federations: int, last_year: int, work: Path) -> dict:
    """What an operator meets with `federations` federations, each refresh in its own process.

    In order, on one warehouse folder: a cold first refresh (new folder, no
    extraction cache); the same landing with `--full` (warm: the documents'
    extractions are cached); a refresh with nothing changed; a plain `dbt
    build` and the models' SQL in DuckDB on the same raw rows; the landing
    without its last year (that year's files leave, published with
    `--allow-shrink`, as an operator removing a year on purpose would); the year's files back,
    extraction cache emptied, so the new year's documents are read anew.
    """
    scale = work / f"scale-{federations}"
    cut = cut_landing(landing, scale / "landing", federations)
    folder, name = scale / "run", f"n{federations}"
    result = {
        "federations": federations,
        "cold_full": refresh(f"{name}_cold_full", cut, folder, work, fresh=True),
    }
    if not result["cold_full"]["published"]:  # a refresh that does not publish removes its build file
        raise SystemExit(
            f"bench: the refresh of {federations} federations did not publish, so there is nothing to "
            f"refresh incrementally; its log is in {work / 'logs'}"
        )
    result["warm_full"] = refresh(f"{name}_warm_full", cut, folder, work, False, "--full")
    result["no_change"] = refresh(f"{name}_no_change", cut, folder, work)
    warehouse = warehouse_of(folder)
    result["plain_dbt_build"] = plain_dbt_build(warehouse, scale)
    result["raw_duckdb_sql"] = raw_duckdb_sql(warehouse, scale)
    cut_landing(landing, cut, federations, without_year=last_year)
    # a year's facts leaving is a shrink the publish guard refuses unless told (pipelines/refresh/shrink.py)
    result["year_removed"] = refresh(f"{name}_year_removed", cut, folder, work, False, "--allow-shrink")
    cut_landing(landing, cut, federations)
    shutil.rmtree(warehouse.parent / EXTRACTION_CACHE, ignore_errors=True)
    result["year_added"] = refresh(f"{name}_year_added", cut, folder, work)
    result["last_year"] = last_year
    return result


def national(arguments, work: Path) -> dict:
    landing, truth, folder, synth = national_landing(arguments, work)
    last_year = last_fiscal_year(synth, landing)
    result = {"synth": synth, "scales": {}}
    for federations in sorted(set(arguments.scales)):
        result["scales"][str(federations)] = scale_run(landing, federations, last_year, work)
    result.update(result["scales"][str(max(arguments.scales))])
    result["extraction"] = extraction("national_extraction", landing, truth, work)
    alone = extraction_alone("national_extraction_alone", landing, work)
    result["extraction"]["every_core"] = alone
    result["extraction"]["documents_per_second_on_every_core"] = documents_per_second_on_every_core(alone)
    if folder is not None:  # per layout, by the generator's own measure (it extracts once more, untimed)
        result["extraction"]["accuracy"] = run_child(
            "national_accuracy", ["accuracy", "--synth", str(folder)], work
        )[1]
    return result


def national_figures(result: dict) -> NationalFigures:
    cold = result["cold_full"]
    return NationalFigures(
        full_refresh_seconds=cold["wall_seconds"],
        full_refresh_peak_mb=max(result[run]["peak_rss_mb"] for run in REFRESHES),
        warm_full_refresh_seconds=result["warm_full"]["wall_seconds"],
        year_refresh_seconds=result["year_added"]["wall_seconds"],
        no_change_seconds=result["no_change"]["wall_seconds"],
        extraction_seconds=result["extraction"]["every_core"]["wall_seconds"],
        plain_dbt_build_seconds=result["plain_dbt_build"]["wall_seconds"],
        raw_sql_seconds=result["raw_duckdb_sql"]["sql_seconds"],
        text_documents_per_second=result["extraction"]["text"]["documents_per_second"],
    )


REFRESHES = {  # the refreshes of a scale run, with what the table calls them
    "cold_full": "full refresh, cold (new folder, no extraction cache)",
    "warm_full": "full refresh, warm (--full, extractions cached)",
    "no_change": "refresh with nothing changed",
    "year_removed": "refresh after the last year's files left",
    "year_added": "refresh after one new year of documents",
}


def national_rows(result: dict, compared: dict) -> list[tuple[str, str]]:
    rows = []
    for run, label in REFRESHES.items():
        rows += refresh_rows(f"national {label}", result[run])
    plain, raw = result["plain_dbt_build"], result["raw_duckdb_sql"]
    rows.append(
        ("plain dbt build (same raw data)", f"{plain['wall_seconds']:.1f} s, {plain['peak_rss_mb']:.0f} MB")
    )
    rows.append(("models' SQL straight in DuckDB", f"{raw['sql_seconds']:.1f} s ({raw['models']} models)"))
    rows += extraction_rows("national extraction", result["extraction"])
    alone = result["extraction"]["every_core"]
    rows.append(
        (
            "national extraction alone, every core, no cache",
            f"{alone['wall_seconds']:.1f} s, {alone['documents']} documents "
            f"({result['extraction']['documents_per_second_on_every_core']} per s)",
        )
    )
    rows += [
        (f"ratio {name.replace('_', ' ')}", "-" if v is None else f"{v:.2f}x") for name, v in compared.items()
    ]
    return rows + scaling_rows(result["scales"])


def scaling_rows(scales: dict) -> list[tuple[str, str]]:
    """Each cost at each number of federations, seconds and how much it grew from the smallest."""
    runs = {**{run: run.replace("_", " ") for run in REFRESHES}, "plain_dbt_build": "plain dbt build"}
    counts = sorted(scales, key=int)
    rows = []
    for run, label in runs.items():
        seconds = [scales[count][run]["wall_seconds"] for count in counts]
        cells = [f"{count}: {value:.1f} s" for count, value in zip(counts, seconds, strict=True)]
        growth = (
            f" ({seconds[-1] / seconds[0]:.1f}x for {int(counts[-1]) // int(counts[0])}x)"
            if seconds[0]
            else ""
        )
        rows.append((f"scaling, {label}", ", ".join(cells) + growth))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--federations", type=int, default=80)
    parser.add_argument("--years", type=int, default=11)
    parser.add_argument("--participants", type=int, default=35000, help="participants a year, nationally")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-sample", action="store_true", help="benchmark the national landing only")
    parser.add_argument(
        "--scales",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[20, 40, 80],
        help="numbers of federations to refresh, comma-separated (default 20,40,80)",
    )
    parser.add_argument(
        "--landing", type=Path, help="benchmark this landing folder instead of generating one"
    )
    parser.add_argument("--truth", type=Path, help="with --landing: true figures (<federation>/*.facts.csv)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    arguments = parser.parse_args()
    results, rows = {"machine": machine(), "arguments": synth_arguments(arguments)}, []
    try:
        if not arguments.landing:  # before the sample: a clear message at once, not after a minute
            require_synth()
        if not arguments.skip_sample:
            results["sample"], rows = sample(WORK)
        results["national"] = national(arguments, WORK)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    measured = national_figures(results["national"])
    results["ratios"] = ratios(measured)
    checked = targets(measured)
    results["targets"] = [target.as_json() for target in checked]
    print(table(rows + national_rows(results["national"], results["ratios"]), checked))
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults: {arguments.json}")
    refreshes = [run[name] for run in results["national"]["scales"].values() for name in REFRESHES]
    refreshes += [results["sample"]["refresh"]] if "sample" in results else []
    return 0 if all(refresh["published"] for refresh in refreshes) else 1


if __name__ == "__main__":
    sys.exit(main())
