"""`finsam refresh` reads the documents while its run starts, and the extraction step takes those reads.

A generated landing of 28 documents (enough for the extraction's workers):
the CLI starts the workers before Dagster (pipelines/refresh/extraction_ahead.py),
the executor sees them started and starts no others, and the extraction
step's materialization says how many documents they read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance

from pipelines.synth.command import SynthArguments, synthesize
from tests.conftest import refresh_into


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synthesize(SynthArguments(federations=2, years=7, participants_per_year=40, seed=5), out)
    return out / "landing"


def read_while_the_run_started() -> tuple[int, int]:
    """Documents extracted, and read by the early workers, in the latest run of this session's Dagster."""
    with DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(AssetKey(["raw", "extracted_facts"]))
    metadata = event.asset_materialization.metadata
    return metadata["documents_extracted"].value, metadata["documents_read_while_the_run_started"].value


def test_a_refresh_reads_its_documents_while_the_run_starts(generated, tmp_path):
    first = refresh_into(tmp_path / "run", generated)

    assert first.exit_code in (0, 2), first.stderr[-3000:]  # 2: published with warnings
    assert read_while_the_run_started() == (28, 28)

    again = refresh_into(tmp_path / "run", generated, "--full")  # every read is in the cache now

    assert again.exit_code == first.exit_code, again.stderr[-3000:]
    assert read_while_the_run_started() == (28, 0)


def test_a_run_not_started_by_the_cli_has_its_executor_start_the_workers(generated, tmp_path):
    """A run the UI launches reaches the executor with no workers started: it starts them itself."""
    from dagster import execute_job, reconstructable

    from pipelines.definitions import refresh_job
    from pipelines.defs.refresh import run_config, run_tags
    from pipelines.foundation.settings import Settings
    from pipelines.refresh.outcome import RefreshOptions

    settings = Settings.from_env(generated, tmp_path / "finsam.duckdb", tmp_path / "exports")
    options = RefreshOptions()
    with (
        DagsterInstance.get() as instance,
        execute_job(
            reconstructable(refresh_job),
            instance,
            run_config=run_config(settings, options),
            tags=run_tags(options),
            raise_on_error=False,
        ) as result,
    ):
        assert result.success

    assert read_while_the_run_started() == (28, 28)
    assert settings.warehouse.exists(), "published"
