"""One quality run over a warehouse file: read, validate, record, document.

The warehouse is read with a read-only connection, validated without one, and
opened for writing only to append the outcome to ops.dq_results: DuckDB
allows a single writer, and the refresh's other steps need it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipelines.foundation.reference import NOTHING_REGISTERED, Registered
from pipelines.foundation.warehouse_file import connect_reader, connect_writer
from pipelines.quality.carried_years import carry_years
from pipelines.quality.docs import publish_docs
from pipelines.quality.frames import fetch_frames
from pipelines.quality.gx_validator import validator_for_run
from pipelines.quality.outcomes import SuiteOutcome
from pipelines.quality.page import write_quality_page
from pipelines.quality.record import record_outcomes
from pipelines.quality.scope import rebuilt_years
from pipelines.quality.suites import SuiteSpec, load_suites


@dataclass(frozen=True)
class QualityRun:
    run_id: str
    outcomes: tuple[SuiteOutcome, ...]
    rows_recorded: int
    docs_index: Path
    # per layer, the fiscal years its year-scoped suites read (pipelines/quality/scope.py); None: all
    years_checked: dict[str, frozenset[int] | None] = field(default_factory=dict)


def run_suites(
    suites: Sequence[SuiteSpec],
    warehouse: Path,
    exports: Path,
    run_id: str,
    all_suites: Sequence[SuiteSpec] | None = None,
    registered: Registered = NOTHING_REGISTERED,
) -> QualityRun:
    """Validate `suites` against `warehouse`; results into ops.dq_results and <exports>/quality/.

    A suite scoped to years reads the rows of the years the refresh rebuilt (scope.py); the other
    years' findings are added as they were last checked (carried_years.py).

    `registered`: the landing's registrations (pipelines/ingest/registrations.py).
    """
    checked_at = datetime.now(UTC).replace(tzinfo=None)
    # reloaded so value sets taken from federations/members include this landing's registrations
    current = {suite.name: suite for suite in load_suites(registered=registered)}
    suites = [current.get(suite.name, suite) for suite in suites]
    years: dict[str, frozenset[int] | None] = {}
    frames = {}
    with connect_reader(warehouse) as connection:
        for layer in sorted({suite.layer for suite in suites}):
            years[layer] = rebuilt_years(connection, layer)
            frames.update(fetch_frames(connection, [s for s in suites if s.layer == layer], years[layer]))
    validator = validator_for_run(run_id)
    outcomes = tuple(validator.validate(suite, frames[suite.name]) for suite in suites)
    with connect_writer(warehouse) as connection:
        outcomes = carry_years(connection, outcomes, years)  # the years not rebuilt: as last checked
        recorded = record_outcomes(connection, run_id, outcomes, checked_at)
    publish_docs(validator, outcomes, exports / "quality", run_id, checked_at)
    index = write_quality_page(exports / "quality", all_suites or load_suites(), warehouse)
    return QualityRun(
        run_id=run_id, outcomes=outcomes, rows_recorded=recorded, docs_index=index, years_checked=years
    )
