"""The raw layer reloads only the landing files that changed, and ends as a build from nothing would.

Each test loads the raw assets (not dbt) into a build started as a whole
refresh starts it (pipelines/refresh/build_files.py start_build), then "publishes" the
build (moves it over the warehouse) so the next load starts from it. The
landing is a small generated one (`finsam synth`) plus hand-made files whose
rows, years and rejections are written out below.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import materialize

from bench.output_digest import raw_table_digests
from pipelines.cli import main as finsam
from pipelines.defs.assets.changes import raw_changes
from pipelines.defs.assets.extraction import raw_document_lines, raw_extracted
from pipelines.defs.assets.ingest import (
    raw_documents,
    raw_facts,
    raw_landing_files,
    raw_participants,
    raw_registrations,
    raw_rejected,
)
from pipelines.defs.refresh import run_tags
from pipelines.defs.resources import FinsamPaths
from pipelines.foundation.settings import Settings
from pipelines.refresh.build_files import BuildStart, start_build
from pipelines.refresh.outcome import RefreshOptions

RAW_ASSETS = [
    raw_landing_files,
    raw_facts,
    raw_participants,
    raw_documents,
    raw_registrations,
    raw_extracted,
    raw_document_lines,
    raw_rejected,
    raw_changes,
]
FEDERATION = "ovre_ravsaker"  # one of the two federations `finsam synth --federations 2 --seed 3` writes
EXTRA_FACTS = f"{FEDERATION}/extra.facts.csv"
FACT_HEADER = "record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status\n"
# two facts (2019, 2021) and a row refused: its value is not a number
EXTRA_2019_2021 = (
    FACT_HEADER
    + f"statement,{FEDERATION},2019,outcome,kf_operating_income,,1000,sek,Intäkter,extra.pdf,1,verified\n"
    + f"statement,{FEDERATION},2021,outcome,kf_operating_income,,3000,sek,Intäkter,extra.pdf,2,verified\n"
    + f"statement,{FEDERATION},2021,outcome,kf_operating_income,,tre,sek,Intäkter,extra.pdf,3,verified\n"
)
# the 2021 fact moved to 2020; no refused row
EXTRA_2019_2020 = (
    FACT_HEADER
    + f"statement,{FEDERATION},2019,outcome,kf_operating_income,,1000,sek,Intäkter,extra.pdf,1,verified\n"
    + f"statement,{FEDERATION},2020,outcome,kf_operating_income,,2000,sek,Intäkter,extra.pdf,2,verified\n"
)


def load_raw(settings: Settings, full: bool = False) -> tuple[BuildStart, int]:
    """Start the build, load every raw table into it, publish it; how it started, documents extracted."""
    start = start_build(settings, full=full)
    result = materialize(RAW_ASSETS, resources={"paths": FinsamPaths.from_settings(settings)})
    assert result.success
    extracted = next(
        m.metadata["documents_extracted"].value
        for m in result.asset_materializations_for_node("raw_extracted")
        if "documents_extracted" in m.metadata
    )
    os.replace(settings.build_warehouse, settings.warehouse)
    return start, extracted


def query(settings: Settings, sql: str, parameters=()) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as connection:
        return connection.execute(sql, list(parameters)).fetchall()


def changed_years(settings: Settings) -> list[int]:
    return [row[0] for row in query(settings, "select fiscal_year from raw.changed_years order by 1")]


def changed_files(settings: Settings) -> list[tuple]:
    return query(settings, "select file, change, old_sha256, new_sha256 from raw.changed_files order by file")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(settings: Settings, table: str, file: str) -> int:
    return query(settings, f"select count(*) from raw.{table} where _source_file = ?", [file])[0][0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    arguments = ["synth", "--federations", "2", "--years", "2", "--participants-per-year", "40"]
    assert finsam([*arguments, "--seed", "3", "--out", str(folder)]) == 0
    return folder / "landing"


@pytest.fixture()
def loaded(generated, tmp_path) -> Settings:
    """A copy of the generated landing, loaded once from nothing."""
    landing = tmp_path / "landing"
    shutil.copytree(generated, landing)
    settings = Settings.from_env(landing, tmp_path / "w" / "finsam.duckdb", tmp_path / "w" / "exports")
    settings.warehouse.parent.mkdir()
    start, extracted = load_raw(settings)
    assert not start.from_published and "nothing is published" in start.reason
    assert extracted == 8  # 2 federations × 2 years × (plan, annual report)
    return settings


@pytest.mark.slow
def test_nothing_changed_extracts_nothing_and_keeps_every_row(loaded):
    before = raw_table_digests(loaded.warehouse)
    start, extracted = load_raw(loaded)
    assert start.from_published
    assert extracted == 0
    assert changed_files(loaded) == []
    assert changed_years(loaded) == []
    assert raw_table_digests(loaded.warehouse) == before


@pytest.mark.slow
def test_a_file_added_changed_and_removed(loaded):
    extra = loaded.landing / EXTRA_FACTS
    extra.write_text(EXTRA_2019_2021, encoding="utf-8")
    _, extracted = load_raw(loaded)
    assert extracted == 0
    assert changed_files(loaded) == [(EXTRA_FACTS, "added", None, sha(extra))]
    assert changed_years(loaded) == [2019, 2021]
    assert query(
        loaded, "select fiscal_year, value from raw.facts where _source_file = ? order by 1", [EXTRA_FACTS]
    ) == [(2019, 1000), (2021, 3000)]
    assert query(loaded, "select _source_line from raw.rejected where _source_file = ?", [EXTRA_FACTS]) == [
        (4,)
    ]

    old = sha(extra)
    extra.write_text(EXTRA_2019_2020, encoding="utf-8")
    load_raw(loaded)
    assert changed_files(loaded) == [(EXTRA_FACTS, "changed", old, sha(extra))]
    assert changed_years(loaded) == [2019, 2020, 2021]  # old rows 2019, 2021; new rows 2019, 2020
    assert query(
        loaded, "select fiscal_year, value from raw.facts where _source_file = ? order by 1", [EXTRA_FACTS]
    ) == [(2019, 1000), (2020, 2000)]
    assert query(loaded, "select count(*) from raw.rejected where _source_file = ?", [EXTRA_FACTS]) == [(0,)]

    old = sha(extra)
    extra.unlink()
    load_raw(loaded)
    assert changed_files(loaded) == [(EXTRA_FACTS, "removed", old, None)]
    assert changed_years(loaded) == [2019, 2020]
    assert rows_of(loaded, "facts", EXTRA_FACTS) == 0


@pytest.mark.slow
def test_a_participant_export_counts_every_year_a_participant_was_in(loaded):
    name = f"{FEDERATION}/extra.participants.csv"
    (loaded.landing / name).write_text(
        "participant_ref,intervention,gender,age_band,start_date,end_date,exit_code,support_before,support_after\n"
        "X-1,Stegvis,female,30-39,2019-03-01,2021-02-01,to_employment_service,sjukersattning,sjukersattning\n"
        "X-2,Stegvis,male,30-39,2022-05-01,,,sjukersattning,\n",
        encoding="utf-8",
    )
    load_raw(loaded)
    assert rows_of(loaded, "participants", name) == 2
    assert changed_years(loaded) == [2019, 2020, 2021, 2022]


@pytest.mark.slow
def test_a_removed_document_leaves_every_raw_table(loaded):
    document = f"{FEDERATION}/ovre-ravsaker_verksamhetsplan-2025.txt"
    years = query(
        loaded,
        "select distinct fiscal_year from raw.extracted_facts where _source_file = ? order by 1",
        [document],
    )
    assert years == [
        (2025,),
        (2026,),
        (2027,),
    ]  # its budget table: "Budget 2024 plan 2025–2026  2025 2026 2027"
    assert rows_of(loaded, "document_lines", document) > 0
    old = sha(loaded.landing / document)
    (loaded.landing / document).unlink()
    _, extracted = load_raw(loaded)
    assert extracted == 0
    for table in ("extracted_facts", "extracted_documents", "extraction_review", "document_lines"):
        assert rows_of(loaded, table, document) == 0, table
    assert changed_files(loaded) == [(document, "removed", old, None)]
    assert changed_years(loaded) == [2025, 2026, 2027]


@pytest.mark.slow
def test_a_changed_document_is_extracted_again_alone(loaded):
    document = loaded.landing / FEDERATION / "ovre-ravsaker_verksamhetsplan-2025.txt"
    document.write_text(document.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _, extracted = load_raw(loaded)
    assert extracted == 1
    name = f"{FEDERATION}/{document.name}"
    assert query(
        loaded, "select distinct _source_sha256 from raw.document_lines where _source_file = ?", [name]
    ) == [(sha(document),)]
    assert changed_years(loaded) == [2025, 2026, 2027]


@pytest.mark.slow
def test_documents_csv_is_compared_by_rows(loaded):
    """A row appended to documents.csv changes the years of that document's facts, not every year."""
    manifest = loaded.landing / FEDERATION / "documents.csv"
    with manifest.open("a", encoding="utf-8") as stream:
        stream.write("extra.pdf,other,2020-01-15,Extra\n")
    (loaded.landing / EXTRA_FACTS).write_text(EXTRA_2019_2020, encoding="utf-8")
    load_raw(loaded)
    assert [row[:2] for row in changed_files(loaded)] == [
        (f"{FEDERATION}/documents.csv", "changed"),
        (EXTRA_FACTS, "added"),
    ]
    assert changed_years(loaded) == [
        2019,
        2020,
    ]  # extra.pdf's facts; the other documents' rows are as they were
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("2020-01-15", "2020-01-16"), encoding="utf-8"
    )
    load_raw(loaded)
    assert changed_years(loaded) == [2019, 2020]


@pytest.mark.slow
def test_incremental_loads_end_as_a_build_from_nothing(loaded, tmp_path):
    landing = loaded.landing
    (landing / EXTRA_FACTS).write_text(EXTRA_2019_2021, encoding="utf-8")
    (landing / FEDERATION / "ovre-ravsaker_arsredovisning-2024.txt").unlink()
    plan = landing / FEDERATION / "ovre-ravsaker_verksamhetsplan-2025.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\n", "\n\n", 1), encoding="utf-8")
    shutil.copy(plan, landing / FEDERATION / "copy-of-plan.txt")  # same content twice: loaded once
    load_raw(loaded)
    incremental = raw_table_digests(loaded.warehouse)

    fresh = Settings.from_env(landing, tmp_path / "fresh" / "finsam.duckdb", tmp_path / "fresh" / "exports")
    fresh.warehouse.parent.mkdir()
    start, _ = load_raw(fresh)
    assert not start.from_published
    assert raw_table_digests(fresh.warehouse) == incremental
    assert "table raw.loaded_files" in incremental and "table raw.rejected" in incremental


@pytest.mark.slow
def test_full_and_another_fingerprint_build_from_nothing(loaded):
    every_year = changed_years(loaded)  # the fixture's first load was from nothing: every year in raw
    assert {2024, 2025, 2026, 2027} <= set(every_year)  # the documents' years and the plans' budget years
    start, extracted = load_raw(loaded, full=True)
    assert not start.from_published and "--full" in start.reason
    assert extracted == 8
    assert changed_years(loaded) == every_year

    with duckdb.connect(str(loaded.warehouse)) as connection:
        connection.execute("update raw.load_fingerprint set fingerprint = 'older-loaders'")
    start, extracted = load_raw(loaded)
    assert not start.from_published
    assert "fingerprint older-loaders" in start.reason
    assert extracted == 8


def test_refresh_full_is_a_run_tag():
    assert run_tags(RefreshOptions(full=True))["finsam/full"] == "true"
    assert "finsam/full" not in run_tags(RefreshOptions())
