"""The model docs made on a copy of the build while the mart checks run (pipelines/dbt/docs_ahead.py)."""

import json
import shutil
from pathlib import Path

import pytest

from pipelines.dbt import docs_ahead
from pipelines.dbt.commands import generate_docs, refresh_target
from pipelines.dbt.docs_ahead import begin_docs_on_a_copy, discard_docs_ahead, docs_made_ahead
from pipelines.dbt.project import ensure_manifest
from pipelines.foundation import warehouse_file
from pipelines.foundation.settings import Settings


@pytest.fixture(autouse=True)
def nothing_left_running():
    yield
    left = docs_ahead._AHEAD
    discard_docs_ahead()
    assert left is None


@pytest.fixture()
def build(sample_build) -> Settings:
    """The sample's build file and the manifest its dbt build would have left in its target folder
    (`--no-compile` reads it)."""
    settings = sample_build
    target = refresh_target(str(settings.build_warehouse))
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ensure_manifest(), target / "manifest.json")
    yield settings
    shutil.rmtree(refresh_target(str(settings.build_warehouse)), ignore_errors=True)


def _columns(catalog: Path) -> dict[str, list[tuple[str, str]]]:
    nodes = json.loads(catalog.read_text(encoding="utf-8"))["nodes"]
    return {key: [(c["name"], c["type"]) for c in node["columns"].values()] for key, node in nodes.items()}


@pytest.mark.slow  # two `dbt docs generate`: about 10 s
def test_the_docs_made_on_a_copy_document_what_the_build_holds(build):
    target = refresh_target(str(build.build_warehouse))
    begin_docs_on_a_copy(build.build_warehouse, build.docs_copy)
    assert (build.docs_copy / build.build_warehouse.name).exists()  # the copy has the build's name
    told: list[str] = []

    site = docs_made_ahead(build.build_warehouse, told.append)

    assert told == [] and site == target / "static_index.html" and site.stat().st_size > 1_000_000
    assert not build.docs_copy.exists()  # removed once the docs are made
    from_copy = _columns(target / "catalog.json")
    generate_docs(build.build_warehouse)  # what the docs step ran before, on the build itself
    assert from_copy == _columns(target / "catalog.json")
    assert from_copy["model.finsam.rpt_equity"][:2] == [
        ("federation_id", "VARCHAR"),
        ("fiscal_year", "INTEGER"),
    ]
    assert "model.finsam.rpt_equity" in site.read_text(encoding="utf-8")


@pytest.mark.slow  # one dbt start: about 4 s
def test_docs_that_fail_on_the_copy_say_why_and_are_left_to_the_build(build):
    build.build_warehouse.write_bytes(b"not a database")  # the copy is not a warehouse either
    begin_docs_on_a_copy(build.build_warehouse, build.docs_copy)
    told: list[str] = []

    assert docs_made_ahead(build.build_warehouse, told.append) is None

    assert len(told) == 1 and told[0].startswith("docs: dbt on the copy of the build failed (exit ")
    assert told[0].endswith("; made on the build")
    assert not build.docs_copy.exists()


def test_docs_no_step_takes_are_stopped_and_their_copy_removed(build):
    begin_docs_on_a_copy(build.build_warehouse, build.docs_copy)
    process = docs_ahead._AHEAD.running.process

    discard_docs_ahead()

    assert process.poll() is not None and not build.docs_copy.exists()


def test_docs_started_for_another_build_are_not_taken(build, tmp_path):
    begin_docs_on_a_copy(build.build_warehouse, build.docs_copy)
    process = docs_ahead._AHEAD.running.process

    assert docs_made_ahead(tmp_path / "other" / ".finsam.duckdb.next", pytest.fail) is None

    assert process.poll() is not None and not build.docs_copy.exists()
    assert docs_ahead._AHEAD is None


def test_a_copy_that_cannot_be_made_starts_nothing_and_leaves_nothing(build, monkeypatch):
    def disk_full(*_paths):
        (build.docs_copy / build.build_warehouse.name).write_bytes(b"half a copy")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(warehouse_file.shutil, "copyfile", disk_full)
    begin_docs_on_a_copy(build.build_warehouse, build.docs_copy)

    assert docs_ahead._AHEAD is None and not build.docs_copy.exists()
    assert docs_made_ahead(build.build_warehouse, pytest.fail) is None  # the step makes them on the build
