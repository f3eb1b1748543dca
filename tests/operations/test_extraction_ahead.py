"""The extraction's workers a whole refresh starts with its run (pipelines/refresh/extraction_ahead.py).

They read the documents the build will extract into the extraction cache while
Dagster starts; the extraction step takes their reads from there. The landing
is a generated one of 28 documents (enough for workers); the raw layer a
refresh loads with them must be the one it loads without them.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import pytest
from dagster import materialize

from bench.output_digest import raw_table_digests
from pipelines.defs.resources import FinsamPaths
from pipelines.extract.cache import EXTRACTION_CACHE, ExtractionCache
from pipelines.foundation.reference import load_reference
from pipelines.foundation.settings import Settings
from pipelines.ingest import document_facts
from pipelines.ingest.document_facts import document_files, extract_landing
from pipelines.ingest.registrations import registered_in
from pipelines.refresh.build_files import start_build
from pipelines.refresh.extraction_ahead import extraction_read_ahead, planned_documents, wait_for_read_ahead
from pipelines.synth.command import SynthArguments, synthesize
from tests.ingest.test_raw_incremental import RAW_ASSETS, load_raw


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Two fictional federations over seven years: 28 documents."""
    out = tmp_path_factory.mktemp("synth")
    synthesize(SynthArguments(federations=2, years=7, participants_per_year=40, seed=5), out)
    return out / "landing"


def settings_in(folder: Path, landing: Path) -> Settings:
    return Settings.from_env(landing, folder / "warehouse" / "finsam.duckdb", folder / "exports")


def names(documents) -> list[str]:
    return sorted(landing_file.name for landing_file, _sha256 in documents)


@pytest.mark.slow
def test_the_plan_is_every_document_from_nothing_and_only_changed_ones_on_a_published_build(
    generated, tmp_path
):
    landing = tmp_path / "landing"
    shutil.copytree(generated, landing)
    settings = settings_in(tmp_path, landing)
    every = sorted(landing_file.name for landing_file in document_files(landing))
    assert len(every) == 28

    assert names(planned_documents(settings)) == every  # nothing published yet
    load_raw(settings)
    assert planned_documents(settings) == []
    assert names(planned_documents(settings, full=True)) == every

    changed = next(name for name in every if name.endswith((".txt", ".md")))
    with (landing / changed).open("a", encoding="utf-8") as handle:
        handle.write("\nEn rad till.\n")
    added = Path(changed).with_name("tillagd" + Path(changed).suffix).as_posix()
    (landing / added).write_text((landing / changed).read_text(encoding="utf-8") + "\nOch en.\n", "utf-8")
    (landing / Path(changed).with_name("tillagd_kopia.txt")).write_bytes((landing / added).read_bytes())

    # the copy, sorted after the file it copies, is read once
    assert names(planned_documents(settings)) == sorted([changed, added])


@pytest.mark.slow
def test_the_extraction_step_takes_the_workers_reads_and_loads_what_it_loads_without_them(
    generated, tmp_path, monkeypatch
):
    without = settings_in(tmp_path / "without", generated)
    load_raw(without)
    settings = settings_in(tmp_path / "with", generated)

    with extraction_read_ahead(settings):
        start_build(settings)
        monkeypatch.setattr(
            document_facts,
            "extract_many",
            lambda jobs, *_args, **_kwargs: pytest.fail("the step read a document") if jobs else [],
        )
        result = materialize(RAW_ASSETS, resources={"paths": FinsamPaths.from_settings(settings)})
    assert result.success
    metadata = next(
        m.metadata
        for m in result.asset_materializations_for_node("raw_extracted")
        if "documents_extracted" in m.metadata
    )
    assert metadata["documents_extracted"].value == 28
    assert metadata["documents_read_while_the_run_started"].value == 28
    shutil.move(settings.build_warehouse, settings.warehouse)
    assert raw_table_digests(settings.warehouse) == raw_table_digests(without.warehouse)


def test_a_refresh_that_ends_before_its_extraction_step_leaves_no_worker(generated, tmp_path, monkeypatch):
    monkeypatch.setenv("FINSAM_EXTRACT_WORKERS", "2")
    settings = settings_in(tmp_path, generated)
    settings.warehouse.parent.mkdir(parents=True)

    with extraction_read_ahead(settings):
        assert len(multiprocessing.active_children()) == 2

    assert multiprocessing.active_children() == []
    assert wait_for_read_ahead(settings) == frozenset()
    cache = settings.warehouse.parent / EXTRACTION_CACHE
    assert not list(cache.rglob("*.partial")), "a read is whole or absent"


@pytest.mark.slow
def test_workers_killed_midway_leave_the_step_to_read_what_they_did_not(generated, tmp_path, monkeypatch):
    monkeypatch.setenv("FINSAM_EXTRACT_WORKERS", "2")
    settings = settings_in(tmp_path, generated)
    reference = load_reference(registered_in(generated))

    with extraction_read_ahead(settings):
        for worker in multiprocessing.active_children():
            os.kill(worker.pid, signal.SIGKILL)
        handed = wait_for_read_ahead(settings)
    cache = ExtractionCache(settings.warehouse.parent / EXTRACTION_CACHE, generated)
    extraction = extract_landing(generated, reference, cache, read_ahead=handed)

    assert len(handed) == 28 and multiprocessing.active_children() == []
    assert extraction.read_ahead + cache.misses == 28 and cache.misses > 0
    plain = extract_landing(generated, reference)
    assert [(f.name, f.records, f.rejections) for f in extraction.facts.files] == [
        (f.name, f.records, f.rejections) for f in plain.facts.files
    ]
