"""`dbt build` for a refresh: one subprocess, each node read as it finishes, the whole from run_results.json.

dagster-dbt's own runner asks `dbt --version` and loads a dbt adapter into the
Dagster process before every build, then parses dbt's JSON log line by line.
Profiled on the bundled sample that was 8 to 10 s of a 45 s refresh
(docs/performance.md). The asset keeps dagster-dbt's asset graph and selection
rules; only the invocation is ours.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipelines.dbt.project import dbt_arguments, dbt_executable
from pipelines.dbt.targets import prune_targets, record_warehouse
from pipelines.dbt.waiting import RunningDbt, WaitingDbt, start_waiting_dbt, take_waiting_dbt
from pipelines.foundation.settings import DBT_PROJECT_DIR

PARSE_TARGET = DBT_PROJECT_DIR / "target"
# dbt's unit tests check the models' SQL on fixed rows, not the refresh's data: `make test` runs
# them (tests/dbt/test_dbt_unit_tests.py), a refresh does not (dbt's advice for production builds)
REFRESH_EXCLUDES = ("--exclude-resource-type", "unit_test")
# the model documentation as one file; `--no-compile`: the build's compiled manifest, in the same target
DOCS_ARGUMENTS = ("docs", "generate", "--static", "--no-compile")
STATIC_SITE = "static_index.html"


def refresh_target(build_warehouse: str) -> Path:
    """One folder per warehouse, not per run.

    dbt keeps partial_parse.msgpack there, and it is only valid for the profile
    (the warehouse path) it was made with, so a refresh of the same warehouse
    parses only what changed. The refresh lock keeps one run per warehouse; two
    warehouses refreshed at once never share run_results.json.
    """
    digest = hashlib.sha256(build_warehouse.encode()).hexdigest()[:12]
    return PARSE_TARGET / f"refresh-{digest}"


@dataclass(frozen=True)
class NodeResult:
    unique_id: str
    status: str  # dbt's: success, error, skipped for models; pass, fail, warn, error for tests
    message: str | None
    seconds: float
    failures: int | None
    compiled_code: str | None = None  # the SQL dbt ran (a test's query for its failing rows)


@dataclass(frozen=True)
class BuildRun:
    returncode: int
    results: tuple[NodeResult, ...]
    seconds: float
    output: str

    @property
    def problems(self) -> list[NodeResult]:
        return [result for result in self.results if result.status in ("error", "fail")]

    def failure_summary(self, limit: int = 20) -> str:
        lines = [f"{r.unique_id}: {r.status}: {(r.message or '').strip()}" for r in self.problems[:limit]]
        if not lines:  # dbt stopped before any node ran (a parse or connection error)
            lines = self.output.strip().splitlines()[-limit:]
        return "\n".join(lines)


def build_nodes(
    build_warehouse: Path,
    selection_args: Sequence[str] = (),
    indirect_selection: str | None = None,
    target: Path | None = None,
    full_refresh: bool = False,
    poll_seconds: float = 0.02,
) -> Generator[NodeResult, None, BuildRun]:
    """Run `dbt build` on `build_warehouse` (given to profiles.yml as the var `warehouse`), yielding
    each node's result as dbt finishes it; returns the whole BuildRun.

    The models with a fiscal_year are incremental: on a warehouse that holds them
    they rebuild only the years of intermediate.int_rebuild_years.
    `full_refresh` (`finsam refresh --full`) rebuilds every model whole.

    A national build's 116 nodes each became two or three Dagster events after
    dbt had ended, about 3 s of the refresh process's time; taken as they come,
    that work overlaps the build (its run_results.json, read at the end, stays
    the record). A node's line says what run_results.json says of it.
    """
    target = target or refresh_target(str(build_warehouse))
    prune_targets(PARSE_TARGET, keep=target)
    run_results = target / "run_results.json"
    run_results.unlink(missing_ok=True)
    finished = target / "nodes.jsonl"
    finished.unlink(missing_ok=True)
    arguments = ["build", *selection_args, *REFRESH_EXCLUDES, *(("--full-refresh",) if full_refresh else ())]
    started = time.perf_counter()
    running = _begin_dbt(arguments, build_warehouse, target, indirect_selection, finished)
    lines = _appended_lines(finished)
    try:
        while running.running():
            yield from map(_node_from_line, next(lines))
            time.sleep(poll_seconds)
    finally:  # a caller that stops reading (a cancelled run) leaves no dbt behind writing the build
        running.stop()
    completed = running.wait()
    yield from map(_node_from_line, next(lines))
    seconds = time.perf_counter() - started
    results = read_results(run_results) if run_results.exists() else ()
    return BuildRun(completed.returncode, results, seconds, completed.stdout + completed.stderr)


def _appended_lines(path: Path) -> Iterator[list[str]]:
    """At each `next`, the whole lines appended to `path` since the last (none while it does not exist)."""
    offset, partial = 0, b""
    while True:
        try:
            with path.open("rb") as file:
                file.seek(offset)
                data = file.read()
        except FileNotFoundError:
            data = b""
        offset += len(data)
        *whole, partial = (partial + data).split(b"\n")
        yield [line.decode("utf-8") for line in whole if line]


def _node_from_line(line: str) -> NodeResult:
    node = json.loads(line)
    return NodeResult(
        unique_id=node["unique_id"],
        status=str(node["status"]),
        message=node.get("message"),
        seconds=float(node.get("seconds") or 0.0),
        failures=node.get("failures"),
    )


class DocsNotGenerated(RuntimeError):
    """`dbt docs generate` failed; the message holds the end of its output."""


def generate_docs(build_warehouse: Path, target: Path | None = None) -> Path:
    """`dbt docs generate --static` on the warehouse the last build wrote; returns the one-file site.

    `--no-compile` reuses the build's compiled manifest in the same target
    folder (the SQL shown is what ran). The site embeds manifest and catalog
    and loads nothing from the network (anonymous usage stats are off, so it
    has no tracking call either).
    """
    target = target or refresh_target(str(build_warehouse))
    completed, _seconds = _run_dbt(DOCS_ARGUMENTS, build_warehouse, target)
    site = target / STATIC_SITE
    if completed.returncode != 0 or not site.exists():
        output = (completed.stdout + completed.stderr).strip().splitlines()[-20:]
        raise DocsNotGenerated("dbt docs generate failed:\n" + "\n".join(output))
    return site


def start_dbt_ahead(build_warehouse: Path) -> None:
    """Start the process for the next dbt command on `build_warehouse` now (waiting.py).

    The command itself (`build_nodes`, `generate_docs`) then skips dbt's import.
    """
    target = refresh_target(str(build_warehouse))
    start_waiting_dbt(build_warehouse.parent, dbt_environment(target))


def _begin_dbt(
    arguments: Sequence[str],
    build_warehouse: Path,
    target: Path,
    indirect_selection: str | None,
    finished: Path,
) -> RunningDbt:
    """Start one dbt command on `build_warehouse` that appends each finished node to `finished`.

    The runner started ahead for this folder takes it when there is one; else a new runner does.
    """
    arguments, environment = prepared_command(arguments, build_warehouse, target, indirect_selection)
    runner = take_waiting_dbt(build_warehouse.parent) or WaitingDbt(build_warehouse.parent, environment)
    return runner.begin(arguments, environment, finished)


def _run_dbt(
    arguments: Sequence[str], build_warehouse: Path, target: Path, indirect_selection: str | None = None
):
    """One dbt command on `build_warehouse`; returns its process and seconds.

    A dbt process started ahead for this folder (waiting.py) runs it when there
    is one; else a new `dbt` process does.
    """
    arguments, environment = prepared_command(arguments, build_warehouse, target, indirect_selection)
    started = time.perf_counter()
    waiting = take_waiting_dbt(build_warehouse.parent)
    if waiting is not None:
        completed = waiting.run(arguments, environment)
    else:
        completed = subprocess.run(
            [dbt_executable(), *arguments],
            env=environment,
            cwd=build_warehouse.parent,
            capture_output=True,
            text=True,
            check=False,
        )
    return completed, time.perf_counter() - started


def prepared_command(
    arguments: Sequence[str], build_warehouse: Path, target: Path, indirect_selection: str | None
) -> tuple[list[str], dict[str, str]]:
    """A dbt command's full arguments and environment, its target folder ready (parse state seeded)."""
    target.mkdir(parents=True, exist_ok=True)
    record_warehouse(target, build_warehouse)
    _seed_partial_parse(target)
    # dbt keys its parse state on the profile and the vars, warehouse path included: named
    # relative to the folder dbt runs in, every warehouse file of one name shares the state
    # `dbt parse` left (pipelines/dbt/project.py), so a new warehouse needs no full parse
    return [*arguments, *dbt_arguments(build_warehouse.name)], dbt_environment(target, indirect_selection)


def dbt_environment(target: Path, indirect_selection: str | None = None) -> dict[str, str]:
    """dbt's environment for a refresh: its target and log folder, and no usage stats sent."""
    environment = {
        **os.environ,
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if indirect_selection:
        environment["DBT_INDIRECT_SELECTION"] = indirect_selection
    return environment


def _seed_partial_parse(target: Path) -> None:
    """A warehouse's first refresh starts from the state `dbt parse` left.

    Later ones keep their own: dbt reparses the files that changed by itself,
    and a state made for another warehouse path (another profile) would make
    it reparse everything.
    """
    parsed = PARSE_TARGET / "partial_parse.msgpack"
    kept = target / "partial_parse.msgpack"
    if parsed.exists() and not kept.exists():
        shutil.copy2(parsed, kept)


def read_results(path: Path) -> tuple[NodeResult, ...]:
    """The nodes of a run_results.json: status, seconds, failures and the SQL dbt ran."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        NodeResult(
            unique_id=entry["unique_id"],
            status=str(entry["status"]),
            message=entry.get("message"),
            seconds=float(entry.get("execution_time") or 0.0),
            failures=entry.get("failures"),
            compiled_code=entry.get("compiled_code"),
        )
        for entry in payload.get("results", [])
    )
